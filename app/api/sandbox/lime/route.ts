import { NotFoundError } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';
import { getRuntime } from '@/lib/runtime';
import { sandboxAct } from '@/lib/sandbox/sandbox-view';

export const dynamic = 'force-dynamic';

const ACTIONS = new Set(['buy', 'pass', 'edit']);

/** The sandbox page's buttons: make something happen in the simulated park, then back to the page. */
export const POST = publicRoute('sandbox-lime', async (request) => {
  if (!(await getRuntime()).config.sandbox) throw new NotFoundError('The sandbox is off');
  const action = String((await request.formData()).get('action') ?? '');
  if (!ACTIONS.has(action)) throw new NotFoundError('No such sandbox action');
  await sandboxAct(action as 'buy' | 'pass' | 'edit');
  return new Response(null, { status: 303, headers: { location: '/sandbox' } });
});
