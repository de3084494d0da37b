import { z } from 'zod';
import { NotFoundError } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';
import { getRuntime } from '@/lib/runtime';
import { sandboxDeleteDealStage } from '@/lib/sandbox/sandbox-crm';

export const dynamic = 'force-dynamic';

const formSchema = z.object({ action: z.literal('delete-stage'), stage: z.string().min(1).max(50) });

/** A manager's action in the sandbox's Bitrix24 portal (`action=delete-stage&stage=<id>`), then back to the page. */
export const POST = publicRoute('sandbox-crm', async (request) => {
  if (!(await getRuntime()).config.sandbox) throw new NotFoundError('The sandbox is off');
  const form = formSchema.parse(Object.fromEntries(await request.formData()));
  await sandboxDeleteDealStage(form.stage);
  return new Response(null, { status: 303, headers: { location: '/sandbox' } });
});
