import { embedRoute } from '@/lib/auth/embed-route';
import { selectionForClaims } from '@/lib/sync/embed-api';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-selection', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await selectionForClaims(await embedDepsFromRuntime(), claims)),
);
