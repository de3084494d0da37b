import type { Db } from '@/db/client';
import { setSetting } from '@/lib/settings/settings';

/**
 * The birthday tests' settings: birthday bonuses on the day from 10:00 — 500 ₽ for a client's own,
 * 300 ₽ for each child's — and mailings with quiet hours 21:00–09:00 and the given daily cap.
 */
export async function setBirthdaySettings(
  db: Db,
  params: { tenantId: string; dailyCap: number },
): Promise<void> {
  await setSetting(db, {
    tenantId: params.tenantId,
    key: 'birthdayBonus',
    value: { enabled: true, clientKopecks: 50_000, childKopecks: 30_000, daysBefore: 0, hour: 10 },
  });
  await setSetting(db, {
    tenantId: params.tenantId,
    key: 'mailingLimits',
    value: { quietFrom: '21:00', quietTo: '09:00', dailyCap: params.dailyCap },
  });
}
