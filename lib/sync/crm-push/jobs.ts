import { z } from 'zod';
import type { Db } from '@/db/client';
import { countOutbox } from '@/db/queries/crm-outbox';
import { getTenantById } from '@/db/queries/tenants';
import { coalescedJobId, defineJob, type EnqueueRequest, type JobContext } from '@/lib/queue/lanes';
import type { CrmDeps } from '../crm-for-tenant';
import { CRM_PUSH_JOBS } from './job-names';
import { pushOutboxToCrm } from './push';

export { CRM_PUSH_JOBS };

/**
 * The CRM push job, in the lane of the tenant's CRM (one kind per CRM: a job's lane is fixed). Sent
 * after a Lime drain left marks in the outbox, coalesced per tenant and second.
 */

export function crmDepsOf<P>(ctx: JobContext<P>): CrmDeps {
  return {
    database: ctx.database,
    secrets: ctx.services.secrets,
    allowHttpLoopback: ctx.services.allowHttpLoopback,
    bitrix24App: ctx.services.crm?.bitrix24 ?? null,
    amocrmKeys: ctx.services.crm?.amocrm ?? null,
    ...(ctx.services.crm?.ca ? { ca: ctx.services.crm.ca } : {}),
  };
}

async function run<P>(ctx: JobContext<P>) {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status !== 'active') return;
  const stats = await pushOutboxToCrm({ ...crmDepsOf(ctx), log: ctx.log }, { tenantId: ctx.tenantId });
  ctx.log.debug({ stats }, 'Lime changes pushed to the CRM');
}

export const crmPushJobs = {
  [CRM_PUSH_JOBS.bitrix24]: defineJob({ target: 'bitrix24', payload: z.object({}), run }),
  [CRM_PUSH_JOBS.amocrm]: defineJob({ target: 'amocrm', payload: z.object({}), run }),
};

/**
 * A job of the kind given for the tenant's CRM (a job's lane is fixed by its kind, so one kind per
 * CRM), coalesced per tenant and second; null without an active CRM.
 */
export async function crmLaneJobFor(
  db: Db,
  tenantId: string,
  kinds: { bitrix24: string; amocrm: string },
  now = Date.now(),
): Promise<EnqueueRequest | null> {
  const tenant = await getTenantById(db, { tenantId });
  if (tenant?.status !== 'active') return null;
  const kind = tenant.kind === 'amocrm' ? kinds.amocrm : kinds.bitrix24;
  return { kind, tenantId, payload: {}, id: coalescedJobId(kind, tenantId, now) };
}

/** The push job for a tenant with marks waiting, or null (nothing waits, or no active CRM). */
export async function crmPushJobFor(
  db: Db,
  tenantId: string,
  now = Date.now(),
): Promise<EnqueueRequest | null> {
  if ((await countOutbox(db, { tenantId })) === 0) return null;
  return crmLaneJobFor(db, tenantId, CRM_PUSH_JOBS, now);
}
