import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, sendJson } from './http-io';
import { oauthProblem } from './problems';
import type { TokenStore } from './tokens';
import type { JsonValue } from './types';

/**
 * amoCRM's OAuth 2.0 endpoints on the account host:
 * - `POST /oauth2/access_token`, JSON (the docs) or form-urlencoded (league's client, which the
 *   PHP SDK uses): grant_type authorization_code (client_id, client_secret, code, redirect_uri
 *   byte-for-byte equal to the integration's) or refresh_token (the same plus refresh_token;
 *   amoCRM's example sends redirect_uri on refresh too, and so do we require it). Refresh tokens
 *   are single-use: a spent one → 401 `hint: "Token has been revoked"`.
 * - `GET /oauth2/account/subdomain` with Bearer → `{id, subdomain, domain, top_level_domain}`.
 */

export interface OAuthDeps {
  tokens: TokenStore;
  integration: { clientId: string; clientSecret: string; redirectUri: string };
  accountId: number;
  subdomain: string;
  nowMs(): number;
}

function params(req: IncomingMessage, body: string): Record<string, unknown> | null {
  const type = contentTypeOf(req);
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(body) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body));
  return null;
}

export function handleAccessToken(
  deps: OAuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): number {
  const answer = (status: number, json: JsonValue) => {
    sendJson(res, status, json);
    return status;
  };
  if (req.method !== 'POST') return answer(405, oauthProblem(400, 'Only POST is allowed'));
  const p = params(req, body);
  if (!p) return answer(400, oauthProblem(400, 'Check the `grant_type` parameter'));
  const grant = p.grant_type;
  if (grant !== 'authorization_code' && grant !== 'refresh_token')
    return answer(400, oauthProblem(400, 'Check the `grant_type` parameter'));
  if (typeof p.client_id !== 'string' || p.client_id === '')
    return answer(400, oauthProblem(400, 'Check the `client_id` parameter'));
  if (p.client_id !== deps.integration.clientId || p.client_secret !== deps.integration.clientSecret)
    return answer(401, oauthProblem(401, 'Client authentication failed'));
  if (p.redirect_uri !== deps.integration.redirectUri)
    return answer(400, oauthProblem(400, 'Invalid redirect URI'));
  const now = deps.nowMs();
  if (grant === 'authorization_code') {
    if (typeof p.code !== 'string' || p.code === '')
      return answer(400, oauthProblem(400, 'Check the `code` parameter'));
    const r = deps.tokens.redeemCode(p.code, now);
    if ('hint' in r) return answer(400, oauthProblem(400, r.hint));
    return answer(200, { token_type: 'Bearer', ...deps.tokens.issuePair(r.userId, now) });
  }
  if (typeof p.refresh_token !== 'string' || p.refresh_token === '')
    return answer(400, oauthProblem(400, 'Check the `refresh_token` parameter'));
  const r = deps.tokens.redeemRefresh(p.refresh_token, now);
  if ('hint' in r) return answer(401, oauthProblem(401, r.hint));
  return answer(200, { token_type: 'Bearer', ...deps.tokens.issuePair(r.userId, now) });
}

export function bearerOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

export function handleAccountSubdomain(deps: OAuthDeps, req: IncomingMessage, res: ServerResponse): number {
  const token = bearerOf(req);
  if (!token || !deps.tokens.check(token, deps.nowMs())) {
    sendJson(res, 401, oauthProblem(401, 'The resource owner or authorization server denied the request.'));
    return 401;
  }
  sendJson(res, 200, {
    id: deps.accountId,
    subdomain: deps.subdomain,
    domain: `${deps.subdomain}.amocrm.ru`,
    top_level_domain: 'ru',
  });
  return 200;
}
