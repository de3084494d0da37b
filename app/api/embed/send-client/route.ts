import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';
import { sendClientToCrm } from '@/lib/sync/send-client';

export const dynamic = 'force-dynamic';

export const POST = embedRoute('embed-send-client', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await sendClientToCrm(await embedQueueDepsFromRuntime(), claims, await readJsonBody(request, 4096)),
  ),
);
