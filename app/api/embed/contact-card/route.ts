import { embedRoute } from '@/lib/auth/embed-route';
import { contactCardForClaims } from '@/lib/sync/embed-api';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-contact-card', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await contactCardForClaims(await embedDepsFromRuntime(), claims)),
);
