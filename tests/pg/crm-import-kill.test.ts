import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { connectTenantToLimeSimulator } from '@/lib/sandbox/connect-lime-simulator';
import { setSetting } from '@/lib/settings/settings';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { currentImportView, startImport } from '@/lib/sync/crm-import/import-control';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { seedBulkMirror } from '../support/bulk-mirror';
import { killableWorkers, waitUntil } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * An import of 800 clients (1,100 children) and 20 purchases into a simulated Bitrix24, run by a
 * separate worker process that is SIGKILLed in the middle and restarted: the import finishes, and
 * the portal holds one contact per client and one deal per purchase.
 */

const key = randomBytes(32);
const ADULTS = 800;
const PURCHASES = 20;
let t: TestDatabase;
let h: Bitrix24Harness;
let lime: LimeSimulator;
let queue: Queue;
let tenantId: string;
const workers = killableWorkers('tests/pg/fixtures/crm-worker.ts', () => ({
  DATABASE_URL: t.url as string,
  TEST_SECRET_KEY: key.toString('hex'),
}));
const startWorker = workers.start;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, { sim: { seed: 71 }, secretKey: key });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  tenantId = (await h.tenant())?.id as string;
  lime = await startLimeSimulator({ seed: 7, clients: 0, history: false });
  const { connectionId } = await connectTenantToLimeSimulator(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true },
    { tenantId, sim: lime },
  );
  await seedBulkMirror(t.database, {
    tenantId,
    connectionId,
    adults: ADULTS,
    children: 1_100,
    goods: 5,
    purchases: PURCHASES,
  });
  const crm = createBitrix24Crm(
    await createOAuthRest(
      { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, app: TEST_APP },
      { tenantId },
    ),
  );
  const [pipeline] = await crm.listPipelines();
  const stage = pipeline?.stages.find((s) => s.semantics === 'process');
  if (!pipeline || !stage) throw new Error('the portal has no open stage');
  await setSetting(t.database.db, {
    tenantId,
    key: 'crmFlows',
    value: {
      purchase: { pipelineId: pipeline.id, stageId: stage.id },
      depositTopup: null,
      pass: { mode: 'timeline', target: null },
      booking: null,
    },
  });
  queue = await startQueue(t.database, {
    registry: jobRegistry,
    work: false,
    log: createLogger({ level: 'silent' }),
  });
});

afterAll(async () => {
  workers.killAll();
  await queue?.stop({ timeoutMs: 2_000 });
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const waitFor = (condition: () => Promise<boolean>, timeoutMs: number, what: string) =>
  waitUntil(condition, { timeoutMs, what, everyMs: 50, state: progress });

const progress = () => currentImportView(t.database.db, { tenantId });

describe('Initial import with the worker killed mid-way (PostgreSQL)', () => {
  it('finishes after a restart with one contact per client and one deal per purchase', async () => {
    const first = startWorker();
    await first.waitForLine(/^ready$/m);
    await startImport({ db: t.database.db, enqueue: queue.enqueue }, { tenantId, days: 1 });
    await waitFor(async () => ((await progress())?.done.clients ?? 0) >= 200, 120_000, 'the clients phase');
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await progress();
    expect(atKill?.status).toBe('running');
    expect(atKill?.done.clients).toBeLessThan(ADULTS);

    const second = startWorker();
    await second.waitForLine(/^ready$/m);
    await waitFor(async () => (await progress())?.status === 'done', 240_000, 'the import to finish');
    const done = await progress();
    expect(done?.done).toEqual({ goods: 5, clients: ADULTS, transactions: PURCHASES });

    const contacts = h.sim.state.contacts;
    const limeIds = contacts.map((c) => String(c.uf.UF_CRM_LIME_CLIENT_ID ?? ''));
    expect(contacts).toHaveLength(ADULTS);
    expect(new Set(limeIds).size).toBe(ADULTS);
    const deals = h.sim.state.deals;
    const keys = deals.map((d) => String(d.fields.ORIGIN_ID ?? ''));
    expect(deals).toHaveLength(PURCHASES);
    expect(new Set(keys).size).toBe(PURCHASES);
  }, 400_000);
});
