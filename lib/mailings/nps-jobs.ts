import { z } from 'zod';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { crmForTenant } from '@/lib/sync/crm-for-tenant';
import { crmDepsOf, crmLaneJobFor } from '@/lib/sync/crm-push/jobs';
import { writeNpsAnswers } from './nps-crm-write';
import { NPS_CRM_JOBS } from './nps-job-names';

/** The NPS answers' CRM write, in the lane of the tenant's CRM; it queues itself again while more wait. */
async function run<P>(ctx: JobContext<P>) {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status !== 'active') return;
  const crm = await crmForTenant(crmDepsOf(ctx), ctx.tenantId);
  const stats = await writeNpsAnswers({ database: ctx.database, crm }, { tenantId: ctx.tenantId });
  ctx.log.debug({ stats }, 'NPS answers written to the CRM');
  if (stats.more) {
    const next = await crmLaneJobFor(ctx.database.db, ctx.tenantId, NPS_CRM_JOBS);
    if (next) await ctx.services.enqueue({ ...next, id: undefined });
  }
}

export const npsJobs = {
  [NPS_CRM_JOBS.bitrix24]: defineJob({ target: 'bitrix24', payload: z.object({}), run }),
  [NPS_CRM_JOBS.amocrm]: defineJob({ target: 'amocrm', payload: z.object({}), run }),
};
