import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { countVisits } from '@/db/queries/lime-mirror';
import { limeAppliedEvents, limeBalances } from '@/db/schema-lime';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { drainJobFor } from '@/lib/sync/lime/drain';
import { POLL_JOB } from '@/lib/sync/lime/poll';
import { connectTenantToSimulator, type LimeFixture } from '../support/lime-fixture';
import { killableWorkers, waitUntil } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * 10,000 Lime events, every webhook delivered twice, applied by a separate worker process that is
 * SIGKILLed in the middle of draining and restarted: every event is still applied exactly once.
 */

const key = randomBytes(32);
let t: TestDatabase;
let f: LimeFixture;
let queue: Queue;
const workers = killableWorkers('tests/pg/fixtures/lime-worker.ts', () => ({
  DATABASE_URL: t.url as string,
  TEST_SECRET_KEY: key.toString('hex'),
}));
const startWorker = workers.start;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await connectTenantToSimulator(t.database, { seed: 23, clients: 60, secrets: createSecretBox(key) });
  queue = await startQueue(t.database, {
    registry: jobRegistry,
    work: false,
    log: createLogger({ level: 'silent' }),
  });
});

afterAll(async () => {
  workers.killAll();
  await queue?.stop({ timeoutMs: 2_000 });
  await f?.close();
  await t?.drop();
});

const ledgerSize = async () =>
  (
    await t.database.db
      .select()
      .from(limeAppliedEvents)
      .where(eq(limeAppliedEvents.connectionId, f.connectionId))
  ).length;

const waitFor = (condition: () => Promise<boolean>, timeoutMs: number, what: string) =>
  waitUntil(condition, { timeoutMs, what });

describe('Lime ingest with the worker killed mid-drain (PostgreSQL)', () => {
  it('applies every event exactly once and the mirror equals the park', async () => {
    // History first, through the poll job of a worker.
    const first = startWorker();
    await first.waitForLine(/^ready$/m);
    await queue.enqueue({ kind: POLL_JOB, tenantId: f.tenantId, payload: { connectionId: f.connectionId } });
    await waitFor(async () => (await ledgerSize()) === f.sim.park.events.length, 120_000, 'history');

    // 10,000 new events land in the inbox twice each (webhooks), then the worker drains them…
    f.sim.controls.randomActivity(10_000);
    const delivery = await f.sim.controls.deliverWebhooks({ duplicate: true, shuffle: true, concurrency: 8 });
    expect(delivery.failed).toBe(0);
    const target = f.sim.park.events.length;
    await queue.enqueue(drainJobFor(f.tenantId));
    // …and is killed once part of them is applied.
    await waitFor(async () => (await ledgerSize()) > target - 7_000, 120_000, 'the drain to start');
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await ledgerSize();
    expect(atKill).toBeLessThan(target);

    const second = startWorker();
    await second.waitForLine(/^ready$/m);
    await queue.enqueue(drainJobFor(f.tenantId, Date.now() + 1_000));
    await waitFor(async () => (await ledgerSize()) === target, 180_000, 'the restarted drain');
    await waitFor(
      async () => (await listUnprocessedInbox(t.database.db, { tenantId: f.tenantId })).length === 0,
      60_000,
      'an empty inbox',
    );
    // Balances are re-read after the events: wait until the pending list is empty.
    await waitFor(
      async () => {
        const { rows } = await t.database.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM lime_pending_balances WHERE tenant_id = $1',
          [f.tenantId],
        );
        return rows[0]?.n === 0;
      },
      120_000,
      'balances',
    );

    const visits = await countVisits(t.database.db, { tenantId: f.tenantId, connectionId: f.connectionId });
    const passes = new Map<number, number>();
    for (const tx of f.sim.park.transactions) {
      if (tx.type === 'pass' && tx.clientId !== null)
        passes.set(tx.clientId, (passes.get(tx.clientId) ?? 0) + 1);
    }
    expect(
      [...f.sim.park.clients.keys()].filter((id) => (visits.get(id) ?? 0) !== (passes.get(id) ?? 0)),
    ).toEqual([]);
    const balances = await t.database.db
      .select()
      .from(limeBalances)
      .where(eq(limeBalances.connectionId, f.connectionId));
    expect(
      balances.filter((b) => {
        const park = f.sim.park.balances(b.clientId);
        return b.depositKopecks !== park.deposit || b.bonusKopecks !== park.bonus;
      }),
    ).toEqual([]);
    expect(await ledgerSize()).toBe(f.sim.park.events.length);
  }, 600_000);
});
