import { z } from 'zod';
import { setImportStatus } from '@/db/queries/crm-imports';
import { getTenantById } from '@/db/queries/tenants';
import { defineJob, type JobContext } from '@/lib/queue/lanes';
import { crmDepsOf } from '../crm-push/jobs';
import { CRM_IMPORT_JOBS, importJobFor } from './import-control';
import { runImportSlice } from './run-import';

/**
 * The import job, in the lane of the tenant's CRM: a slice, then the next slice sent behind
 * whatever else waits in the lane. A slice that fails for the last time pauses the import with the
 * error, so the progress bar says what went wrong and "Resume" carries on from the cursor.
 */

const payload = z.object({ importId: z.uuid() });

async function run(ctx: JobContext<z.infer<typeof payload>>) {
  const tenant = await getTenantById(ctx.database.db, { tenantId: ctx.tenantId });
  if (tenant?.status !== 'active') return;
  try {
    const { more } = await runImportSlice({ ...crmDepsOf(ctx), log: ctx.log }, { tenantId: ctx.tenantId });
    if (more)
      await ctx.services.enqueue(await importJobFor(ctx.database.db, ctx.tenantId, ctx.payload.importId));
  } catch (error) {
    if (ctx.isLastAttempt)
      await setImportStatus(ctx.database.db, {
        tenantId: ctx.tenantId,
        importId: ctx.payload.importId,
        from: ['running'],
        to: 'paused',
        error: error instanceof Error ? error.message : String(error),
      });
    throw error;
  }
}

export const crmImportJobs = {
  [CRM_IMPORT_JOBS.bitrix24]: defineJob({ target: 'bitrix24', payload, run }),
  [CRM_IMPORT_JOBS.amocrm]: defineJob({ target: 'amocrm', payload, run }),
};
