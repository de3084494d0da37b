import { embedRoute } from '@/lib/auth/embed-route';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';
import { listJournalForClaims } from '@/lib/sync/journal/journal-api';

export const dynamic = 'force-dynamic';

/** The sync journal of the frame's tenant: `?kind=&status=&direction=&before=&limit=`. */
export const GET = embedRoute('embed-journal', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await listJournalForClaims(
      await embedQueueDepsFromRuntime(),
      claims,
      Object.fromEntries(new URL(request.url).searchParams),
    ),
  ),
);
