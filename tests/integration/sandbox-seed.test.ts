import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeResource, listResourceViews } from '@/lib/bookings/resource-service';
import { seedSandboxResources } from '@/lib/sandbox/seed-bookings';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/** The sandbox's halls and staff: there at the first start, and a restart neither adds nor revives any. */

let test: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  tenantId = (await createTenant(test.database)).id;
});
afterAll(async () => {
  await test?.drop();
});

describe('sandbox halls and staff', () => {
  it('seeds two halls and two animators once; an admin’s archive (hours and breaks kept) survives a restart', async () => {
    const db = test.database.db;
    await seedSandboxResources(db, tenantId);
    const first = await listResourceViews(db, { tenantId, includeArchived: true });
    expect(first.map((r) => [r.kind, r.name, r.capacity])).toEqual([
      ['hall', 'Большой зал', 30],
      ['hall', 'Малый зал', 12],
      ['staff', 'Аниматор Алиса', null],
      ['staff', 'Аниматор Тимур', null],
    ]);
    expect(first.every((r) => r.active && r.hours.every((d) => d?.from === '10:00'))).toBe(true);

    const small = first.find((r) => r.name === 'Малый зал');
    await changeResource(db, { tenantId, locale: 'ru', id: small?.id as string, patch: { active: false } });
    await seedSandboxResources(db, tenantId);
    const after = await listResourceViews(db, { tenantId, includeArchived: true });
    expect(after).toHaveLength(4);
    // Archived with its hours and break as they were: a patch changes only what it names.
    expect(after.find((r) => r.name === 'Малый зал')).toMatchObject({
      active: false,
      capacity: 12,
      bufferAfterMin: 15,
      hours: small?.hours,
    });
  });
});
