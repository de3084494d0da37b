import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, spawnProcess, nextStart as startNext } from '../support/processes';

/**
 * The server as a process on embedded PGlite: it refuses to start when it must (naming the reason)
 * and shuts down cleanly, leaving a DATA_DIR the next start opens.
 */

const freshDataDir = () => mkdtempSync(path.join(tmpdir(), 'lime-crm-proc-'));

const nextStart = (port: number, env: Record<string, string | undefined>) =>
  startNext(port, { DATABASE_URL: undefined, ...env });

async function health(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { status: res.status, body: (await res.json()) as { db: string; status: string } };
}

test('a second process on the same DATA_DIR refuses to start, naming the holder', async () => {
  const dataDir = process.env.E2E_DATA_DIR as string;
  expect(dataDir).toBeTruthy();
  const second = nextStart(await freePort(), { DATA_DIR: dataDir });
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain('cannot start (web): DATA_DIR is in use: process');
  // The running server is untouched.
  expect((await health(Number(process.env.E2E_PORT ?? 3210))).body.db).toBe('pglite');
});

test('WORKER=off without DATABASE_URL refuses to start, naming the variable', async () => {
  const proc = nextStart(await freePort(), { DATA_DIR: freshDataDir(), WORKER: 'off' });
  expect(await proc.exited).toBe(1);
  expect(proc.output()).toContain('WORKER: "off" needs DATABASE_URL');
});

test('npm run worker refuses to start on embedded PGlite', async () => {
  const proc = spawnProcess(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    DATA_DIR: freshDataDir(),
    DATABASE_URL: undefined,
  });
  expect(await proc.exited).toBe(1);
  expect(proc.output()).toContain('npm run worker needs DATABASE_URL');
});

test('a wrong variable stops start-up with a message naming it', async () => {
  const proc = nextStart(await freePort(), { DATA_DIR: freshDataDir(), LOG_LEVEL: 'chatty' });
  expect(await proc.exited).toBe(1);
  expect(proc.output()).toContain('LOG_LEVEL:');
});

test('SIGTERM closes PGlite cleanly: the lock is released and the next start opens the same data', async () => {
  test.setTimeout(90_000);
  const dataDir = freshDataDir();
  const port = await freePort();
  const first = nextStart(port, { DATA_DIR: dataDir });
  await first.waitForLine(/runtime started/);
  expect((await health(port)).body.db).toBe('pglite');
  expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(true);
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(143);
  expect(first.output()).toContain('runtime stopped');
  expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(false);

  const again = nextStart(port, { DATA_DIR: dataDir });
  try {
    await again.waitForLine(/runtime started/);
    const { status, body } = await health(port);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});
