import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';
import { retryJournalEntryForClaims } from '@/lib/sync/journal/journal-api';

export const dynamic = 'force-dynamic';

/** An admin retries a failed operation of the journal: `{ "id": <entry id> }`. */
export const POST = embedRoute(
  'embed-journal-retry',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await retryJournalEntryForClaims(
        await embedQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 1024),
      ),
    ),
);
