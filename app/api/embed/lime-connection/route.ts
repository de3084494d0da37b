import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';
import { saveLimeConnectionForClaims } from '@/lib/sync/settings-api';

export const dynamic = 'force-dynamic';

export const PUT = embedRoute(
  'embed-lime-connection',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await saveLimeConnectionForClaims(await embedDepsFromRuntime(), claims, await readJsonBody(request)),
    ),
);
