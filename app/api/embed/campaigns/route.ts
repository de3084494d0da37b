import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { campaignActionForClaims, campaignsForClaims } from '@/lib/mailings/campaign-api';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-campaigns', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await campaignsForClaims(await embedQueueDepsFromRuntime(), claims)),
);

export const POST = embedRoute(
  'embed-campaigns-action',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await campaignActionForClaims(
        await embedQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 32_768),
      ),
    ),
);
