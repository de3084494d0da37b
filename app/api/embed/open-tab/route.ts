import { embedRoute } from '@/lib/auth/embed-route';
import { embedKeyFromRuntime, openTabLinkFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** A one-time link that opens the frame's user in a new, first-party tab. */
export const POST = embedRoute('embed-open-tab', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await openTabLinkFromRuntime(claims)),
);
