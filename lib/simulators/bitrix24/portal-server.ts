import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostPages } from './host-pages';
import { flatQuery, readBody, record, requestParams, sendJson, sendText, splitUrl } from './http-io';
import { executeRest, type RawCall, type RestEnv } from './rest-call';
import type { RecordedRequest } from './types';

/**
 * The portal's HTTP front. REST lives under `/rest/`: `/rest/{method}` with an optional `.json`
 * suffix (what BX24.js and the docs' curl examples use) and the SDK's `/rest//{method}` (B24OAuth
 * joins `clientEndpoint` and `/method`; the portal's nginx merges the slashes), or an inbound
 * webhook's `/rest/{userId}/{secret}/{method}`. Parameters come from the query and the body
 * (JSON or form-urlencoded), credentials from `auth` / `access_token` or a Bearer header.
 * The host pages that frame our app (host-pages.ts) live at `/marketplace/app/` and
 * `/crm/{contact|deal}/details/{id}/`. Anything else on the portal is 404.
 */

const WEBHOOK = /^\/rest\/(\d+)\/([^/]+)\/([^/]+)$/;
const METHOD = /^\/rest\/([^/]+)$/;

function parseCall(path: string): { method: string; webhook: RawCall['webhook'] } | null {
  const hook = WEBHOOK.exec(path);
  if (hook) {
    return {
      method: (hook[3] ?? '').replace(/\.json$/i, '').toLowerCase(),
      webhook: { userId: Number(hook[1]), secret: hook[2] ?? '' },
    };
  }
  const plain = METHOD.exec(path);
  if (!plain) return null;
  return { method: (plain[1] ?? '').replace(/\.json$/i, '').toLowerCase(), webhook: null };
}

const PORTAL_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#2fc6f6"/></svg>';

export function createPortalHandler(env: RestEnv, requests: RecordedRequest[], hostPages: HostPages) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const raw = await readBody(req);
      const { path, query } = splitUrl(req.url);
      const httpMethod = req.method ?? 'GET';
      const at = env.state.now().getTime();
      const call = parseCall(path);
      const log = (status: number) =>
        record(requests, {
          server: 'portal',
          httpMethod,
          path,
          query: flatQuery(query),
          body: raw ?? '',
          restMethod: call?.method ?? null,
          status,
          at,
        });
      if (httpMethod === 'OPTIONS') {
        log(200);
        sendJson(res, 200, null);
        return;
      }
      // A browser opening a host page asks for the portal's icon; a real portal has one.
      if (!call && path === '/favicon.ico') {
        log(200);
        res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400' });
        res.end(PORTAL_ICON);
        return;
      }
      if (!call && hostPages.handles(path)) {
        const page = hostPages.handle(httpMethod, path, query, raw ?? '');
        log(page.status);
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(page.status, {
            ...page.headers,
            'Content-Length': String(Buffer.byteLength(page.body)),
          });
          res.end(httpMethod === 'HEAD' ? undefined : page.body);
        }
        return;
      }
      if (!call) {
        log(404);
        sendText(res, 404, 'Not Found');
        return;
      }
      if (raw === null) {
        log(413);
        sendText(res, 413, 'Request Entity Too Large');
        return;
      }
      const authorization = req.headers.authorization ?? '';
      const bearer = /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '') : null;
      const outcome = executeRest(env, {
        method: call.method,
        params: requestParams(req, query, raw),
        bearer,
        webhook: call.webhook,
      });
      log(outcome.status);
      sendJson(res, outcome.status, outcome.body);
    })().catch((error: unknown) => {
      console.error('[b24-sim] portal request failed', error);
      sendJson(res, 500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    });
  };
}
