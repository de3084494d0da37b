import { openTabLink } from '@/lib/auth/tab-code';
import { clientEndpointOf, frameFormSchema, frameQuerySchema, parseForm } from '@/lib/crm/bitrix24/inbound';
import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@/lib/http/errors';
import { frameHostQuery } from '@/lib/http/frame-host';
import { readJsonBody } from '@/lib/http/json-body';
import { limitPublicRoute } from '@/lib/http/public-rate-limit';
import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import type { Bitrix24RouteDeps } from './deps';
import { MAX_EVENT_BYTES, receiveBitrix24Event, receiveWebhookEvent } from './events';
import { openFrame } from './frame';
import { installFromFrame } from './install';
import { receiveRobotCall } from './robot';
import { connectWebhookPortal } from './webhook-connect';

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

/** POST /api/bitrix24/robot: a workflow reached the bonus robot or workflow action. */
export function bitrix24RobotHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-robot', async (request) => {
    const raw = await readForm(request);
    const outcome = await receiveRobotCall(await getDeps(), raw);
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
    const deps = await getDeps();
    await limitPublicRoute(deps, 'bitrix24-frame', request);
    const frame = parseFrameRequest(request.url, await readForm(request));
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
    const deps = await getDeps();
    await limitPublicRoute(deps, 'bitrix24-frame', request);
    const frame = parseFrameRequest(request.url, await readForm(request));
    const opening = await openFrame(deps, frame);
    return new Response(null, { status: 303, headers: { location: opening.location } });
  });
}

/** POST /api/bitrix24/hooks/<connection id>: a webhook-mode portal's outgoing webhook. */
export function bitrix24HooksHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-hooks', async (request, context) => {
    const raw = await readForm(request);
    const { connectionId } = (await context.params) as { connectionId: string };
    const outcome = await receiveWebhookEvent(await getDeps(), { connectionId, rawBody: raw });
    return Response.json({ ok: true, outcome });
  });
}

/**
 * POST /api/bitrix24/webhook-connections: an admin connects a portal by its inbound webhook (and,
 * once created, the outgoing webhook's application token). The answer names the address to give
 * the outgoing webhook and a one-time link that signs the admin in to the settings, first-party
 * (lib/auth/tab-code: the same sign-in as "Open in a new tab").
 */
/** The sign-in link waits on the form while the admin sets up the outgoing webhook: 15 minutes, once. */
const WEBHOOK_SIGN_IN_SECONDS = 15 * 60;

export function bitrix24WebhookConnectHandler(getDeps: () => Promise<Bitrix24RouteDeps>) {
  return publicRoute<NextRouteContext>('bitrix24-webhook-connect', async (request) => {
    const deps = await getDeps();
    await limitPublicRoute(deps, 'bitrix24-frame', request);
    const body = (await readJsonBody(request, 8 * 1024)) as {
      webhookUrl?: unknown;
      applicationToken?: unknown;
      lang?: unknown;
    };
    const connection = await connectWebhookPortal(deps, {
      webhookUrl: body?.webhookUrl,
      applicationToken: body?.applicationToken,
    });
    const locale = body?.lang === 'en' ? 'en' : 'ru';
    const { url } = await openTabLink(
      deps.tabCodeKey,
      deps.appUrl,
      {
        tenantId: connection.connectionId,
        crm: 'bitrix24',
        userId: connection.admin.id,
        admin: true,
        locale,
      },
      WEBHOOK_SIGN_IN_SECONDS,
    );
    return Response.json({ ...connection, settingsUrl: url });
  });
}
