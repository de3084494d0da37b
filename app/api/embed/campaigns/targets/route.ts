import { embedRoute } from '@/lib/auth/embed-route';
import { deliveryTargetsForClaims } from '@/lib/mailings/delivery-targets';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** What a mailing's delivery may be set to in this CRM: pipelines, stages, business processes. */
export const GET = embedRoute(
  'embed-campaign-targets',
  embedKeyFromRuntime,
  async (_request, _context, claims) =>
    Response.json(await deliveryTargetsForClaims(await embedDepsFromRuntime(), claims)),
);
