import { z } from 'zod';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { type Bitrix24Deps, Bitrix24NotConfiguredError } from './deps';
import { syncChangedEntities } from './entity-sync';
import { runPortalSetup } from './install';
import {
  ENTITY_SYNC_JOB,
  OFFLINE_DRAIN_JOB,
  ROBOT_CREDIT_JOB,
  ROBOT_REPLY_JOB,
  SETUP_JOB,
  WEBHOOK_RECONCILE_JOB,
} from './job-names';
import { drainOfflineEvents } from './offline-drain';
import { reconcileWebhookPortal } from './reconcile';
import { creditRobotRuns, robotRepliesJob } from './robot-credit';
import { answerRobotRuns, recordEarlierReply } from './robot-reply';

/**
 * The Bitrix24 lane's jobs. A job for a tenant that is no longer active (uninstalled, or waiting
 * for a re-install) ends at once: its portal would refuse us anyway.
 */

function depsOf<P>(ctx: JobContext<P>): Bitrix24Deps {
  const crm = ctx.services.crm;
  if (!crm) throw new Bitrix24NotConfiguredError();
  return {
    database: ctx.database,
    secrets: ctx.services.secrets,
    allowHttpLoopback: ctx.services.allowHttpLoopback,
    app: crm.bitrix24,
    appUrl: crm.appUrl,
    ca: crm.ca,
    enqueue: ctx.services.enqueue,
    cancelTenantJobs: async () => 0,
  };
}

async function isActive<P>(ctx: JobContext<P>): Promise<boolean> {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status === 'active') return true;
  ctx.log.info({ status: tenant?.status ?? 'missing' }, 'Bitrix24 job skipped: the tenant is not active');
  return false;
}

export const bitrix24Jobs = {
  [SETUP_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const report = await runPortalSetup(depsOf(ctx), ctx.tenantId);
      if (report.errors.length > 0) throw new Error(`Bitrix24 setup incomplete: ${report.errors.join('; ')}`);
    },
  }),
  [OFFLINE_DRAIN_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const stats = await drainOfflineEvents(depsOf(ctx), ctx.tenantId);
      ctx.log.debug({ stats }, 'Bitrix24 offline events drained');
    },
  }),
  [WEBHOOK_RECONCILE_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const stats = await reconcileWebhookPortal(depsOf(ctx), ctx.tenantId);
      ctx.log.debug({ stats }, 'Bitrix24 webhook portal reconciled');
    },
  }),
  [ENTITY_SYNC_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const stats = await syncChangedEntities(depsOf(ctx), ctx.tenantId);
      ctx.log.debug({ stats }, 'Bitrix24 entities read');
    },
  }),
  [ROBOT_CREDIT_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({}),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const stats = await creditRobotRuns(depsOf(ctx), ctx.tenantId);
      ctx.log.debug({ stats }, 'Bitrix24 robot runs credited');
    },
  }),
  [ROBOT_REPLY_JOB]: defineJob({
    target: 'bitrix24',
    // inboxId and refusal: jobs sent before the answers were batched (each named its run).
    payload: z.object({ inboxId: z.number().int().positive().optional(), refusal: z.string().optional() }),
    async run(ctx) {
      if (!(await isActive(ctx))) return;
      const { inboxId, refusal } = ctx.payload;
      if (inboxId !== undefined) await recordEarlierReply(depsOf(ctx), ctx.tenantId, { inboxId, refusal });
      const stats = await answerRobotRuns(depsOf(ctx), ctx.tenantId);
      if (stats.more) await ctx.services.enqueue(robotRepliesJob(ctx.tenantId));
      ctx.log.debug({ stats }, 'Bitrix24 robot runs answered');
    },
  }),
};
