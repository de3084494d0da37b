import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getBonusRun } from '@/db/queries/bonus-runs';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { startBonusRun } from '@/lib/bonuses/mass-run';
import { runActionForClaims } from '@/lib/bonuses/run-api';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { mirrorSimulatedPark } from '../support/lime-fixture';
import { type Spawned, spawnTs, waitUntil } from '../support/processes';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Two workers on one mass bonus run, on PostgreSQL (issue 8): exactly one accrual per person in
 * Lime. First through the real queue — two worker processes, the run started twice at once by two
 * requests —, then two processes working the run's chunks directly at the same time, one of them
 * SIGKILLed while Lime held the answer to a credit it had made: the other skips that credit while
 * its lease holds, then sends it again with its key and Lime answers with the accrual it made.
 */

const key = randomBytes(32);
let t: TestDatabase;
let lime: LimeSimulator;
let queue: Queue;
let tenantId: string;
let connectionId: string;
let seeded = 0;
const workers: Spawned[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTenant(t.database)).id;
  lime = await startLimeSimulator({ seed: 17, clients: 40 });
  connectionId = (
    await mirrorSimulatedPark(t.database, { secrets: createSecretBox(key), tenantId, sim: lime })
  ).connectionId;
  seeded = lime.park.accruals.length;
  queue = await startQueue(t.database, {
    registry: jobRegistry,
    work: false,
    log: createLogger({ level: 'silent' }),
  });
});

afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.child.kill('SIGKILL');
    await w.exited;
  }
});

afterAll(async () => {
  await queue?.stop({ timeoutMs: 2_000 });
  await lime?.close();
  await t?.drop();
});

const env = { TEST_SECRET_KEY: key.toString('hex') };
const spawn = (entry: string, extra: Record<string, string> = {}) => {
  const worker = spawnTs(entry, { DATABASE_URL: t.url as string, ...env, ...extra });
  workers.push(worker);
  return worker;
};
const accrualsOf = (runReason: string, amount: number) =>
  lime.park.accruals.slice(seeded).filter((a) => a.reason === runReason && a.amount === amount);
const insertsWith = (k: string) =>
  lime.requests.filter((r) => /\/BonusAccruals\/Insert$/i.test(r.path) && r.headers['idempotency-key'] === k)
    .length;
const runOf = (id: string) => getBonusRun(t.database.db, { tenantId, id });

describe('two workers on one mass bonus run (PostgreSQL)', () => {
  it('through the queue, started twice at once: each person is credited once', async () => {
    const [a, b] = [spawn('tests/pg/fixtures/crm-worker.ts'), spawn('tests/pg/fixtures/crm-worker.ts')];
    await Promise.all([a.waitForLine(/^ready$/m), b.waitForLine(/^ready$/m)]);
    const claims: EmbedClaims = {
      tenantId,
      crm: 'bitrix24',
      userId: '1',
      admin: true,
      locale: 'ru',
      entity: null,
      hostOrigin: 'https://crm.example.ru',
    };
    const deps = {
      database: t.database,
      secrets: createSecretBox(key),
      allowHttpLoopback: true,
      bitrix24App: null,
      enqueue: queue.enqueue,
    };
    const runId = randomUUID();
    const body = {
      action: 'start',
      runId,
      audience: { source: 'filter', filter: { category: 'adult' } },
      amount: 7_000,
    };
    await Promise.all([runActionForClaims(deps, claims, body), runActionForClaims(deps, claims, body)]);
    await waitUntil(async () => (await runOf(runId))?.status === 'done', {
      timeoutMs: 60_000,
      what: 'the run to finish',
      state: () => runOf(runId),
    });
    const adults = lime.park.adults();
    const made = accrualsOf('mass', 7_000);
    expect(made).toHaveLength(adults.length);
    expect(new Set(made.map((m) => m.clientId))).toEqual(new Set(adults.map((c) => c.id)));
    for (const adult of adults) expect(insertsWith(bonusKeys.mass(runId, adult.id))).toBe(1);
    expect(await runOf(runId)).toMatchObject({ total: adults.length, credited: adults.length, failed: 0 });
  }, 90_000);

  it('worked directly by two processes at once, one killed mid-call: each person is credited once', async () => {
    const runId = randomUUID();
    await startBonusRun(
      { database: t.database, enqueue: async () => null },
      {
        id: runId,
        tenantId,
        connectionId,
        audience: { source: 'filter', filter: {} },
        amountKopecks: 3_000,
        reason: 'mass',
        comment: null,
        requestedBy: '1',
        skipped: [],
      },
      'conflict',
    );
    const people = [...lime.park.clients.values()];
    lime.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'hang_after_commit' });
    const worker = { RUN_ID: runId, TENANT_ID: tenantId, LEASE_SECONDS: '3' };
    const first = spawn('tests/pg/fixtures/bonus-run-worker.ts', worker);
    // The first worker writes the run's credits and sends one; Lime makes it and holds the answer.
    await waitUntil(async () => accrualsOf('mass', 3_000).length === 1, {
      timeoutMs: 30_000,
      what: 'Lime to make the first accrual',
    });
    const [held] = accrualsOf('mass', 3_000);
    const second = spawn('tests/pg/fixtures/bonus-run-worker.ts', worker);
    await second.waitForLine(/^sending$/m);
    first.child.kill('SIGKILL');
    await first.exited;
    const sent = Number((await second.waitForLine(/^sent \d+$/m, 60_000)).split(' ')[1]);

    const made = accrualsOf('mass', 3_000);
    expect(made).toHaveLength(people.length);
    expect(new Set(made.map((m) => m.clientId)).size).toBe(people.length);
    // Every credit went to Lime once, except the held one: sent again once its lease ran out, and replayed.
    expect(sent).toBe(people.length);
    const heldKey = bonusKeys.mass(runId, held?.clientId as number);
    expect(insertsWith(heldKey)).toBe(2);
    for (const person of people.filter((p) => p.id !== held?.clientId))
      expect(insertsWith(bonusKeys.mass(runId, person.id))).toBe(1);
    expect(await runOf(runId)).toMatchObject({
      status: 'done',
      total: people.length,
      credited: people.length,
      failed: 0,
    });
  }, 90_000);
});
