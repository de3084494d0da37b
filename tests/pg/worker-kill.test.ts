import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '@/lib/log/logger';
import { defineJob } from '@/lib/queue/lanes';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { laneQueueName } from '@/lib/queue/targets';
import { type Spawned, spawnTs } from '../support/processes';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';
import { KILL_TEST_LANE_OPTIONS } from './fixtures/kill-test-options';

// The test process only sends jobs; the workers are separate processes that get SIGKILLed.
const registry = {
  'test.effect': defineJob({
    target: 'lime',
    payload: z.object({ key: z.string(), pauseBeforeMs: z.number(), pauseAfterMs: z.number() }),
    async run() {
      throw new Error('the test process never works');
    },
  }),
};

let t: TestDatabase;
let queue: Queue;
const workers: Spawned[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.database, {
    registry,
    work: false,
    log: createLogger({ level: 'silent' }),
    laneOptions: KILL_TEST_LANE_OPTIONS,
  });
});

// Each test owns its workers: none may pick up the next test's job.
afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.child.kill('SIGTERM');
    await w.exited;
  }
});

afterAll(async () => {
  await queue?.stop({ timeoutMs: 2_000 });
  await t?.drop();
});

function startWorker(): Spawned {
  const worker = spawnTs('tests/pg/fixtures/effect-worker.ts', { DATABASE_URL: t.url as string });
  workers.push(worker);
  return worker;
}

async function effectCount(tenantId: string, key: string): Promise<number> {
  const { rows } = await t.database.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM effects WHERE tenant_id = $1 AND key = $2',
    [tenantId, key],
  );
  return rows[0]?.n ?? 0;
}

async function waitForState(jobId: string, state: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [job] = await queue.boss.findJobs(laneQueueName('lime'), { id: jobId });
    if (job?.state === state) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} is ${job?.state}, not ${state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a worker killed with SIGKILL mid-job', () => {
  it('after the effect: the restarted worker retries the job and the effect still happens once', async () => {
    const tenant = await createTenant(t.database);
    const key = `kill-after:${randomUUID()}`;
    const first = startWorker();
    await first.waitForLine(/^ready$/m);
    const jobId = await queue.enqueue({
      kind: 'test.effect',
      tenantId: tenant.id,
      payload: { key, pauseBeforeMs: 0, pauseAfterMs: 120_000 },
    });
    await first.waitForLine(/^effect 1$/m);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await effectCount(tenant.id, key)).toBe(1);

    const second = startWorker();
    await second.waitForLine(/^done 2$/m, 90_000);
    const job = await waitForState(jobId as string, 'completed');
    expect(job.retryCount).toBeGreaterThanOrEqual(1);
    expect(second.output()).toMatch(/^effect-already 2$/m);
    expect(await effectCount(tenant.id, key)).toBe(1);
  });

  it('before the effect: nothing is lost, the retry makes the effect happen once', async () => {
    const tenant = await createTenant(t.database);
    const key = `kill-before:${randomUUID()}`;
    const first = startWorker();
    await first.waitForLine(/^ready$/m);
    const jobId = await queue.enqueue({
      kind: 'test.effect',
      tenantId: tenant.id,
      payload: { key, pauseBeforeMs: 120_000, pauseAfterMs: 0 },
    });
    await first.waitForLine(/^started 1$/m);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await effectCount(tenant.id, key)).toBe(0);

    const second = startWorker();
    await second.waitForLine(/^done 2$/m, 90_000);
    await waitForState(jobId as string, 'completed');
    expect(second.output()).toMatch(/^effect 2$/m);
    expect(await effectCount(tenant.id, key)).toBe(1);
  });
});
