import { getPriority, setPriority } from 'node:os';
import { ConfigError } from '@/lib/config';
import { startIdleCollector } from '@/lib/idle-collector';
import { serveWorkerMetrics } from '@/lib/metrics/worker-server';
import { getRuntime, installSignalHandlers, type RuntimeRole } from '@/lib/runtime';

const WORKER_NICENESS = 10;

/**
 * Starts a process (the Next.js server from instrumentation, or `npm run worker`), or refuses to,
 * naming the reason: a wrong variable, a DATA_DIR held by another process, an unreachable database,
 * a worker's METRICS_PORT already taken.
 */
export async function startProcess(role: RuntimeRole): Promise<void> {
  try {
    const runtime = await getRuntime(role);
    installSignalHandlers();
    const { config, queue, log } = runtime;
    startIdleCollector({
      onCollect: (freed) =>
        log.debug({ freedMb: Math.round(freed / 1e6) }, 'idle: collected a burst’s garbage'),
    });
    if (role === 'worker') {
      // Answers are the web's, within milliseconds; jobs have seconds. Where both share cores, the
      // worker yields them first (raising one's own niceness needs no privilege; never lowered).
      const niceness = Math.max(getPriority(), WORKER_NICENESS);
      setPriority(niceness);
      log.info({ niceness }, 'worker runs at a lower CPU priority');
    }
    if (role === 'worker' && config.metricsPort) {
      const metrics = await serveWorkerMetrics({
        host: config.host,
        port: config.metricsPort,
        token: config.metricsToken,
        queue,
      });
      log.info({ url: `${metrics.url}/api/metrics` }, 'worker metrics served');
    }
  } catch (error) {
    const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`\nLime ↔ CRM bridge cannot start (${role}): ${reason}\n`);
    process.exit(1);
  }
}
