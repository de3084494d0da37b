import { embedRoute } from '@/lib/auth/embed-route';
import { goodsForClaims } from '@/lib/bookings/booking-api';
import { embedKeyFromRuntime, embedQueueDepsFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-booking-goods', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await goodsForClaims(await embedQueueDepsFromRuntime(), claims, new URL(request.url).searchParams),
  ),
);
