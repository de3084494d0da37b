import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { deliveryTargetsForClaims } from '@/lib/mailings/delivery-targets';
import { checkTriggerForClaims } from '@/lib/mailings/trigger-check';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** What a mailing's delivery may be set to in this CRM: pipelines, stages, business processes. */
export const GET = embedRoute(
  'embed-campaign-targets',
  embedKeyFromRuntime,
  async (_request, _context, claims) =>
    Response.json(await deliveryTargetsForClaims(await embedDepsFromRuntime(), claims)),
);

/** Bitrix24: the app's trigger tried on a deal an admin names — did a rule react? */
export const POST = embedRoute(
  'embed-campaign-trigger-check',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await checkTriggerForClaims(await embedDepsFromRuntime(), claims, await readJsonBody(request, 1024)),
    ),
);
