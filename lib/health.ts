import type { DatabaseKind } from '@/db/client';
import type { QueueStats } from '@/lib/queue/queue';
import { getRuntime } from '@/lib/runtime';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: DatabaseKind;
  dbReachable: boolean;
  queue: { worker: 'this process' | 'separate'; queues: QueueStats[] | null };
  uptimeSeconds: number;
}

/** What /api/health answers: the database kind, whether it answers, and the queue's state. */
export async function getHealth(): Promise<HealthReport> {
  const runtime = await getRuntime();
  const dbReachable = await runtime.database
    .query('SELECT 1')
    .then(() => true)
    .catch(() => false);
  const queues = dbReachable ? await runtime.queue.stats().catch(() => null) : null;
  return {
    status: dbReachable && queues ? 'ok' : 'degraded',
    db: runtime.database.kind,
    dbReachable,
    queue: { worker: runtime.queue.working ? 'this process' : 'separate', queues },
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
  };
}
