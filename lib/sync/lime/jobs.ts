import { z } from 'zod';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { crmPushJobFor } from '../crm-push/jobs';
import { DRAIN_JOB, drainLimeInbox } from './drain';
import { POLL_JOB, pollLimeFeed } from './poll';

/** The Lime lane's jobs: drain the inbox into the mirror (then ask for a CRM push); poll a connection's change feed. */

const depsOf = <P>(ctx: JobContext<P>) => ({
  database: ctx.database,
  secrets: ctx.services.secrets,
  allowHttpLoopback: ctx.services.allowHttpLoopback,
  log: ctx.log,
});

export const limeJobs = {
  [DRAIN_JOB]: defineJob({
    target: 'lime',
    payload: z.object({}),
    async run(ctx) {
      const stats = await drainLimeInbox(depsOf(ctx), { tenantId: ctx.tenantId });
      ctx.log.debug({ stats }, 'Lime inbox drained');
      const push = await crmPushJobFor(ctx.database.db, ctx.tenantId);
      if (push) await ctx.services.enqueue(push);
    },
  }),
  [POLL_JOB]: defineJob({
    target: 'lime',
    payload: z.object({ connectionId: z.uuid() }),
    async run(ctx) {
      const result = await pollLimeFeed(depsOf(ctx), {
        tenantId: ctx.tenantId,
        connectionId: ctx.payload.connectionId,
      });
      if (result.more)
        await ctx.services.enqueue({ kind: POLL_JOB, tenantId: ctx.tenantId, payload: ctx.payload });
    },
  }),
};
