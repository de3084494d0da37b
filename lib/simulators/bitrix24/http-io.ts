import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, readBody as readRequestBody } from '../shared/http-body';
import { isMap, parseStr } from './php';
import type { JsonValue, PhpMap, RecordedRequest } from './types';

/**
 * HTTP plumbing shared by the portal and the authorization server: bodies, JSON answers, the
 * request log, and CRestUtil::getRequestData — query parameters, then a form body (parsed like
 * PHP's $_POST) or, for any other POST, the raw body: JSON when the Content-Type is exactly
 * `application/json` (undecodable JSON counts as no parameters), parse_str otherwise; body keys
 * replace query keys.
 */

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_RECORDED = 10_000;

export const readBody = (req: IncomingMessage): Promise<string | null> =>
  readRequestBody(req, MAX_BODY_BYTES);

export function splitUrl(url: string | undefined): { path: string; query: string } {
  const [rawPath = '/', query = ''] = (url ?? '/').split(/\?(.*)/s, 2);
  return { path: rawPath.replace(/\/{2,}/g, '/'), query };
}

export { contentTypeOf };

export function requestParams(req: IncomingMessage, query: string, body: string): PhpMap {
  const fromQuery = parseStr(query);
  if (req.method !== 'POST' || body.trim() === '') return fromQuery;
  const type = contentTypeOf(req);
  let fromBody: PhpMap = {};
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(body) as JsonValue;
      fromBody = isMap(parsed) ? parsed : {};
    } catch {
      fromBody = {};
    }
  } else fromBody = parseStr(body.trim());
  return { ...fromQuery, ...fromBody };
}

export function flatQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) out[k] = v;
  return out;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonValue,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'origin, content-type, accept, authorization',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function record(requests: RecordedRequest[], entry: RecordedRequest): void {
  requests.push(entry);
  if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
}
