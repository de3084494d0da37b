import { clientEndpointOf, frameFormSchema, frameQuerySchema, parseForm } from '@/lib/crm/bitrix24/inbound';
import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@/lib/http/errors';
import { frameHostQuery } from '@/lib/http/frame-host';
import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import type { Bitrix24RouteDeps } from './deps';
import { MAX_EVENT_BYTES, receiveBitrix24Event } from './events';
import { openFrame } from './frame';
import { installFromFrame } from './install';

/**
 * Route wrappers for Bitrix24 as a caller: form-urlencoded bodies (bracketed keys, parsed with qs),
 * a size cap, the error envelope. Authentication is in the flows they call: the application token
 * for events, app.info on the OAuth server for installs.
 */

async function readForm(request: Request): Promise<string> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaTypeError('Bitrix24 posts application/x-www-form-urlencoded');
  }
  if (Number(request.headers.get('content-length') ?? 0) > MAX_EVENT_BYTES) {
    throw new PayloadTooLargeError('A Bitrix24 request may not exceed 64 KB');
  }
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_EVENT_BYTES)
    throw new PayloadTooLargeError('A Bitrix24 request may not exceed 64 KB');
  return raw;
}

export function bitrix24EventsHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-events', async (request) => {
    const raw = await readForm(request);
    const outcome = await receiveBitrix24Event(await getDeps(), raw);
    return Response.json({ ok: true, outcome });
  });
}

/** The frame's query (DOMAIN, PROTOCOL, LANG, APP_SID) and POST form (AUTH_ID, member_id…). */
export function parseFrameRequest(url: string, raw: string) {
  const query = frameQuerySchema.safeParse(Object.fromEntries(new URL(url).searchParams));
  const form = frameFormSchema.safeParse(parseForm(raw));
  if (!query.success || !form.success) {
    throw new InvalidRequestError('Not a Bitrix24 frame request: DOMAIN, AUTH_ID and member_id are required');
  }
  return { ...query.data, ...form.data };
}

/** The installer frame: verify and set up, then 303 to the GET page that calls installFinish. */
export function bitrix24InstallHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-install', async (request) => {
    const frame = parseFrameRequest(request.url, await readForm(request));
    const deps = await getDeps();
    const result = await installFromFrame(deps, frame);
    const page = new URLSearchParams({
      lang: frame.LANG === 'en' ? 'en' : 'ru',
      setup: result.setupError ? 'retrying' : 'done',
      ...frameHostQuery(deps.frameHostKey, new URL(clientEndpointOf(frame)).origin),
    });
    return new Response(null, { status: 303, headers: { location: `/bitrix24/install?${page}` } });
  });
}

/** The app's main frame and every placement: authenticate, mint the embed token, 303 to the page. */
export function bitrix24FrameHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-frame', async (request) => {
    const frame = parseFrameRequest(request.url, await readForm(request));
    const opening = await openFrame(await getDeps(), frame);
    return new Response(null, { status: 303, headers: { location: opening.location } });
  });
}
