import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { keepConnectionsLikeTheRealServices } from '../shared/keep-alive';
import { type Auth, unauthorized } from './auth';
import { type Faults, faultReply } from './faults';
import { canonicalJson, empty, limeError, problem, Refusal, type Reply, readBody, send } from './http-io';
import { checkKey } from './idempotency';
import type { ParkState } from './park-state';
import type { Route } from './route';
import { SIM_ERROR_STATUS, SimError } from './sim-error';
import type { SimCapabilities, SimOrigin } from './types';
import { LIME_ORIGIN } from './types';

/**
 * The HTTP front: request log, `//` collapsed (morphes/lime builds `//api/...` and
 * `//connect/token`), faults, the token endpoint, then for `/api/{Controller}/{Action}`:
 * authentication (401, empty body) → route (unknown: 404, empty body; matched case-insensitively
 * like ASP.NET) → capability (an assumed path switched off: 404, empty body) → verb (405) →
 * JSON body (415 without `application/json`; malformed: 400 problem details on observed paths,
 * 422 validation_failed on assumed ones) → Idempotency-Key → handler.
 *
 * Origin of writes: a request carrying `X-Lime-Integration: <name>` (the adapter sends
 * `crm-bridge`) is logged as `{ source: 'integration', integration: <name> }`; any other request
 * as `{ source: 'lime', integration: null }`.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export const MAX_RECORDED = 5000;

export interface ServerDeps {
  park: ParkState;
  auth: Auth;
  faults: Faults;
  capabilities: SimCapabilities;
  routes: readonly Route[];
  requests: RecordedRequest[];
  control: (method: string, path: string, body: string) => Promise<Reply>;
}

const API_PATH = /^\/api\/([^/]+)\/([^/]+)\/?$/;

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function originOf(req: IncomingMessage): SimOrigin {
  const header = req.headers['x-lime-integration'];
  const name = (Array.isArray(header) ? header[0] : header)?.trim();
  return name ? { source: 'integration', integration: name } : LIME_ORIGIN;
}

function badBody(route: Route, message: string): Reply {
  return route.kind === 'observed' ? problem({ $: [message] }) : limeError(422, 'validation_failed', message);
}

export function handleApi(
  deps: ServerDeps,
  req: IncomingMessage,
  path: string,
  query: string,
  raw: string,
): Reply {
  if (!deps.auth.authorizes(req.headers.authorization)) return unauthorized();
  const match = API_PATH.exec(path);
  const key = match ? `${match[1]}/${match[2]}`.toLowerCase() : '';
  const route = deps.routes.find((r) => r.path.toLowerCase() === key);
  if (!route) return empty(404);
  const caps = deps.capabilities;
  if (route.kind === 'assumed' && (!caps.assumed || (route.capability && !caps[route.capability]))) {
    return empty(404);
  }
  const method = req.method ?? 'GET';
  if (!(route.methods as readonly string[]).includes(method))
    return empty(405, { Allow: route.methods.join(', ') });
  let body: unknown;
  if (route.body === 'json' && method === 'POST') {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/([a-z.+-]*\+)?json\b/.test(type)) return empty(415);
    if (raw.trim() === '') return badBody(route, 'A non-empty request body is required.');
    try {
      body = JSON.parse(raw);
    } catch {
      return badBody(route, 'The request body is not valid JSON.');
    }
  }
  const run = (): Reply => {
    try {
      return route.handle({
        park: deps.park,
        query: new URLSearchParams(query),
        body,
        origin: originOf(req),
        capabilities: caps,
      });
    } catch (error) {
      if (error instanceof Refusal) return error.reply;
      if (error instanceof SimError) {
        if (route.kind === 'observed' && error.code === 'validation_failed')
          return problem({ $: [error.message] });
        return limeError(SIM_ERROR_STATUS[error.code], error.code, error.message, error.extra);
      }
      throw error;
    }
  };
  const mode = route.idempotency;
  if (!mode || (mode === 'honoured' && !caps.assumed)) return run();
  const header = req.headers['idempotency-key'];
  const idempotencyKey = Array.isArray(header) ? header[0] : header;
  const check = checkKey(deps.park, idempotencyKey, mode, `${method} ${key} ${canonicalJson(body)}`);
  if ('reply' in check) return check.reply;
  const reply = run();
  check.remember(reply);
  return reply;
}

export function createLimeServer(deps: ServerDeps): { server: Server; held: Set<ServerResponse> } {
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const [rawPath = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
      const path = rawPath.replace(/\/{2,}/g, '/');
      const method = req.method ?? 'GET';
      if (path.startsWith('/__sim/')) {
        send(res, await deps.control(method, path, raw ?? ''));
        return;
      }
      deps.requests.push({ method, path, headers: flatHeaders(req), body: raw ?? '' });
      if (deps.requests.length > MAX_RECORDED) deps.requests.splice(0, deps.requests.length - MAX_RECORDED);
      const fault = deps.faults.take(path);
      const hold = () => {
        held.add(res);
        res.on('close', () => held.delete(res));
      };
      if (fault === 'timeout') {
        hold();
        return;
      }
      if (fault && fault !== 'drop_after_commit' && fault !== 'hang_after_commit') {
        send(res, faultReply(fault));
        return;
      }
      let reply: Reply;
      if (raw === null) reply = empty(413);
      else if (path.toLowerCase() === '/connect/token') {
        reply = deps.auth.tokenEndpoint(method, req.headers['content-type'], raw);
      } else if (path.toLowerCase().startsWith('/api/')) reply = handleApi(deps, req, path, query, raw);
      else reply = empty(404);
      if (fault === 'drop_after_commit') {
        res.socket?.destroy();
        return;
      }
      if (fault === 'hang_after_commit') {
        hold();
        return;
      }
      send(res, reply);
    })().catch((error: unknown) => {
      console.error('[lime-sim] request failed', error);
      send(res, empty(500));
    });
  });
  keepConnectionsLikeTheRealServices(server);
  return { server, held };
}
