import { getRuntime } from '@/lib/runtime';
import type { LimeWebhookDeps } from './webhook-handler';

/** The Lime webhook's dependencies from this process's runtime (for its route handler). */
export async function limeWebhookDepsFromRuntime(): Promise<LimeWebhookDeps> {
  const runtime = await getRuntime();
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback,
    enqueue: runtime.queue.enqueue,
  };
}
