import { ConfigError } from '@/lib/config';
import { serveWorkerMetrics } from '@/lib/metrics/worker-server';
import { getRuntime, installSignalHandlers, type RuntimeRole } from '@/lib/runtime';

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
