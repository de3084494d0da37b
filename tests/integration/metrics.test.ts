import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '@/lib/log/logger';
import { serveWorkerMetrics } from '@/lib/metrics/worker-server';
import { defineJob } from '@/lib/queue/lanes';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { acquire } from '@/lib/queue/rate-limiter';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The metrics as a worker serves them (METRICS_PORT): its bearer token, the lanes' depth counted at
 * the scrape (a job queued a moment ago shows with no worker running), and a rate-limit wait.
 * tests/pg/scale-out.test.ts scrapes two workers and a web process after real traffic.
 */

let t: TestDatabase;
let queue: Queue;

const registry = {
  'test.later': defineJob({
    target: 'lime',
    payload: z.object({}),
    async run() {},
  }),
};

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.database, { registry, work: false, log: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await queue?.stop({ timeoutMs: 1000 });
  await t?.drop();
});

const sample = (body: string, series: string) =>
  Number(
    body
      .split('\n')
      .find((line) => line.startsWith(series))
      ?.split(' ')
      .at(-1) ?? Number.NaN,
  );

describe('a worker’s metrics listener', () => {
  it('answers with the token only, and shows queued jobs and rate-limit waits at once', async () => {
    const server = await serveWorkerMetrics({ host: '127.0.0.1', port: 0, token: 'scrape-token', queue });
    try {
      const url = `${server.url}/api/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      const scrape = async () => {
        const res = await fetch(url, { headers: { authorization: 'Bearer scrape-token' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/plain');
        return res.text();
      };
      const depth = 'bridge_queue_depth{queue="lane-lime",state="queued",app="lime-crm-bridge"}';
      const before = sample(await scrape(), depth);
      const tenant = await createTenant(t.database);
      await queue.enqueue({ kind: 'test.later', tenantId: tenant.id, payload: {}, startAfter: 3600 });
      await queue.enqueue({ kind: 'test.later', tenantId: tenant.id, payload: {}, startAfter: 3600 });
      const buckets = [{ key: `metrics-test:${tenant.id}`, rate: 5, burst: 1 }];
      const waits = 'bridge_rate_limit_waits_total{target="lime",app="lime-crm-bridge"}';
      const waitsBefore = sample(await scrape(), waits) || 0;
      await acquire(t.database, { target: 'lime', tenantId: tenant.id, buckets });
      await acquire(t.database, { target: 'lime', tenantId: tenant.id, buckets });

      const body = await scrape();
      expect(sample(body, depth)).toBe(before + 2);
      expect(sample(body, waits)).toBe(waitsBefore + 1);
      expect(sample(body, 'bridge_rate_limit_wait_seconds_total{target="lime"')).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
