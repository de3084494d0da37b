import type { Database } from '@/db/client';
import { listTenantsWithStaleInbox } from '@/db/queries/inbox';
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
  for (const tenantId of await listTenantsWithStaleInbox(database.db, {
    source: 'lime',
    olderThanSeconds: 5,
  })) {
    await enqueue(drainJobFor(tenantId));
    sent++;
  }
  return sent;
}
