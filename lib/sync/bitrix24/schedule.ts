import type { Database } from '@/db/client';
import { listTenantsWithStaleInbox } from '@/db/queries/inbox';
import { listActiveTenantIds } from '@/db/queries/tenants';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import {
  CRM_EVENT_PREFIX,
  ENTITY_SYNC_JOB,
  OFFLINE_DRAIN_JOB,
  ROBOT_CREDIT_JOB,
  ROBOT_INBOX_KIND,
  WEBHOOK_RECONCILE_JOB,
} from './job-names';

/**
 * Every minute: drain each installed portal's offline queue (ONOFFLINEEVENT pings can be lost, and
 * changes made while we were down wait there), and read the entities of any stored event (or credit
 * the robot runs) a job has not reached; reconcile each webhook-mode portal by modification date (it has no offline queue).
 */
export async function scheduleBitrix24Work(
  database: Database,
  enqueue: (job: EnqueueRequest) => Promise<string | null>,
): Promise<number> {
  let sent = 0;
  for (const tenantId of await listActiveTenantIds(database.db, { kind: 'bitrix24' })) {
    await enqueue({ kind: OFFLINE_DRAIN_JOB, tenantId, payload: {} });
    sent++;
  }
  for (const tenantId of await listActiveTenantIds(database.db, { kind: 'bitrix24_webhook' })) {
    await enqueue({ kind: WEBHOOK_RECONCILE_JOB, tenantId, payload: {} });
    sent++;
  }
  const stale = [
    { kindPrefix: CRM_EVENT_PREFIX, kind: ENTITY_SYNC_JOB },
    { kindPrefix: ROBOT_INBOX_KIND, kind: ROBOT_CREDIT_JOB },
  ];
  for (const { kindPrefix, kind } of stale) {
    for (const tenantId of await listTenantsWithStaleInbox(database.db, {
      source: 'bitrix24',
      kindPrefix,
      olderThanSeconds: 30,
    })) {
      await enqueue({ kind, tenantId, payload: {} });
      sent++;
    }
  }
  return sent;
}
