import { embedRoute } from '@/lib/auth/embed-route';
import { npsChartForClaims } from '@/lib/mailings/nps-chart';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

/** The NPS chart of the settings: ?from=YYYY-MM-DD&to=YYYY-MM-DD (default the last 90 days). */
export const GET = embedRoute('embed-nps', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await npsChartForClaims(await embedDepsFromRuntime(), claims, new URL(request.url).searchParams),
  ),
);
