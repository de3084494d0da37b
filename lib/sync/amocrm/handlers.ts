import { bearerOf } from '@/lib/auth/embed-token';
import { accountBaseUrl } from '@/lib/crm/amocrm/account-url';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { limitPublicRoute } from '@/lib/http/public-rate-limit';
import { errorResponse } from '@/lib/http/respond';
import { type NextRouteContext, publicRoute } from '@/lib/http/route';
import { connectAmocrmAccount } from './connect';
import { type AmocrmDeps, requireKeys } from './deps';
import { disconnectAmocrmAccount } from './disconnect';
import { openAmocrmEmbedSession } from './embed-session';
import { isValidOAuthState, makeOAuthState } from './oauth-state';
import { receiveAmocrmWebhook } from './webhooks';

/** Route wrappers for amoCRM as a caller (the OAuth redirect, hooks, the widget's CORS request). */

export type AmocrmRouteDeps = AmocrmDeps & {
  embedKey: Uint8Array;
  stateKey: Buffer;
  frameHostKey: Buffer;
  /** The embed-session's rate limits (lib/http/public-rate-limit); off when unset. */
  publicLimits?: { trustedProxyHops: number };
};
type GetDeps = () => Promise<AmocrmRouteDeps>;

const AUTHORIZE_URL = 'https://www.amocrm.ru/oauth';
const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

export function amocrmOAuthStartHandler(getDeps: GetDeps) {
  return publicRoute<NextRouteContext>('amocrm-oauth-start', async () => {
    const deps = await getDeps();
    const query = new URLSearchParams({
      client_id: requireKeys(deps).clientId,
      state: makeOAuthState(deps.stateKey),
      mode: 'post_message',
    });
    return new Response(null, { status: 302, headers: { location: `${AUTHORIZE_URL}?${query}` } });
  });
}

export function amocrmOAuthCallbackHandler(getDeps: GetDeps) {
  return publicRoute<NextRouteContext>('amocrm-oauth-callback', async (request) => {
    const deps = await getDeps();
    const url = new URL(request.url);
    const result = await connectAmocrmAccount(deps, {
      code: url.searchParams.get('code'),
      referer: url.searchParams.get('referer'),
      stateValid: isValidOAuthState(deps.stateKey, url.searchParams.get('state')),
      fromWidget: url.searchParams.get('from_widget') === '1',
    });
    const page = new URLSearchParams({ account: result.subdomain });
    return new Response(null, { status: 303, headers: { location: `/amocrm/connected?${page}` } });
  });
}

export function amocrmDisconnectHandler(getDeps: GetDeps) {
  return publicRoute<NextRouteContext>('amocrm-oauth-disconnect', async (request) => {
    const url = new URL(request.url);
    const outcome = await disconnectAmocrmAccount(await getDeps(), {
      accountId: url.searchParams.get('account_id'),
      clientUuid: url.searchParams.get('client_uuid') ?? url.searchParams.get('client_id'),
      signature: url.searchParams.get('signature'),
    });
    return Response.json({ ok: true, outcome });
  });
}

/** CORS for the widget's `$authorizedAjax`: only an amoCRM account's page may call, with X-Auth-Token. */
function corsHeaders(request: Request, allowHttpLoopback: boolean): Record<string, string> {
  const origin = request.headers.get('origin');
  const host = origin ? new URL(origin).host : null;
  const allowed = origin && host && accountBaseUrl(host, allowHttpLoopback) === origin;
  return {
    ...(allowed ? { 'access-control-allow-origin': origin } : {}),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'X-Auth-Token, Content-Type',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

export function amocrmEmbedSessionHandlers(getDeps: GetDeps) {
  return {
    OPTIONS: publicRoute<NextRouteContext>('amocrm-embed-session-preflight', async (request) => {
      const deps = await getDeps();
      return new Response(null, { status: 204, headers: corsHeaders(request, deps.allowHttpLoopback) });
    }),
    POST: publicRoute<NextRouteContext>('amocrm-embed-session', async (request) => {
      const deps = await getDeps();
      const cors = corsHeaders(request, deps.allowHttpLoopback);
      try {
        await limitPublicRoute(deps, 'embed-session', request);
        const lang = (request.headers.get('accept-language') ?? '').toLowerCase().startsWith('en')
          ? 'en'
          : 'ru';
        const session = await openAmocrmEmbedSession(deps, {
          token: request.headers.get('x-auth-token') ?? bearerOf(request),
          body: await readJsonBody(request, 4096),
          lang,
        });
        return Response.json(session, { headers: cors });
      } catch (error) {
        // Errors keep the CORS headers, so the widget can read the envelope.
        const response = errorResponse(error, { route: 'amocrm-embed-session' });
        for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
        return response;
      }
    }),
  };
}

export function amocrmWebhookHandler(getDeps: GetDeps) {
  return publicRoute<NextRouteContext>('amocrm-webhook', async (request, context) => {
    if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new UnsupportedMediaTypeError('amoCRM posts application/x-www-form-urlencoded');
    }
    const raw = await request.text();
    if (Buffer.byteLength(raw) > MAX_WEBHOOK_BYTES)
      throw new PayloadTooLargeError('An amoCRM webhook may not exceed 4 MB');
    const { secret } = (await context.params) as { secret: string };
    const result = await receiveAmocrmWebhook(await getDeps(), { secret, rawBody: raw });
    return Response.json({ ok: true, ...result });
  });
}
