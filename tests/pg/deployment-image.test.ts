import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, WORKER_BUNDLE } from '@/scripts/build-worker';
import {
  copiesOf,
  envOf,
  execForm,
  parseDockerfile,
  ROOT,
  readRepoFile,
  runsOf,
  type Stage,
  workdirOf,
} from '../support/deployment-files';
import { freePort, type Spawned, spawnProcess } from '../support/processes';
import { createTestDatabase, migrationCount, type TestDatabase } from '../support/test-database';

/**
 * The container image without Docker: the Dockerfile's runtime stage replayed from the production
 * build (`next build` writes .next/standalone; npm run test:pg builds first) into an empty folder,
 * then its entry points started there — so they find nothing of the repository, only what the
 * image holds: web on embedded PGlite in a throwaway DATA_DIR (the image's default), the worker on
 * PostgreSQL (as the compose example runs it; tests/pg/server-postgres.test.ts runs web there).
 */

const stages = parseDockerfile(readRepoFile('Dockerfile'));
const runtime = stages.at(-1) as Stage;
const build = stages.find((s) => s.name === 'build') as Stage;
const temp = mkdtempSync(path.join(tmpdir(), 'lime-crm-image-'));
const app = path.join(temp, 'app');
const processes: Spawned[] = [];
let t: TestDatabase;

/** The runtime stage's COPY instructions, from the repository and the build's output. */
async function assembleImage(): Promise<void> {
  if (!existsSync(path.join(ROOT, '.next', 'standalone', 'server.js'))) {
    throw new Error('no .next/standalone/server.js: run `npx next build` first (npm run test:pg does)');
  }
  const bundle = path.join(temp, 'build', WORKER_BUNDLE);
  await buildWorker(bundle);
  for (const copy of copiesOf(runtime)) {
    for (const source of copy.sources) {
      const relative = copy.from ? path.posix.relative(workdirOf(build), source) : source;
      const from = relative === WORKER_BUNDLE ? bundle : path.join(ROOT, relative);
      expect(existsSync(from), `COPY ${copy.from ? `--from=${copy.from} ` : ''}${source}`).toBe(true);
      const to = path.join(
        app,
        path.posix.relative(workdirOf(runtime), path.posix.resolve('/app', copy.dest)),
      );
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(from, to, { recursive: true });
    }
  }
}

/**
 * The image's user (`useradd --uid` in the runtime stage). Run as root, the test gives it what the
 * Dockerfile does — the data directory and Next's cache — and starts the entry points as that user,
 * so a write anywhere else in the image fails here as it would in the container.
 */
const imageUid = Number(/--uid (\d+)/.exec(runsOf(runtime).join(' '))?.[1]);
const asImageUser = process.getuid?.() === 0 ? { uid: imageUid, gid: imageUid } : {};

function giveToImageUser(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if ('uid' in asImageUser) chownSync(dir, imageUid, imageUid);
}

function start(entry: string, env: Record<string, string | undefined>): Spawned {
  const spawned = spawnProcess(
    process.execPath,
    [entry],
    {
      ...envOf(runtime),
      NODE_OPTIONS: undefined,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SANDBOX: 'off',
      ...env,
    },
    { cwd: app, ...asImageUser },
  );
  processes.push(spawned);
  return spawned;
}

async function health(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { status: res.status, body: (await res.json()) as { db: string; queue: { worker: string } } };
}

/** The image's HEALTHCHECK command, run as Docker would, with the container's PORT. */
function healthcheck(port: number): number | null {
  const command = execForm(runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '');
  const [bin, ...args] = command;
  expect(bin).toBe('node');
  return spawnSync(process.execPath, args, { env: { ...process.env, PORT: String(port) }, timeout: 10_000 })
    .status;
}

beforeAll(async () => {
  t = await createTestDatabase({ max: 2 });
  await assembleImage();
  // mkdtemp made the folder private to root; the image's /app is readable by everyone.
  chmodSync(temp, 0o755);
  giveToImageUser(path.join(app, '.next', 'cache'));
});

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await t?.drop();
  rmSync(temp, { recursive: true, force: true });
});

describe('the container image, assembled from the build as the Dockerfile copies it', () => {
  it('holds the standalone server, its static files, the migrations and both entry points', () => {
    for (const file of ['server.js', 'web.mjs', 'worker.mjs', 'package.json', 'public/robots.txt']) {
      expect(existsSync(path.join(app, file)), file).toBe(true);
    }
    expect(readdirSync(path.join(app, '.next', 'static')).length).toBeGreaterThan(0);
    const journal = JSON.parse(readFileSync(path.join(app, 'db/migrations/meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    expect(journal.entries.length).toBe(migrationCount());
    for (const { tag } of journal.entries) {
      expect(existsSync(path.join(app, 'db', 'migrations', `${tag}.sql`)), tag).toBe(true);
    }
    // The standalone output carries the migrations itself (file tracing); the COPY only restates it.
    expect(existsSync(path.join(ROOT, '.next/standalone/db/migrations/meta/_journal.json'))).toBe(true);
  });

  it('starts web on PGlite in an empty DATA_DIR, and the worker on PostgreSQL', async () => {
    const port = await freePort();
    const dataDir = path.join(temp, 'data');
    giveToImageUser(dataDir);
    const web = start('web.mjs', { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: undefined });
    const worker = start('worker.mjs', {
      DATABASE_URL: t.url as string,
      DATA_DIR: path.join(temp, 'unused'),
    });
    // A fresh PGlite runs every migration first; in CI this runs beside two other suites, and once
    // took over 30 s.
    await Promise.all([web, worker].map((p) => p.waitForLine(/runtime started/, 90_000)));

    const { status, body } = await health(port);
    expect(status).toBe(200);
    expect(body.db).toBe('pglite');
    expect(body.queue.worker).toBe('this process');
    expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(true);
    expect(healthcheck(port)).toBe(0);
    const ready = JSON.parse(await worker.waitForLine(/runtime started/)) as Record<string, unknown>;
    expect(ready).toMatchObject({ role: 'worker', db: 'postgres', worker: 'this process' });

    for (const p of [web, worker]) p.child.kill('SIGTERM');
    expect(await Promise.all([web.exited, worker.exited])).toEqual([143, 143]);
    expect(worker.output()).toContain('runtime stopped');
    // PGlite closed cleanly: the lock is gone, and the health check now fails.
    expect(existsSync(path.join(dataDir, 'pglite.pid'))).toBe(false);
    expect(healthcheck(port)).toBe(1);
  });
});
