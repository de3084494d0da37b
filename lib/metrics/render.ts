import type { Queue } from '@/lib/queue/queue';
import { getRuntime } from '@/lib/runtime';
import { getMetrics } from './registry';

/** GET /api/metrics of this process; queue depth is read from the database at scrape time. */
export async function metricsResponse(): Promise<Response> {
  return metricsResponseOf((await getRuntime()).queue);
}

/** The Prometheus answer of a process (a web process's route, a worker's metrics listener). */
export async function metricsResponseOf(queue: Pick<Queue, 'stats'>): Promise<Response> {
  const { body, contentType } = await renderMetricsOf(queue);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}

/** This process's metrics with the depth of every lane, the dead-letter and maintenance queues. */
export async function renderMetricsOf(
  queue: Pick<Queue, 'stats'>,
): Promise<{ body: string; contentType: string }> {
  const metrics = getMetrics();
  const stats = await queue.stats();
  metrics.queueDepth.reset();
  for (const q of stats) {
    metrics.queueDepth.set({ queue: q.queue, state: 'queued' }, q.queued);
    metrics.queueDepth.set({ queue: q.queue, state: 'active' }, q.active);
    metrics.queueDepth.set({ queue: q.queue, state: 'failed' }, q.failed);
  }
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

export async function metricsToken(): Promise<string | null> {
  return (await getRuntime()).config.metricsToken;
}
