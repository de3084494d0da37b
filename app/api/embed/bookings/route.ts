import { embedRoute } from '@/lib/auth/embed-route';
import { bookingActionForClaims, bookingBoardForClaims } from '@/lib/bookings/booking-api';
import { readJsonBody } from '@/lib/http/json-body';
import {
  embedCrmQueueDepsFromRuntime,
  embedKeyFromRuntime,
  embedQueueDepsFromRuntime,
} from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-bookings', embedKeyFromRuntime, async (request, _context, claims) =>
  Response.json(
    await bookingBoardForClaims(await embedQueueDepsFromRuntime(), claims, new URL(request.url).searchParams),
  ),
);

export const POST = embedRoute(
  'embed-bookings-action',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await bookingActionForClaims(
        await embedCrmQueueDepsFromRuntime(),
        claims,
        await readJsonBody(request, 16_384),
      ),
    ),
);
