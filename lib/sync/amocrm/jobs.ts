import { z } from 'zod';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { type AmocrmDeps, AmocrmNotConfiguredError } from './deps';
import { syncAmocrmEntities } from './entity-sync';
import { AMOCRM_RECONCILE_JOB, AMOCRM_SYNC_JOB } from './job-names';
import { reconcileAmocrmAccount } from './reconcile';

/** The amoCRM lane's jobs; a job of an account that is not active ends at once. */

function depsOf<P>(ctx: JobContext<P>): AmocrmDeps {
  const crm = ctx.services.crm;
  if (!crm?.amocrm) throw new AmocrmNotConfiguredError();
  return {
    database: ctx.database,
    secrets: ctx.services.secrets,
    allowHttpLoopback: ctx.services.allowHttpLoopback,
    keys: crm.amocrm,
    appUrl: crm.appUrl,
    enqueue: ctx.services.enqueue,
    cancelTenantJobs: async () => 0,
  };
}

async function isActive<P>(ctx: JobContext<P>): Promise<boolean> {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  return tenant?.kind === 'amocrm' && tenant.status === 'active';
}

export const amocrmJobs = {
  [AMOCRM_SYNC_JOB]: defineJob({
    target: 'amocrm',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      ctx.log.debug({ stats: await syncAmocrmEntities(depsOf(ctx), ctx.tenantId) }, 'amoCRM entities read');
    },
  }),
  [AMOCRM_RECONCILE_JOB]: defineJob({
    target: 'amocrm',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      ctx.log.debug(
        { stats: await reconcileAmocrmAccount(depsOf(ctx), ctx.tenantId) },
        'amoCRM account reconciled',
      );
    },
  }),
};
