import { embedRoute } from '@/lib/auth/embed-route';
import { listRestLogForClaims } from '@/lib/rest-log/rest-log-api';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** The frame's tenant's REST log, for CRM administrators: `?system=&limit=&before=`. */
export const GET = embedRoute('embed-rest-log', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await listRestLogForClaims(
      await embedQueueDepsFromRuntime(),
      claims,
      Object.fromEntries(new URL(request.url).searchParams),
    ),
  ),
);
