import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { countVisits } from '@/db/queries/lime-mirror';
import { limeAppliedEvents, limeBalances, limeClients, limeRelations } from '@/db/schema-lime';
import { drainLimeInbox } from '@/lib/sync/lime/drain';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import { connectTenantToSimulator, type LimeFixture } from '../support/lime-fixture';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * 6,000 events on both databases: more than one poll run of 5,000 (asserted), twelve drain batches
 * of 500, every event delivered twice and read a third time from the feed. The 10,000-event scale
 * is tests/pg/lime-ingest-kill.test.ts's, with a worker killed mid-way.
 */
const EVENTS = 6_000;

let t: TestDatabase;
let f: LimeFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await connectTenantToSimulator(t.database, { seed: 11, clients: 60 });
});
afterAll(async () => {
  await f?.close();
  await t?.drop();
});

const scope = () => ({ tenantId: f.tenantId, connectionId: f.connectionId });

/** Polls until the feed is exhausted, as the job does by sending itself again. */
async function pollToTheEnd() {
  const total = { read: 0, applied: 0, duplicates: 0, runs: 0 };
  for (let more = true; more; ) {
    const result = await pollLimeFeed(f.deps, scope());
    total.read += result.read;
    total.applied += result.drained?.applied ?? 0;
    total.duplicates += result.drained?.duplicates ?? 0;
    total.runs++;
    more = result.more;
  }
  return total;
}

/** What the mirror says, compared with what the simulator's park says. */
async function compareWithPark() {
  const db = t.database.db;
  const ledger = await db
    .select()
    .from(limeAppliedEvents)
    .where(eq(limeAppliedEvents.connectionId, f.connectionId));
  const clients = await db.select().from(limeClients).where(eq(limeClients.connectionId, f.connectionId));
  const balances = await db.select().from(limeBalances).where(eq(limeBalances.connectionId, f.connectionId));
  const passes = new Map<number, number>();
  for (const tx of f.sim.park.transactions) {
    if (tx.type === 'pass' && tx.clientId !== null)
      passes.set(tx.clientId, (passes.get(tx.clientId) ?? 0) + 1);
  }
  const visits = await countVisits(db, { tenantId: f.tenantId, connectionId: f.connectionId });
  const visitMismatches = [...f.sim.park.clients.keys()].filter(
    (id) => (visits.get(id) ?? 0) !== (passes.get(id) ?? 0),
  );
  const lastVisits = new Map(clients.map((c) => [c.id, c.lastVisitAt?.getTime() ?? null]));
  const lastVisitMismatches = [...f.sim.park.clients.values()].filter(
    (c) => (c.lastVisitAt?.getTime() ?? null) !== (lastVisits.get(c.id) ?? null),
  );
  const balanceMismatches = balances.filter((b) => {
    const park = f.sim.park.balances(b.clientId);
    return b.depositKopecks !== park.deposit || b.bonusKopecks !== park.bonus;
  });
  const clientsWithMoney = [...f.sim.park.clients.keys()].filter((id) =>
    f.sim.park.transactions.some((tx) => tx.clientId === id),
  );
  const kindOf = (categoryId: number) =>
    f.sim.park.clientCategories.find((c) => c.id === categoryId)?.kind ?? null;
  const categoryMismatches = clients.filter(
    (c) => c.category !== kindOf(f.sim.park.clients.get(c.id)?.categoryId ?? -1),
  );
  const relations = await db
    .select()
    .from(limeRelations)
    .where(and(eq(limeRelations.connectionId, f.connectionId), eq(limeRelations.deleted, false)));
  const unnamedRelations = relations.filter((r) => !r.relationTypeName || r.relationTypeId === null);
  return {
    ledger,
    clients,
    balances,
    relations,
    visitMismatches,
    lastVisitMismatches,
    balanceMismatches,
    categoryMismatches,
    unnamedRelations,
    clientsWithMoney,
  };
}

describe('Lime ingest into the mirror', () => {
  it('catches up on history through the change feed', async () => {
    const result = await pollToTheEnd();
    expect(result.read).toBe(f.sim.park.events.length);
    expect(result.applied).toBe(f.sim.park.events.length);
    const state = await compareWithPark();
    expect(state.ledger).toHaveLength(f.sim.park.events.length);
    expect(state.clients.length).toBe(f.sim.park.clients.size);
    expect(state.visitMismatches).toEqual([]);
    expect(state.lastVisitMismatches.map((c) => c.id)).toEqual([]);
    expect(state.balanceMismatches).toEqual([]);
    // Adults and children keep their category, children their relation type.
    expect(state.categoryMismatches).toEqual([]);
    expect(state.relations.length).toBe(f.sim.park.relations.size);
    expect(state.unnamedRelations).toEqual([]);
  });

  it(`applies ${EVENTS} events exactly once with every webhook delivered twice, in any order, and the feed read again`, async () => {
    const before = f.sim.park.events.length;
    f.sim.controls.randomActivity(EVENTS);
    const fresh = f.sim.park.events.length - before;
    expect(fresh).toBeGreaterThanOrEqual(EVENTS);

    const delivery = await f.sim.controls.deliverWebhooks({ duplicate: true, shuffle: true, concurrency: 8 });
    expect(delivery.failed).toBe(0);
    expect(delivery.delivered).toBeGreaterThanOrEqual(2 * fresh);

    const drained = await drainLimeInbox(f.deps, { tenantId: f.tenantId });
    expect(drained.applied).toBe(fresh);
    expect(drained.malformed).toBe(0);

    // The feed brings every new event a third time: the ledger absorbs them all.
    const polled = await pollToTheEnd();
    expect(polled.runs).toBeGreaterThan(1);
    expect(polled.read).toBe(fresh);
    expect(polled.applied).toBe(0);
    expect(polled.duplicates).toBe(fresh);
    expect(await listUnprocessedInbox(t.database.db, { tenantId: f.tenantId })).toEqual([]);

    const state = await compareWithPark();
    expect(state.ledger).toHaveLength(f.sim.park.events.length);
    expect(new Set(state.ledger.map((e) => e.eventId)).size).toBe(f.sim.park.events.length);
    expect(state.visitMismatches).toEqual([]);
    expect(state.lastVisitMismatches.map((c) => c.id)).toEqual([]);
    expect(state.balanceMismatches).toEqual([]);
    // Every client with a transaction has balances in the mirror, and they are the park's.
    const withBalances = new Set(state.balances.map((b) => b.clientId));
    expect(state.clientsWithMoney.filter((id) => !withBalances.has(id))).toEqual([]);
  }, 300_000);
});
