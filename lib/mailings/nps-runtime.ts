import type { PublicLimitDeps } from '@/lib/http/public-rate-limit';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getRuntime } from '@/lib/runtime';
import type { NpsDeps } from './nps-answer';

/** The public NPS page's dependencies from this process's runtime (the real clock). */
export async function npsDepsFromRuntime(): Promise<
  NpsDeps & PublicLimitDeps & { enqueue(job: EnqueueRequest): Promise<string | null> }
> {
  const runtime = await getRuntime();
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    enqueue: runtime.queue.enqueue,
    now: () => new Date(),
    publicLimits: { trustedProxyHops: runtime.config.trustedProxyHops },
  };
}
