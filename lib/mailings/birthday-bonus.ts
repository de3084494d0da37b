import { DateTime } from 'luxon';
import { listBirthdayCreditsDue } from '@/db/queries/campaign-audience';
import { requestCredit } from '@/lib/bonuses/credit-service';
import { addDays, birthdayOccasionParts, birthdaysOn } from '@/lib/domain/campaigns';
import { localDay } from '@/lib/domain/mailing-window';
import { getSetting } from '@/lib/settings/settings';
import type { MailingDeps, TenantMailing } from './context';

/**
 * Automatic birthday bonuses (setting `birthdayBonus`): from the chosen local hour of the day
 * `daysBefore` days before a birthday, each client gets `clientKopecks` for their own birthday, and
 * each child's first parent `childKopecks` for the child's. Keys `birthday:client:<id>:<year>` and
 * `birthday:child:<id>:<year>` (lib/domain/bonus-keys.ts; the year is the birthday's): written once,
 * sent to Lime by the bonus jobs, in the timeline and the journal as every credit is. Only the
 * credits not yet written are read, so a pass after the first costs one indexed query.
 */
export async function creditBirthdayBonuses(deps: MailingDeps, tenant: TenantMailing): Promise<number> {
  const db = deps.database.db;
  const { tenantId } = tenant;
  const rule = await getSetting(db, { tenantId, key: 'birthdayBonus' });
  if (!rule.enabled || (rule.clientKopecks === 0 && rule.childKopecks === 0)) return 0;
  const now = deps.now();
  if (DateTime.fromJSDate(now, { zone: tenant.zone }).hour < rule.hour) return 0;
  const { monthDays, year } = birthdaysOn(addDays(localDay(now, tenant.zone).day, rule.daysBefore));
  const due = await listBirthdayCreditsDue(db, {
    tenantId,
    connectionId: tenant.connection.id,
    monthDays,
    clients: rule.clientKopecks > 0,
    children: rule.childKopecks > 0,
    client: birthdayOccasionParts('client', year),
    child: birthdayOccasionParts('child', year),
  });
  let asked = 0;
  for (const credit of due) {
    const { already } = await requestCredit(deps, {
      tenantId,
      key: credit.key,
      connectionId: tenant.connection.id,
      clientId: credit.clientId,
      relatedClientId: credit.childId,
      amountKopecks: credit.childId === null ? rule.clientKopecks : rule.childKopecks,
      reason: credit.childId === null ? 'birthday' : 'child_birthday',
      requestedBy: null,
    });
    if (!already) asked++;
  }
  return asked;
}
