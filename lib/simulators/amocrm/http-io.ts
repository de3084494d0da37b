import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue, RecordedRequest } from './types';

/**
 * HTTP plumbing for the account host: bodies, the three kinds of answer amoCRM gives
 * (`application/hal+json` for success, `application/problem+json` for API errors, plain text
 * for the account block), 204 with no body, and the request log.
 */

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_RECORDED = 10_000;

export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString('utf8');
}

export function splitUrl(url: string | undefined): { path: string; query: string } {
  const [rawPath = '/', query = ''] = (url ?? '/').split(/\?(.*)/s, 2);
  return { path: rawPath.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'), query };
}

export function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').replace(/;.*$/, '').trim().toLowerCase();
}

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
