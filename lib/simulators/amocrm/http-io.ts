import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, readBody as readRequestBody } from '../shared/http-body';
import type { JsonValue, RecordedRequest } from './types';

/**
 * HTTP plumbing for the account host: bodies, the three kinds of answer amoCRM gives
 * (`application/hal+json` for success, `application/problem+json` for API errors, plain text
 * for the account block), 204 with no body, and the request log.
 */

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_RECORDED = 10_000;

export const readBody = (req: IncomingMessage): Promise<string | null> =>
  readRequestBody(req, MAX_BODY_BYTES);

export function splitUrl(url: string | undefined): { path: string; query: string } {
  const [rawPath = '/', query = ''] = (url ?? '/').split(/\?(.*)/s, 2);
  return { path: rawPath.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'), query };
}

export { contentTypeOf };

function send(
  res: ServerResponse,
  status: number,
  type: string,
  text: string,
  extra: Record<string, string>,
) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}

export function sendHal(
  res: ServerResponse,
  status: number,
  body: JsonValue,
  extra: Record<string, string> = {},
) {
  send(res, status, 'application/hal+json', JSON.stringify(body), extra);
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  body: JsonValue,
  extra: Record<string, string> = {},
) {
  send(res, status, 'application/problem+json', JSON.stringify(body), extra);
}

/** The OAuth server answers plain `application/json`. */
export function sendJson(res: ServerResponse, status: number, body: JsonValue) {
  send(res, status, 'application/json', JSON.stringify(body), {});
}

export function sendText(res: ServerResponse, status: number, text: string) {
  send(res, status, 'text/plain; charset=utf-8', text, {});
}

export function sendEmpty(res: ServerResponse, status: 204) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status);
  res.end();
}

export function record(requests: RecordedRequest[], entry: RecordedRequest): void {
  requests.push(entry);
  if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
