/**
 * npm run load (docs/operations.md "Load"): the production build under 500 genuine requests a
 * second for 60 s (LOAD_RATE, LOAD_SECONDS), spread evenly over Bitrix24 CRM events, amoCRM webhooks
 * and Lime webhooks of 10 tenants (5 portals, 5 accounts, each with its Lime park), the simulators
 * at their real limits. With DATABASE_URL: one web process (WORKER=off) and one worker (the image's);
 * without: the embedded single process (`next start` on PGlite in a temporary DATA_DIR). Prints the
 * latency to the 2xx, the time until the ledger shows everything processed, the lost, and each
 * process's peak and idle memory; exits non-zero when a target is missed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Database, openDatabase } from '@/db/client';
import { applyMigrations } from '@/db/migrate';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { flushRestLog } from '@/lib/rest-log/recorder';
import { freePort, nextStart, type Spawned, spawnProcess, spawnTs } from '@/tests/support/processes';
import { buildWorker, WORKER_NODE_FLAGS } from '../build-worker';
import { driveInThread } from './drive-thread';
import { INCOMPLETE_SQL, type IncompleteRow, judgeLedger, LEDGER_TABLE_SQL, ledgerInserts } from './ledger';
import { type MemorySampler, sampleMemory } from './memory';
import {
  formatReport,
  type LoadReport,
  missedTargets,
  PGLITE_TARGETS,
  POSTGRES_TARGETS,
  percentile,
} from './report';
import { buildRequests } from './requests';
import { inboundQuantileMs, memoryBreakdown } from './server-latency';
import { AMOCRM_KEYS, BITRIX24_APP, closeTenants, setUpTenants } from './tenants';

const RATE = Number(process.env.LOAD_RATE ?? 500);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const WAIT_SECONDS = Number(process.env.LOAD_WAIT_SECONDS ?? 180);
const SETTLE_SECONDS = Number(process.env.LOAD_SETTLE_SECONDS ?? 20);
const TOTAL = RATE * SECONDS;
const postgresUrl = process.env.DATABASE_URL;
const kind = postgresUrl ? 'postgres' : 'pglite';
const say = (message: string) => console.log(`[load ${kind}] ${message}`);

const encryptionKey = randomBytes(32);
const dataDir = mkdtempSync(path.join(tmpdir(), 'lime-load-'));
const appPort = await freePort();
const appUrl = `http://127.0.0.1:${appPort}`;
const appEnv: Record<string, string | undefined> = {
  APP_URL: appUrl,
  DATA_DIR: dataDir,
  APP_ENCRYPTION_KEY: encryptionKey.toString('hex'),
  NEXTAUTH_SECRET: randomBytes(24).toString('base64url'),
  B24_CLIENT_ID: BITRIX24_APP.clientId,
  B24_CLIENT_SECRET: BITRIX24_APP.clientSecret,
  AMOCRM_CLIENT_ID: AMOCRM_KEYS.clientId,
  AMOCRM_CLIENT_SECRET: AMOCRM_KEYS.clientSecret,
  SANDBOX: 'off',
  ALLOW_HTTP_LOOPBACK: '1',
  LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? 'info',
  DATABASE_URL: postgresUrl,
  // As the container image runs both processes (Dockerfile).
  MALLOC_ARENA_MAX: '2',
};

/** The PostgreSQL server's postmaster: the first line of postmaster.pid in its data directory. */
async function postmasterPid(db: Database): Promise<number> {
  const { rows } = await db.query<{ data_directory: string }>('SHOW data_directory');
  const dir = rows[0]?.data_directory as string;
  return Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const open = () =>
  openDatabase(
    postgresUrl ? { kind: 'postgres', url: postgresUrl, max: 2 } : { kind: 'pglite', dataDir, lock: true },
  );

let database: Database = await open();
await applyMigrations(database);
say(`setting up 10 tenants and their simulators (${Math.ceil(TOTAL / 15)} CRM contacts each)…`);
const tenants = await setUpTenants({
  database,
  secrets: createSecretBox(encryptionKey),
  appUrl,
  perKind: 5,
  contactsPerTenant: Math.ceil(TOTAL / 15),
});
await database.exec(LEDGER_TABLE_SQL);

const processes: { name: string; spawned: Spawned; memory?: MemorySampler }[] = [];
const workerMetricsPort = await freePort();
// The web as the container image runs it: Next's standalone server (LOAD_STANDALONE_DIR, default
// .next/standalone; a copy keeps a run apart from a rebuild). LOAD_WEB=next: `npm start`'s server.
// LOAD_CPU_PROF=<dir>: each Node process writes a V8 CPU profile there when it exits (open it in
// Chrome's DevTools, Performance tab).
const profiling = process.env.LOAD_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.LOAD_CPU_PROF)}`]
  : [];
const webProcess = (env: Record<string, string | undefined>) =>
  process.env.LOAD_WEB === 'next'
    ? nextStart(appPort, env)
    : spawnProcess(
        process.execPath,
        [...profiling, 'server.js'],
        { ...env, HOSTNAME: '127.0.0.1', PORT: String(appPort) },
        { cwd: path.resolve(process.env.LOAD_STANDALONE_DIR ?? path.join('.next', 'standalone')) },
      );
if (postgresUrl) {
  processes.push({ name: 'web', spawned: webProcess({ ...appEnv, WORKER: 'off' }) });
  // The worker as the container image runs it (npm run build:worker's bundle); LOAD_WORKER=tsx: as
  // `npm run worker` runs it, through tsx.
  const bundle = path.resolve('dist', 'load-worker.mjs');
  // LOAD_WORKER_FLAGS: more of Node's flags for the worker (e.g. --heapsnapshot-signal=SIGUSR2).
  const extraWorkerFlags = (process.env.LOAD_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
  if (process.env.LOAD_WORKER !== 'tsx') await buildWorker(bundle);
  const workerEnv = { ...appEnv, METRICS_PORT: String(workerMetricsPort) };
  const worker =
    process.env.LOAD_WORKER === 'tsx'
      ? spawnTs('scripts/worker.ts', workerEnv)
      : spawnProcess(
          process.execPath,
          [...profiling, ...WORKER_NODE_FLAGS, ...extraWorkerFlags, bundle],
          workerEnv,
        );
  processes.push({ name: 'worker', spawned: worker });
} else {
  await flushRestLog(database);
  await database.close(); // one process owns PGlite: the app (web and inline worker), from here on
  processes.push({ name: 'app', spawned: webProcess(appEnv) });
}
await Promise.all(processes.map((p) => p.spawned.waitForLine(/runtime started/, 120_000)));
for (const p of processes) p.memory = sampleMemory(p.spawned.child.pid as number);
// PostgreSQL's CPU (the postmaster and its backends); its memory is shared, so not summed.
const postgres = postgresUrl ? sampleMemory(await postmasterPid(database), 1000) : null;
for (const t of tenants) t.bitrix24?.controls.installFinish();
await new Promise((r) => setTimeout(r, 5000));

say(`building ${TOTAL} signed requests…`);
const requests = buildRequests(tenants, TOTAL);
if (postgresUrl) {
  for (const s of ledgerInserts(requests.map((r) => r.entry))) await database.query(s.text, s.params);
}

say(`${RATE} requests/s for ${SECONDS} s…`);
const cpuBefore = [...processes.map((p) => p.memory?.cpuSeconds() ?? 0), postgres?.cpuSeconds() ?? 0];
// The simulators answer the worker on this thread; the driver measures on a thread of its own, whose
// event-loop delay still adds to every latency it measures: printed beside them.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const driven = await driveInThread({ url: appUrl, requests, rate: RATE, seconds: SECONDS });
loopDelay.disable();
const loadEnded = performance.now();
const { statuses } = driven;
const non2xx = [...statuses.values()].filter((s) => s < 200 || s >= 300).length;
if (non2xx > 0) {
  const byStatus = new Map<number, number>();
  for (const status of statuses.values()) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  say(`answers by status: ${[...byStatus].map(([status, n]) => `${status} × ${n}`).join(', ')}`);
  say(`the ${processes[0]?.name} process's last words:\n${processes[0]?.spawned.output().slice(-3000)}`);
}
say(
  `event-loop delay p99: the driver's thread ${driven.loopDelayP99Ms} ms, the simulators' ${Math.round(loopDelay.percentile(99) / 1e5) / 10} ms`,
);
const metricsText = await (await fetch(`${appUrl}/api/metrics`)).text();
const serverMs = (q: number) => {
  const ms = inboundQuantileMs(metricsText, q);
  return ms === null ? 'none' : `≤ ${ms} ms`;
};
say(`the web's own time to answer (the ingress's histogram): p50 ${serverMs(0.5)}, p99 ${serverMs(0.99)}`);
say(
  `${statuses.size} answered in ${driven.seconds.toFixed(1)} s, ${non2xx} not 2xx, ${driven.errors} errors; waiting for processing…`,
);

const incomplete = async (): Promise<IncompleteRow[]> =>
  (await database.query<IncompleteRow>(INCOMPLETE_SQL)).rows;
const queueIdle = async () => {
  const health = (await (await fetch(`${appUrl}/api/health`)).json()) as {
    queue: { queues: { queued: number; active: number }[] | null };
  };
  return (health.queue.queues ?? [{ queued: 1, active: 0 }]).every((q) => q.queued + q.active === 0);
};
let processedAfterSeconds: number | null = null;
let idleChecks = 0;
const allProcessed = async () => {
  if (postgresUrl) return judgeLedger(TOTAL, statuses, await incomplete()).lost === 0;
  // PGlite is the app's alone: done once the queue stays empty; the ledger is read after it stops.
  idleChecks = (await queueIdle()) ? idleChecks + 1 : 0;
  return idleChecks >= 2;
};
while (performance.now() - loadEnded < WAIT_SECONDS * 1000) {
  if (await allProcessed()) {
    processedAfterSeconds = Math.round((performance.now() - loadEnded) / 100) / 10;
    break;
  }
  await new Promise((r) => setTimeout(r, 1000));
}
const cpuUsed = [...processes.map((p) => p.memory?.cpuSeconds() ?? 0), postgres?.cpuSeconds() ?? 0].map(
  (after, i) => Math.round((after - (cpuBefore[i] ?? 0)) * 10) / 10,
);
say(
  `processed after ${processedAfterSeconds ?? `more than ${WAIT_SECONDS}`} s; settling ${SETTLE_SECONDS} s…`,
);
if (postgresUrl) {
  const { rows } = await database.query<{ name: string; n: number }>(
    "SELECT name, count(*)::int AS n FROM pgboss.job WHERE name LIKE 'lane-%' GROUP BY name ORDER BY name",
  );
  say(`lane jobs sent: ${rows.map((r) => `${r.name} ${r.n}`).join(', ')}`);
}
await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
for (const [name, url] of [
  [processes[0]?.name, appUrl],
  ...(postgresUrl ? [['worker', `http://127.0.0.1:${workerMetricsPort}`]] : []),
]) {
  say(`${name} after settling: ${memoryBreakdown(await (await fetch(`${url}/api/metrics`)).text())}`);
}
const settledFrom = performance.now() - 5000;
const memory = processes.map((p) => ({
  name: p.name,
  peakMb: p.memory?.peakMb() ?? 0,
  idleMb: p.memory?.meanSinceMb(settledFrom) ?? 0,
}));
const cpu = [
  ...processes.map((p, i) => ({ name: p.name, seconds: cpuUsed[i] ?? 0 })),
  ...(postgres ? [{ name: 'postgres', seconds: cpuUsed[processes.length] ?? 0 }] : []),
];
postgres?.stop();
for (const p of processes) {
  p.memory?.stop();
  p.spawned.child.kill('SIGTERM');
}
await Promise.all(processes.map((p) => p.spawned.exited));
if (!postgresUrl) {
  database = await open();
  for (const s of ledgerInserts(requests.map((r) => r.entry))) await database.query(s.text, s.params);
}
const ledger = judgeLedger(TOTAL, statuses, await incomplete());
await database.close();
await closeTenants(tenants);

const report: LoadReport = {
  database: kind,
  rate: RATE,
  seconds: SECONDS,
  offered: TOTAL,
  answered: statuses.size,
  non2xx,
  errors: driven.errors,
  p50Ms: percentile(driven.latencies, 0.5),
  p99Ms: percentile(driven.latencies, 0.99),
  maxMs: percentile(driven.latencies, 1),
  processedAfterSeconds,
  ledger,
  memory,
  cpu,
};
const targets = postgresUrl ? POSTGRES_TARGETS : PGLITE_TARGETS;
console.log(`\n${formatReport(report, targets)}\n`);
const missed = missedTargets(report, targets);
for (const m of missed) console.log(`MISSED: ${m}`);
if (missed.length === 0) console.log('Every target held.');
process.exit(missed.length > 0 ? 1 : 0);
