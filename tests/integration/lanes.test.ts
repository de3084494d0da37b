import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listJournal } from '@/db/queries/journal';
import { createLogger } from '@/lib/log/logger';
import { defineJob, type JobRegistry } from '@/lib/queue/lanes';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { DEAD_LETTER_QUEUE } from '@/lib/queue/targets';
import { testJobServices } from '../support/job-services';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

interface Run {
  tenantId: string;
  label: string;
  start: number;
  end: number;
}

const runs: Run[] = [];
const started: string[] = [];
const failures: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const registry: JobRegistry = {
  'test.work': defineJob({
    target: 'lime',
    payload: z.object({ label: z.string(), ms: z.number() }),
    async run({ tenantId, payload }) {
      started.push(payload.label);
      const start = performance.now();
      await sleep(payload.ms);
      runs.push({ tenantId, label: payload.label, start, end: performance.now() });
    },
  }),
  'test.fail': defineJob({
    target: 'lime',
    payload: z.object({ label: z.string() }),
    async run({ payload }) {
      failures.push(payload.label);
      throw new Error(`${payload.label} always fails`);
    },
  }),
};

let t: TestDatabase;
let queue: Queue;

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.database, {
    registry,
    work: true,
    services: testJobServices(),
    log: createLogger({ level: 'silent' }),
    concurrency: 4,
    pollingIntervalSeconds: 0.5,
    laneOptions: { retryLimit: 1, retryDelay: 1, retryBackoff: false },
  });
});

afterAll(async () => {
  await queue?.stop({ timeoutMs: 5_000 });
  await t?.drop();
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 45_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the queue');
    await sleep(100);
  }
}

const overlaps = (a: Run, b: Run) => a.start < b.end && b.start < a.end;

describe('lanes', () => {
  it('runs one lane’s jobs one at a time while two lanes run side by side', async () => {
    const a = await createTenant(t.database);
    const b = await createTenant(t.database);
    for (let i = 0; i < 3; i++) {
      await queue.enqueue({ kind: 'test.work', tenantId: a.id, payload: { label: `a${i}`, ms: 400 } });
      await queue.enqueue({ kind: 'test.work', tenantId: b.id, payload: { label: `b${i}`, ms: 400 } });
    }
    await waitFor(() => runs.filter((r) => r.tenantId === a.id || r.tenantId === b.id).length === 6);
    const laneA = runs.filter((r) => r.tenantId === a.id);
    const laneB = runs.filter((r) => r.tenantId === b.id);
    for (const lane of [laneA, laneB]) {
      for (const x of lane) for (const y of lane) if (x !== y) expect(overlaps(x, y)).toBe(false);
    }
    expect(laneA.some((x) => laneB.some((y) => overlaps(x, y)))).toBe(true);
  });

  it('refuses to send a job kind nobody registered', async () => {
    const a = await createTenant(t.database);
    await expect(queue.enqueue({ kind: 'nope', tenantId: a.id, payload: {} })).rejects.toMatchObject({
      code: 'UNKNOWN_JOB_KIND',
    });
  });

  it('refuses a payload that does not match the job’s schema before it is queued', async () => {
    const a = await createTenant(t.database);
    await expect(
      queue.enqueue({ kind: 'test.work', tenantId: a.id, payload: { label: 1 } }),
    ).rejects.toThrow();
  });

  it('retries a failing job, dead-letters it, journals it, and keeps its lane moving', async () => {
    const c = await createTenant(t.database);
    await queue.enqueue({ kind: 'test.fail', tenantId: c.id, payload: { label: 'doomed' } });
    await queue.enqueue({ kind: 'test.work', tenantId: c.id, payload: { label: 'after-failure', ms: 10 } });
    // The healthy job does not wait for the failing one's retries.
    await waitFor(() => runs.some((r) => r.label === 'after-failure'));
    await waitFor(async () => {
      const dead = await queue.boss.findJobs<{ tenantId: string; kind: string }>(DEAD_LETTER_QUEUE, {
        data: { tenantId: c.id },
      });
      return dead.length === 1 && dead[0]?.data.kind === 'test.fail';
    });
    expect(failures.filter((f) => f === 'doomed')).toHaveLength(2);
    await queue.enqueue({ kind: 'test.work', tenantId: c.id, payload: { label: 'after-dead', ms: 10 } });
    await waitFor(() => runs.some((r) => r.label === 'after-dead'));
    const journal = await listJournal(t.database.db, { tenantId: c.id });
    expect(journal.map((e) => e.status).sort()).toEqual(['dead', 'retrying']);
    expect(journal.every((e) => e.error === 'doomed always fails')).toBe(true);
  });

  // Last: it stops the queue. SIGTERM runs this stop (lib/runtime.ts), then closes the database.
  it('on stop, finishes a running job within the deadline, gives back one that overruns, starts nothing new', async () => {
    const d = await createTenant(t.database);
    const e = await createTenant(t.database);
    await queue.enqueue({ kind: 'test.work', tenantId: d.id, payload: { label: 'finishes', ms: 1_200 } });
    await queue.enqueue({ kind: 'test.work', tenantId: d.id, payload: { label: 'waits', ms: 10 } });
    await queue.enqueue({ kind: 'test.work', tenantId: e.id, payload: { label: 'overruns', ms: 4_000 } });
    await waitFor(() => started.includes('finishes') && started.includes('overruns'));
    await queue.stop({ timeoutMs: 2_000 });
    expect(runs.map((r) => r.label)).toContain('finishes');
    expect(started).not.toContain('waits');
    const { rows } = await t.database.query<{ label: string; state: string }>(
      `SELECT data->'payload'->>'label' AS label, state FROM pgboss.job WHERE data->>'tenantId' IN ($1, $2)`,
      [d.id, e.id],
    );
    expect(Object.fromEntries(rows.map((r) => [r.label, r.state]))).toEqual({
      finishes: 'completed',
      waits: 'created',
      overruns: 'retry',
    });
  });
});
