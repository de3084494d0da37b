import { embedRoute } from '@/lib/auth/embed-route';
import { runActionForClaims, runsForClaims } from '@/lib/bonuses/run-api';
import { readJsonBody } from '@/lib/http/json-body';
import {
  embedCrmQueueDepsFromRuntime,
  embedKeyFromRuntime,
  embedQueueDepsFromRuntime,
} from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-bonus-runs', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await runsForClaims(await embedQueueDepsFromRuntime(), claims, new URL(request.url).searchParams),
  ),
);

export const POST = embedRoute(
  'embed-bonus-runs-action',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await runActionForClaims(
        await embedCrmQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 16_384),
      ),
    ),
);
