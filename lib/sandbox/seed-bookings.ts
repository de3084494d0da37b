import type { Db } from '@/db/client';
import { addResource, listResourceViews, type ResourceInput } from '@/lib/bookings/resource-service';
import type { WeekHours } from '@/lib/domain/bookings';

/**
 * The sandbox's halls and staff, so that a newcomer can book from a deal card at once: two halls
 * (a break after each party for cleaning) and two animators, open every day 10:00–22:00. Written
 * only to a tenant that has none (archived ones count), so a restart adds nothing and an admin's
 * own changes stay.
 */

const EVERY_DAY: WeekHours = Array.from({ length: 7 }, () => ({ from: '10:00', to: '22:00' }));

export const SANDBOX_RESOURCES: ResourceInput[] = [
  { kind: 'hall', name: 'Большой зал', capacity: 30, hours: EVERY_DAY, bufferAfterMin: 30 },
  { kind: 'hall', name: 'Малый зал', capacity: 12, hours: EVERY_DAY, bufferAfterMin: 15 },
  { kind: 'staff', name: 'Аниматор Алиса', hours: EVERY_DAY },
  { kind: 'staff', name: 'Аниматор Тимур', hours: EVERY_DAY },
];

export async function seedSandboxResources(db: Db, tenantId: string): Promise<void> {
  const existing = await listResourceViews(db, { tenantId, includeArchived: true });
  if (existing.length > 0) return;
  for (const input of SANDBOX_RESOURCES) await addResource(db, { tenantId, locale: 'ru', input });
}
