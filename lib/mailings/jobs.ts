import { z } from 'zod';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { crmForTenant } from '@/lib/sync/crm-for-tenant';
import { crmDepsOf } from '@/lib/sync/crm-push/jobs';
import { deliverSend } from './deliver';
import { MAILING_TICK_JOBS } from './job-names';
import { mailingTickJobFor, runMailingTick } from './scheduler';

/**
 * The mailing pass in the tenant's CRM lane, with the real clock. While due sends are left that the
 * day's cap allows, it sends itself again at once, so a long list goes out in chunks with other CRM
 * work between them.
 */
async function runTick<P>(ctx: JobContext<P>) {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status !== 'active') return;
  const crmDeps = crmDepsOf(ctx);
  const crm = await crmForTenant(crmDeps, ctx.tenantId);
  const now = () => new Date();
  const appUrl = ctx.services.crm?.appUrl ?? '';
  const stats = await runMailingTick(
    {
      database: ctx.database,
      crm,
      enqueue: ctx.services.enqueue,
      now,
      deliver: (target) => deliverSend({ ...crmDeps, crm, appUrl, now }, target),
    },
    { tenantId: ctx.tenantId },
  );
  ctx.log.debug({ stats }, 'Mailing pass');
  if (stats.delivery?.more) {
    const next = await mailingTickJobFor(ctx.database.db, ctx.tenantId, Date.now() + 1000);
    if (next) await ctx.services.enqueue(next);
  }
}

export const mailingJobs = {
  [MAILING_TICK_JOBS.bitrix24]: defineJob({ target: 'bitrix24', payload: z.object({}), run: runTick }),
  [MAILING_TICK_JOBS.amocrm]: defineJob({ target: 'amocrm', payload: z.object({}), run: runTick }),
};
