import { and, asc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AudienceQuery, audienceConditions, countAudience } from '@/db/queries/bonus-audience';
import { limeClients, limeConnections } from '@/db/schema-lime';
import { audienceQuery } from '@/lib/bonuses/audience';
import type { AudienceFilter } from '@/lib/domain/bonus-audience';
import { childYearBit } from '@/lib/domain/child-years';
import type { SimClient } from '@/lib/simulators/lime/types';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import { connectTenantToSimulator, type LimeFixture } from '../support/lime-fixture';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The children's-age filter reads the parent's children's birth dates and years (kept on its row by
 * the mirror from the relation rows): what staff change in Lime reaches it through the feed — a child
 * added, a birth date corrected, a child unlinked — as the park itself says; the count agrees.
 */

describe('children’s ages in the audience filter follow Lime', () => {
  let t: TestDatabase;
  let f: LimeFixture;
  let zone: string;
  let parent: SimClient;
  let childId: number;
  const park = () => f.sim.park;
  const yearsAgo = (years: number, days = 0) =>
    DateTime.now().setZone(zone).startOf('day').minus({ years }).plus({ days }).toISODate() as string;

  async function follow() {
    for (let more = true; more; ) {
      more = (await pollLimeFeed(f.deps, { tenantId: f.tenantId, connectionId: f.connectionId })).more;
    }
  }
  async function picked(filter: AudienceFilter): Promise<number[]> {
    const q = audienceQuery({
      tenantId: f.tenantId,
      connectionId: f.connectionId,
      zone,
      at: new Date(),
      filter,
    });
    const ids = await rowsOf(q);
    expect(await countAudience(t.database.db, q)).toBe(ids.length);
    return ids;
  }
  async function rowsOf(q: AudienceQuery): Promise<number[]> {
    const rows = await t.database.db
      .select({ id: limeClients.id })
      .from(limeClients)
      .where(audienceConditions(q))
      .orderBy(asc(limeClients.id));
    return rows.map((r) => r.id);
  }
  /** By a range of birth dates; the count (read another way: countAudience) agrees with the rows. */
  async function pickedBy(childBorn: { after: string; onOrBefore: string }): Promise<number[]> {
    const q = { tenantId: f.tenantId, connectionId: f.connectionId, category: 'adult' as const, childBorn };
    const ids = await rowsOf(q);
    expect(await countAudience(t.database.db, q)).toBe(ids.length);
    return ids;
  }
  async function yearsOf(id: number): Promise<bigint | null | undefined> {
    const [row] = await t.database.db
      .select({ years: limeClients.childrenYears })
      .from(limeClients)
      .where(and(eq(limeClients.connectionId, f.connectionId), eq(limeClients.id, id)));
    return row?.years;
  }
  const bits = (...years: number[]) =>
    years.reduce((mask, year) => mask | (1n << BigInt(childYearBit(year))), 0n);
  /** The park's own answer: adults with a live child aged from..to today. */
  function parentsAged(from: number, to: number): number[] {
    return park()
      .adults()
      .filter((c) =>
        park()
          .relationsOf(c.id)
          .some((r) => {
            const born = park().clients.get(r.childId)?.birthDate;
            return born !== undefined && born !== null && born > yearsAgo(to + 1) && born <= yearsAgo(from);
          }),
      )
      .map((c) => c.id)
      .sort((a, b) => a - b);
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    f = await connectTenantToSimulator(t.database, { seed: 23, clients: 12 });
    const [connection] = await t.database.db
      .select({ zone: limeConnections.timeZone })
      .from(limeConnections)
      .where(and(eq(limeConnections.tenantId, f.tenantId), eq(limeConnections.id, f.connectionId)));
    zone = connection?.zone as string;
    parent = park()
      .adults()
      .find((c) => park().relationsOf(c.id).length === 0) as SimClient;
    // Turns 4 today: the first day of 3..6, the last of 4..4.
    childId = f.sim.controls.addsChild(parent.id, {
      firstName: 'Ева',
      lastName: parent.lastName,
      birthDate: yearsAgo(4),
    });
    await follow();
  });
  afterAll(async () => {
    await f?.close();
    await t?.drop();
  });

  it('picks a parent by the child’s age, and follows the child’s corrected birth date', async () => {
    expect(await picked({ category: 'adult', childAgeFrom: 3, childAgeTo: 6 })).toEqual(parentsAged(3, 6));
    expect(await picked({ category: 'adult', childAgeFrom: 3, childAgeTo: 6 })).toContain(parent.id);
    expect(await picked({ childAgeFrom: 4, childAgeTo: 4 })).toContain(parent.id);

    // Staff correct the birth date: the child turns 4 tomorrow, so is 3 today.
    f.sim.controls.editsClient(childId, { birthDate: yearsAgo(4, 1) });
    await follow();
    expect(await picked({ childAgeFrom: 4, childAgeTo: 4 })).not.toContain(parent.id);
    expect(await picked({ childAgeFrom: 3, childAgeTo: 3 })).toContain(parent.id);
    expect(await picked({ category: 'adult', childAgeFrom: 3, childAgeTo: 6 })).toEqual(parentsAged(3, 6));
  });

  it('keeps the parent’s birth-year bits: a birth date moved across a year end moves the parent between ranges', async () => {
    const endOf2020 = { after: '2019-12-31', onOrBefore: '2020-12-31' }; // 2020 whole: decided by the bits
    const startOf2021 = { after: '2020-12-31', onOrBefore: '2021-06-30' }; // 2021 in part: by the dates
    const acrossNewYear = { after: '2020-12-30', onOrBefore: '2021-01-01' }; // two years in part
    const brother = f.sim.controls.addsChild(parent.id, {
      firstName: 'Лев',
      lastName: parent.lastName,
      birthDate: '2016-05-05',
    });
    f.sim.controls.editsClient(childId, { birthDate: '2020-12-31' });
    await follow();
    expect(await yearsOf(parent.id)).toBe(bits(2016, 2020));
    expect(await pickedBy(endOf2020)).toContain(parent.id);
    expect(await pickedBy(startOf2021)).not.toContain(parent.id);
    expect(await pickedBy(acrossNewYear)).toContain(parent.id);

    f.sim.controls.editsClient(childId, { birthDate: '2021-01-01' });
    await follow();
    expect(await yearsOf(parent.id)).toBe(bits(2016, 2021));
    expect(await pickedBy(endOf2020)).not.toContain(parent.id);
    expect(await pickedBy(startOf2021)).toContain(parent.id);
    expect(await pickedBy(acrossNewYear)).toContain(parent.id);

    f.sim.controls.removesRelation(
      park()
        .relationsOf(parent.id)
        .find((r) => r.childId === brother)?.id as number,
    );
    await follow();
    expect(await yearsOf(parent.id)).toBe(bits(2021));
  });

  it('drops a parent whose child is unlinked in Lime', async () => {
    const relation = park()
      .relationsOf(parent.id)
      .find((r) => r.childId === childId);
    f.sim.controls.removesRelation(relation?.id as number);
    await follow();
    expect(await picked({ childAgeFrom: 3, childAgeTo: 3 })).not.toContain(parent.id);
    expect(await picked({ category: 'adult', childAgeFrom: 0, childAgeTo: 30 })).toEqual(parentsAged(0, 30));
    expect(await yearsOf(parent.id)).toBeNull();
    expect(await pickedBy({ after: '2020-12-31', onOrBefore: '2021-06-30' })).not.toContain(parent.id);
  });
});
