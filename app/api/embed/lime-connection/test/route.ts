import { embedRoute } from '@/lib/auth/embed-route';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';
import { testLimeConnectionForClaims } from '@/lib/sync/settings-api';

export const dynamic = 'force-dynamic';

export const POST = embedRoute(
  'embed-lime-connection-test',
  embedKeyFromRuntime,
  async (_request, _context, claims) =>
    Response.json(await testLimeConnectionForClaims(await embedDepsFromRuntime(), claims)),
);
