import { embedRoute } from '@/lib/auth/embed-route';
import { contactsForClaims, createContactForClaims } from '@/lib/bookings/contact-api';
import { readJsonBody } from '@/lib/http/json-body';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';

export const dynamic = 'force-dynamic';

export const GET = embedRoute(
  'embed-booking-contacts',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await contactsForClaims(await embedDepsFromRuntime(), claims, new URL(request.url).searchParams),
    ),
);

export const POST = embedRoute(
  'embed-booking-contact-create',
  embedKeyFromRuntime,
  async (request, _context, claims) =>
    Response.json(
      await createContactForClaims(await embedDepsFromRuntime(), claims, await readJsonBody(request, 4_096)),
    ),
);
