import { mkdtempSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, nextStart, type Spawned, spawnTs } from '../support/processes';
import { createTestDatabase, migrationCount, type TestDatabase } from '../support/test-database';

/**
 * The production build on PostgreSQL, scaled out: two web processes with WORKER=off and one
 * `npm run worker`, all starting at once on one fresh database (migrations take turns under the
 * advisory lock). Needs `next build` first (npm run test:pg does it).
 */

let t: TestDatabase;
const processes: Spawned[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ max: 2 });
});

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await t?.drop();
});

describe('on PostgreSQL with separate workers', () => {
  it('serves health from every web process, runs the worker, and stops gracefully', async () => {
    const env = {
      DATABASE_URL: t.url as string,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'lime-crm-pg-')),
      WORKER: 'off',
    };
    const ports = [await freePort(), await freePort()];
    const webs = ports.map((port) => nextStart(port, env));
    const worker = spawnTs('scripts/worker.ts', { ...env, WORKER: undefined, LOG_LEVEL: 'info' });
    processes.push(...webs, worker);
    await Promise.all([...webs, worker].map((p) => p.waitForLine(/runtime started/)));
    // The worker yields the cores to the web processes (lib/startup.ts), which keep this priority.
    await worker.waitForLine(/lower CPU priority/);
    expect(getPriority(worker.child.pid)).toBe(Math.max(getPriority(), 10));
    for (const web of webs) expect(getPriority(web.child.pid)).toBe(getPriority());

    for (const port of ports) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { db: string; dbReachable: boolean; queue: { worker: string } };
      expect(body.db).toBe('postgres');
      expect(body.dbReachable).toBe(true);
      expect(body.queue.worker).toBe('separate');
      // The inbound endpoints are answered by the ingress, ahead of Next's routing
      // (lib/http/ingress.ts): its counter, read from the same process, shows this refusal. (A JSON
      // body to the events endpoint: the sandbox these processes run never sends one.)
      const refused = await fetch(`http://127.0.0.1:${port}/api/bitrix24/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(refused.status).toBe(415);
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
      const metrics = await (await fetch(`http://127.0.0.1:${port}/api/metrics`)).text();
      expect(metrics).toMatch(
        /bridge_inbound_requests_total\{route="bitrix24-events",status="415"[^}]*\} 1\n/,
      );
    }

    const { rows: migrations } = await t.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
    );
    expect(migrations[0]?.n).toBe(migrationCount());
    // Only a working process schedules maintenance: the worker did, the web processes did not run jobs.
    const { rows: schedules } = await t.database.query<{ name: string }>('SELECT name FROM pgboss.schedule');
    expect(schedules.map((s) => s.name)).toContain('maintenance');

    for (const p of [...webs, worker]) p.child.kill('SIGTERM');
    expect(await Promise.all([...webs, worker].map((p) => p.exited))).toEqual([143, 143, 143]);
    expect(worker.output()).toContain('runtime stopped');
  });
});
