import type { Database } from '@/db/client';
import { listConnectionsDueForPolling } from '@/db/queries/lime-connections';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { drainJobFor } from './drain';
import { POLL_JOB } from './poll';

/**
 * Every minute: poll each active connection's feed (events get lost; reconcile), and drain any
 * tenant whose inbox holds Lime events a webhook's drain did not reach.
 */
export async function scheduleLimeWork(
  database: Database,
  enqueue: (job: EnqueueRequest) => Promise<string | null>,
): Promise<number> {
  let sent = 0;
  for (const connection of await listConnectionsDueForPolling(database.db)) {
    await enqueue({
      kind: POLL_JOB,
      tenantId: connection.tenantId,
      payload: { connectionId: connection.id },
    });
    sent++;
  }
  const { rows } = await database.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM inbox
      WHERE source = 'lime' AND processed_at IS NULL AND received_at < now() - interval '5 seconds'`,
  );
  for (const { tenant_id } of rows) {
    await enqueue(drainJobFor(tenant_id));
    sent++;
  }
  return sent;
}
