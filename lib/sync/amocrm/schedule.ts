import type { Database } from '@/db/client';
import { listTenantsWithStaleInbox } from '@/db/queries/inbox';
import { listActiveTenantIds } from '@/db/queries/tenants';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { AMOCRM_RECONCILE_JOB, AMOCRM_SYNC_JOB } from './job-names';

/** Every minute: reconcile each connected account by `updated_at`; read what a job missed. */
export async function scheduleAmocrmWork(
  database: Database,
  enqueue: (job: EnqueueRequest) => Promise<string | null>,
): Promise<number> {
  let sent = 0;
  for (const tenantId of await listActiveTenantIds(database.db, { kind: 'amocrm' })) {
    await enqueue({ kind: AMOCRM_RECONCILE_JOB, tenantId, payload: {} });
    sent++;
  }
  for (const tenantId of await listTenantsWithStaleInbox(database.db, {
    source: 'amocrm',
    olderThanSeconds: 30,
  })) {
    await enqueue({ kind: AMOCRM_SYNC_JOB, tenantId, payload: {} });
    sent++;
  }
  return sent;
}
