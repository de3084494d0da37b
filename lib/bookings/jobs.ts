import { z } from 'zod';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob } from '@/lib/queue/lanes';
import { crmForTenant } from '@/lib/sync/crm-for-tenant';
import { crmDepsOf, crmPushJobFor } from '@/lib/sync/crm-push/jobs';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { calendarMirrorJob, mirrorToCalendar } from './calendar-mirror';
import { CALENDAR_MIRROR_JOB, PREORDER_PUSH_JOB } from './job-names';
import { pushBookingPreorder } from './preorder-push';

/**
 * The bookings' jobs: a booking's pre-order → Lime, then the deal's fields by the CRM push; halls,
 * staff and bookings → the Bitrix24 booking calendar.
 */
export const bookingJobs = {
  [PREORDER_PUSH_JOB]: defineJob({
    target: 'lime',
    payload: z.object({ bookingId: z.uuid() }),
    async run(ctx) {
      const limeDeps = {
        database: ctx.database,
        secrets: ctx.services.secrets,
        allowHttpLoopback: ctx.services.allowHttpLoopback,
      };
      const outcome = await pushBookingPreorder(
        {
          database: ctx.database,
          gatewayFor: async (connectionId) =>
            (await limeGatewayFor(limeDeps, { tenantId: ctx.tenantId, connectionId })).gateway,
        },
        { tenantId: ctx.tenantId, bookingId: ctx.payload.bookingId },
      );
      ctx.log.debug({ outcome }, 'Booking pre-order pushed');
      const push = await crmPushJobFor(ctx.database.db, ctx.tenantId);
      if (push) await ctx.services.enqueue(push);
    },
  }),
  [CALENDAR_MIRROR_JOB]: defineJob({
    target: 'bitrix24',
    payload: z.object({ bookingId: z.uuid().optional(), resources: z.boolean().optional() }),
    async run(ctx) {
      const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
      if (tenant?.status !== 'active' || tenant.kind === 'amocrm') return;
      const crm = await crmForTenant(crmDepsOf(ctx), ctx.tenantId);
      const outcome = await mirrorToCalendar(
        { database: ctx.database, crm },
        { tenantId: ctx.tenantId, ...ctx.payload },
      );
      ctx.log.debug({ outcome }, 'Bookings mirrored to the CRM calendar');
      if (outcome.more) await ctx.services.enqueue(calendarMirrorJob(ctx.tenantId, {}));
    },
  }),
};
