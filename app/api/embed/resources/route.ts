import { embedRoute } from '@/lib/auth/embed-route';
import { resourceActionForClaims, resourcesForClaims } from '@/lib/bookings/resource-api';
import { readJsonBody } from '@/lib/http/json-body';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-resources', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await resourcesForClaims(await embedQueueDepsFromRuntime(), claims)),
);

export const POST = embedRoute(
  'embed-resources-action',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await resourceActionForClaims(
        await embedQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 8192),
      ),
    ),
);
