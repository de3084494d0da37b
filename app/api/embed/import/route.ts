import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { importActionForClaims, importForClaims } from '@/lib/sync/crm-import/import-api';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-import', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await importForClaims(await embedQueueDepsFromRuntime(), claims)),
);

export const POST = embedRoute(
  'embed-import-action',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await importActionForClaims(
        await embedQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 1024),
      ),
    ),
);
