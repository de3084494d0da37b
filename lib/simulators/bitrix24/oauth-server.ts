import type { IncomingMessage, ServerResponse } from 'node:http';
import { flatQuery, readBody, record, requestParams, sendJson, splitUrl } from './http-io';
import { strval } from './php';
import type { PortalState } from './portal-state';
import type { TokenPair } from './tokens';
import type { JsonObject, RecordedRequest } from './types';
import { timeInfo } from './wire-time';

/**
 * The authorization server (oauth.bitrix.info / oauth.bitrix24.tech), a separate host:
 * - `/oauth/token/` (GET query or POST form, as settings/oauth/auto-renewal.md and the SDK send
 *   it): grant_type=refresh_token rotates the pair (the old refresh token is spent: reusing it
 *   is `invalid_grant`), grant_type=authorization_code trades a 30-second code; a wrong
 *   client_id/client_secret is `invalid_client`, a missing parameter `invalid_request`, all 400.
 *   The answer's `domain` is this server's host and `scope` is "app", as in the docs' example.
 * - `/rest/app.info?auth=TOKEN`: the trusted check of a portal access token (our documented
 *   assumption of its shape, see README): `{result: {scope, client_id, expires, install: {…},
 *   user_id, status, member_id, domain}, time}`; 401 invalid_token / expired_token otherwise.
 */

function oauthError(res: ServerResponse, status: number, error: string, description: string): number {
  sendJson(res, status, { error, error_description: description });
  return status;
}

function tokenAnswer(state: PortalState, pair: TokenPair): JsonObject {
  const id = state.identity;
  return {
    access_token: pair.access.token,
    expires: Math.floor(pair.access.expiresAt / 1000),
    expires_in: state.tokens.ttlSeconds,
    scope: 'app',
    domain: id.oauthDomain,
    server_endpoint: id.serverEndpoint,
    status: 'F',
    client_endpoint: id.clientEndpoint,
    member_id: id.memberId,
    user_id: pair.access.userId,
    refresh_token: pair.refreshToken,
  };
}

function tokenEndpoint(state: PortalState, params: Record<string, unknown>, res: ServerResponse): number {
  const grant = strval(params.grant_type as string);
  const clientId = strval(params.client_id as string);
  const secret = strval(params.client_secret as string);
  if (grant === '' || clientId === '') return oauthError(res, 400, 'invalid_request', 'Invalid request');
  if (clientId !== state.app.clientId || secret !== state.app.clientSecret) {
    return oauthError(
      res,
      400,
      'invalid_client',
      'Invalid client data. The application may not be installed.',
    );
  }
  if (grant === 'refresh_token') {
    const refresh = strval(params.refresh_token as string);
    if (refresh === '') return oauthError(res, 400, 'invalid_request', 'refresh_token is required');
    const pair = state.installed ? state.tokens.rotate(refresh) : null;
    if (!pair)
      return oauthError(res, 400, 'invalid_grant', 'Invalid grant: the refresh token is invalid or spent');
    state.refreshCount += 1;
    sendJson(res, 200, tokenAnswer(state, pair));
    return 200;
  }
  if (grant === 'authorization_code') {
    const pair = state.installed ? state.tokens.exchangeCode(strval(params.code as string)) : null;
    if (!pair) return oauthError(res, 400, 'invalid_grant', 'Invalid grant: the code is invalid or expired');
    sendJson(res, 200, tokenAnswer(state, pair));
    return 200;
  }
  return oauthError(res, 400, 'invalid_request', `Unsupported grant_type "${grant}"`);
}

function appInfo(state: PortalState, params: Record<string, unknown>, res: ServerResponse): number {
  const token = strval(params.auth as string) || strval(params.access_token as string);
  const check = token === '' ? null : state.tokens.check(token);
  if (!check?.ok) {
    const expired = check?.error === 'expired_token';
    return oauthError(
      res,
      401,
      expired ? 'expired_token' : 'invalid_token',
      expired ? 'The access token provided has expired' : 'The access token provided is invalid.',
    );
  }
  const started = state.now();
  sendJson(res, 200, {
    result: {
      scope: state.app.scope.join(','),
      client_id: state.app.clientId,
      expires: Math.floor(check.grant.expiresAt / 1000),
      install: {
        installed: state.installFinished,
        version: state.app.version,
        status: 'F',
        payment_expired: 'N',
        days: null,
        license: state.license(),
        language_id: state.lang,
      },
      user_id: check.grant.userId,
      status: 'F',
      member_id: state.identity.memberId,
      domain: state.identity.domain,
    },
    time: {
      ...timeInfo(started, 0.001, 0.001, state.zone, {
        operating: 0,
        resetAt: Math.floor(started.getTime() / 1000) + 600,
      }),
    },
  });
  return 200;
}

export function createOAuthHandler(state: PortalState, requests: RecordedRequest[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const raw = (await readBody(req)) ?? '';
      const { path, query } = splitUrl(req.url);
      const params = requestParams(req, query, raw) as Record<string, unknown>;
      const at = state.now().getTime();
      let status: number;
      let restMethod: string | null = null;
      if (path === '/oauth/token/' || path === '/oauth/token') status = tokenEndpoint(state, params, res);
      else if (/^\/rest\/app\.info(\.json)?$/.test(path)) {
        restMethod = 'app.info';
        status = appInfo(state, params, res);
      } else status = oauthError(res, 404, 'NOT_FOUND', 'Not found');
      record(requests, {
        server: 'oauth',
        httpMethod: req.method ?? 'GET',
        path,
        query: flatQuery(query),
        body: raw,
        restMethod,
        status,
        at,
      });
    })().catch((error: unknown) => {
      console.error('[b24-sim] oauth request failed', error);
      sendJson(res, 500, { error: 'server_error', error_description: 'Internal error' });
    });
  };
}
