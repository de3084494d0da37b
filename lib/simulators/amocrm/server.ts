import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountRoutes } from './api-account';
import { activityRoutes } from './api-activity';
import { catalogRoutes } from './api-catalogs';
import { complexRoutes } from './api-complex';
import { crmRoutes } from './api-crm';
import { eventRoutes } from './api-events';
import { taskRoutes } from './api-tasks';
import type { AccountCore, ApiRequest, Route } from './core';
import {
  contentTypeOf,
  flatHeaders,
  readBody,
  record,
  sendEmpty,
  sendHal,
  sendProblem,
  sendText,
  splitUrl,
} from './http-io';
import type { RateLimiter } from './limits';
import { bearerOf, handleAccessToken, handleAccountSubdomain, type OAuthDeps } from './oauth';
import { ApiError, apiProblem } from './problems';
import type { RecordedRequest } from './types';
import { type WidgetHost, writeAnswer } from './widget-host';

/**
 * The account host's request pipeline: record every request with the status it got; the
 * account block first (403 plain text for everything), then OAuth, then API v4 — rate limit
 * (429 problem+json with `retry_after` and a `Retry-After` header), Bearer check (401
 * problem+json), JSON body (writes must be `application/json`), routing (404 for unknown paths,
 * 405 for a known path with another verb), and the handlers' answers (204 with no body for
 * empty lists).
 */

const ROUTES: Route[] = [
  ...accountRoutes,
  ...crmRoutes,
  ...complexRoutes,
  ...catalogRoutes,
  ...activityRoutes,
  ...taskRoutes,
  ...eventRoutes,
];

export interface ServerDeps extends OAuthDeps {
  core: AccountCore;
  limiter: RateLimiter;
  requests: RecordedRequest[];
  userIsAdmin(userId: number): boolean;
  /** The browser side when our widget is installed: its files, the account pages, disposable tokens. */
  widgetHost?: WidgetHost;
}

export function createHandler(deps: ServerDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readBody(req)) ?? '';
    const { path, query } = splitUrl(req.url);
    let status = 500;
    try {
      status = await route(deps, req, res, path, query, body);
    } catch (error) {
      status = 500;
      sendProblem(res, 500, apiProblem(500, error instanceof Error ? error.message : 'Internal error'));
    }
    record(deps.requests, {
      method: req.method ?? 'GET',
      path,
      query,
      headers: flatHeaders(req),
      body,
      status,
      at: new Date(deps.nowMs()),
    });
  };
}

async function route(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  body: string,
) {
  const now = deps.nowMs();
  if (deps.limiter.isBlocked(now)) {
    sendText(res, 403, '403 Forbidden');
    return 403;
  }
  if (deps.widgetHost?.handles(path))
    return writeAnswer(res, req.method ?? 'GET', deps.widgetHost.answer(req, path, query));
  if (path === '/oauth2/access_token') return handleAccessToken(deps, req, res, body);
  if (path === '/oauth2/account/subdomain') return handleAccountSubdomain(deps, req, res);
  if (!path.startsWith('/api/v4/')) {
    sendProblem(res, 404, apiProblem(404, 'Not Found'));
    return 404;
  }
  const admission = deps.limiter.admit(now);
  if (admission.kind === 'blocked') {
    sendText(res, 403, '403 Forbidden');
    return 403;
  }
  if (admission.kind === 'limited') {
    const after = admission.retryAfterSeconds;
    sendProblem(res, 429, apiProblem(429, 'Too many requests', { retry_after: after }), {
      'Retry-After': String(after),
    });
    return 429;
  }
  const token = bearerOf(req);
  const grant = token ? deps.tokens.check(token, now) : null;
  if (!grant) {
    sendProblem(res, 401, apiProblem(401, 'Invalid user name or password'));
    return 401;
  }
  const method = req.method ?? 'GET';
  const matches = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m);
  const hit = matches.find((x) => x.r.method === method);
  if (!hit?.m) {
    const status = matches.length ? 405 : 404;
    sendProblem(res, status, apiProblem(status, status === 405 ? 'Method Not Allowed' : 'Not Found'));
    return status;
  }
  let parsed: unknown;
  if (method !== 'GET' && body.trim() !== '') {
    if (contentTypeOf(req) !== 'application/json') {
      sendProblem(res, 415, apiProblem(415, 'Content-Type must be application/json'));
      return 415;
    }
    try {
      parsed = JSON.parse(body);
    } catch {
      sendProblem(res, 400, apiProblem(400, 'Invalid JSON'));
      return 400;
    }
  }
  const apiReq: ApiRequest = {
    method,
    path,
    query: new URLSearchParams(query),
    body: parsed,
    userId: grant.userId,
    isAdmin: deps.userIsAdmin(grant.userId),
  };
  try {
    const answer = hit.r.handler(deps.core, apiReq, hit.m.slice(1));
    if (answer.status === 204) sendEmpty(res, 204);
    else sendHal(res, answer.status, answer.body ?? null);
    return answer.status;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendProblem(res, error.status, error.body);
    return error.status;
  }
}
