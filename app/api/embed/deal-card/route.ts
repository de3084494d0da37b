import { embedRoute } from '@/lib/auth/embed-route';
import { dealCardForClaims } from '@/lib/sync/embed-api';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-deal-card', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await dealCardForClaims(await embedDepsFromRuntime(), claims)),
);
