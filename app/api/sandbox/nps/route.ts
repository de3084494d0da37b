import { NotFoundError } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';
import { getRuntime } from '@/lib/runtime';
import { sandboxNpsDemo, sandboxNpsScore } from '@/lib/sandbox/sandbox-nps';

export const dynamic = 'force-dynamic';

async function sandboxOnly() {
  if (!(await getRuntime()).config.sandbox) throw new NotFoundError('The sandbox is off');
}

/** Sandbox only: an NPS mailing to a portal contact now → {link, contactId}. */
export const POST = publicRoute('sandbox-nps', async () => {
  await sandboxOnly();
  const made = await sandboxNpsDemo();
  if (!made) throw new NotFoundError('The sandbox is not ready yet');
  return Response.json(made);
});

/** Sandbox only: ?contact=<id> → the NPS score the portal holds for the contact. */
export const GET = publicRoute('sandbox-nps-score', async (request) => {
  await sandboxOnly();
  const contact = new URL(request.url).searchParams.get('contact') ?? '';
  return Response.json({ score: /^\d+$/.test(contact) ? await sandboxNpsScore(contact) : null });
});
