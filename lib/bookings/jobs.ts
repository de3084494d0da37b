import { z } from 'zod';
import { defineJob } from '@/lib/queue/lanes';
import { crmPushJobFor } from '@/lib/sync/crm-push/jobs';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { PREORDER_PUSH_JOB } from './job-names';
import { pushBookingPreorder } from './preorder-push';

/** The bookings' jobs: a booking's pre-order → Lime, then the deal's fields by the CRM push. */
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
};
