import { embedRoute } from '@/lib/auth/embed-route';
import { bonusPanelForClaims, creditForClaims } from '@/lib/bonuses/bonus-api';
import { readJsonBody } from '@/lib/http/json-body';
import {
  embedCrmQueueDepsFromRuntime,
  embedDepsFromRuntime,
  embedKeyFromRuntime,
} from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-bonuses', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await bonusPanelForClaims(await embedDepsFromRuntime(), claims, new URL(request.url).searchParams),
  ),
);

export const POST = embedRoute(
  'embed-bonuses-credit',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await creditForClaims(await embedCrmQueueDepsFromRuntime(), claims, await readJsonBody(request, 8_192)),
    ),
);
