import type { Logger } from 'pino';
import { type Database, openDatabase } from '@/db/client';
import { applyMigrations } from '@/db/migrate';
import { type AppConfig, getConfig } from '@/lib/config';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import { jobRegistry, periodicTasks } from '@/lib/jobs';
import { getLogger } from '@/lib/log/logger';
import { type Queue, startQueue } from '@/lib/queue/queue';
import { flushRestLog } from '@/lib/rest-log/recorder';

/**
 * The process's runtime: configuration, the one database handle, the queue (with the inline
 * worker unless WORKER=off), the secret box. Built once per process and kept on globalThis, so
 * Next's separate server bundles share one PGlite instance.
 */

export interface Runtime {
  config: AppConfig;
  database: Database;
  queue: Queue;
  secrets: SecretBox;
  log: Logger;
  startedAt: Date;
}

export type RuntimeRole = 'web' | 'worker';

const holder = globalThis as typeof globalThis & {
  __limeBridgeRuntime?: Promise<Runtime>;
  __limeBridgeShutdown?: Promise<void>;
};

async function boot(role: RuntimeRole): Promise<Runtime> {
  const config = getConfig();
  const log = getLogger().child({ role });
  const database = await openDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, applicationName: `lime-crm-bridge-${role}` }
      : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    await applyMigrations(database);
    const secrets = createSecretBox(config.encryptionKey);
    const queue = await startQueue(database, {
      registry: jobRegistry,
      periodic: periodicTasks,
      work: role === 'worker' || config.worker === 'inline',
      log,
      instanceName: role,
      maintenance: { restLogRetentionDays: config.restLogRetentionDays },
      // The sandbox runs its simulators on loopback (DESIGN.md, Configuration: SANDBOX).
      services: {
        secrets,
        allowHttpLoopback: config.allowHttpLoopback || config.sandbox,
        crm: { appUrl: config.appUrl, bitrix24: config.bitrix24, amocrm: config.amocrm },
      },
    });
    log.info({ db: database.kind, worker: queue.working ? 'this process' : 'separate' }, 'runtime started');
    const runtime: Runtime = { config, database, queue, secrets, log, startedAt: new Date() };
    if (config.sandbox && role === 'web') {
      // The sandbox bootstrap is the one place that starts simulators (DESIGN.md, Layout).
      const { startSandbox } = await import('@/lib/sandbox/sandbox');
      await startSandbox(runtime);
    }
    return runtime;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export function getRuntime(role: RuntimeRole = 'web'): Promise<Runtime> {
  if (!holder.__limeBridgeRuntime) {
    const starting = boot(role);
    holder.__limeBridgeRuntime = starting;
    // A failed start is not cached: the next caller tries again.
    starting.catch(() => {
      if (holder.__limeBridgeRuntime === starting) holder.__limeBridgeRuntime = undefined;
    });
  }
  return holder.__limeBridgeRuntime;
}

/** Stops the queue (letting running jobs finish), then closes the database cleanly. */
export function shutdownRuntime(): Promise<void> {
  holder.__limeBridgeShutdown ??= (async () => {
    const starting = holder.__limeBridgeRuntime;
    if (!starting) return;
    const runtime = await starting.catch(() => null);
    if (!runtime) return;
    const { getSandbox } = await import('@/lib/sandbox/sandbox');
    await (await getSandbox()?.catch(() => null))?.stop();
    await runtime.queue
      .stop()
      .catch((error: unknown) => runtime.log.error({ err: error }, 'queue stop failed'));
    await flushRestLog(runtime.database);
    await runtime.database.close();
    runtime.log.info('runtime stopped');
  })();
  return holder.__limeBridgeShutdown;
}

/** Shuts down on SIGTERM/SIGINT, then exits with the conventional code. */
export function installSignalHandlers(): void {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    process.once(signal, () => {
      const force = setTimeout(() => process.exit(code), 20_000);
      force.unref();
      shutdownRuntime().finally(() => process.exit(code));
    });
  }
}
