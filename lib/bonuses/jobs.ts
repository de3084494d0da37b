import { z } from 'zod';
import { getBonusCredit } from '@/db/queries/bonus-credits';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { crmForTenant } from '@/lib/sync/crm-for-tenant';
import { crmDepsOf } from '@/lib/sync/crm-push/jobs';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { sendCredit } from './credit-service';
import { BONUS_CREDIT_JOB, BONUS_RUN_JOB, BONUS_TIMELINE_JOBS } from './job-names';
import { processRunChunk } from './mass-run';
import { failCredit } from './send-credit';
import { timelineJobFor, writeBonusTimeline } from './timeline';

/**
 * The bonuses' jobs: one credit, or a chunk of a mass run, → Lime in the tenant's Lime lane; then
 * the timeline entries in the lane of the tenant's CRM.
 */

function limeOf<P>(ctx: JobContext<P>) {
  const deps = {
    database: ctx.database,
    secrets: ctx.services.secrets,
    allowHttpLoopback: ctx.services.allowHttpLoopback,
  };
  return {
    database: ctx.database,
    enqueue: ctx.services.enqueue,
    gatewayFor: async (connectionId: string) =>
      (await limeGatewayFor(deps, { tenantId: ctx.tenantId, connectionId })).gateway,
  };
}

async function runTimeline<P>(ctx: JobContext<P>) {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status !== 'active') return;
  const crm = await crmForTenant(crmDepsOf(ctx), ctx.tenantId);
  const stats = await writeBonusTimeline({ database: ctx.database, crm }, { tenantId: ctx.tenantId });
  ctx.log.debug({ stats }, 'Bonus credits written to the CRM timeline');
  if (stats.more) {
    const next = await timelineJobFor(ctx.database.db, ctx.tenantId);
    if (next) await ctx.services.enqueue({ ...next, id: undefined });
  }
}

export const bonusJobs = {
  [BONUS_CREDIT_JOB]: defineJob({
    target: 'lime',
    payload: z.object({
      creditId: z.uuid(),
      whenSettled: z.object({ kind: z.string(), payload: z.record(z.string(), z.unknown()) }).optional(),
    }),
    async run(ctx) {
      const deps = limeOf(ctx);
      // Whoever waits for the credit to settle hears of it once it has (a `held` credit has not).
      const settled = async () => {
        const next = ctx.payload.whenSettled;
        if (next) await ctx.services.enqueue({ ...next, tenantId: ctx.tenantId });
      };
      let outcome: Awaited<ReturnType<typeof sendCredit>>;
      try {
        outcome = await sendCredit(deps, { tenantId: ctx.tenantId, creditId: ctx.payload.creditId });
      } catch (error) {
        if (!ctx.isLastAttempt) throw error;
        // Lime stayed out of reach through every try: the credit fails; asked for again, it is sent again.
        const credit = await getBonusCredit(ctx.database.db, {
          tenantId: ctx.tenantId,
          id: ctx.payload.creditId,
        });
        if (credit) await failCredit(ctx.database.db, credit, error);
        await settled();
        return;
      }
      if (outcome?.outcome === 'held') {
        await ctx.services.enqueue({
          kind: BONUS_CREDIT_JOB,
          tenantId: ctx.tenantId,
          payload: ctx.payload,
          startAfter: new Date(outcome.until.getTime() + 1000),
        });
      }
      if (outcome?.outcome === 'credited') {
        const timeline = await timelineJobFor(ctx.database.db, ctx.tenantId);
        if (timeline) await ctx.services.enqueue(timeline);
      }
      if (outcome?.outcome !== 'held') await settled();
      ctx.log.debug({ outcome: outcome?.outcome ?? 'nothing' }, 'Bonus credit sent');
    },
  }),
  [BONUS_RUN_JOB]: defineJob({
    target: 'lime',
    payload: z.object({ runId: z.uuid() }),
    async run(ctx) {
      const outcome = await processRunChunk(limeOf(ctx), {
        tenantId: ctx.tenantId,
        runId: ctx.payload.runId,
        isLastAttempt: ctx.isLastAttempt,
      });
      ctx.log.debug({ outcome }, 'Bonus run chunk');
    },
  }),
  [BONUS_TIMELINE_JOBS.bitrix24]: defineJob({ target: 'bitrix24', payload: z.object({}), run: runTimeline }),
  [BONUS_TIMELINE_JOBS.amocrm]: defineJob({ target: 'amocrm', payload: z.object({}), run: runTimeline }),
};
