import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody as readRequestBody } from '../shared/http-body';
import type { JsonValue } from './types';

/** HTTP plumbing: replies, Lime's two error styles, body reading. */

export interface Reply {
  status: number;
  /** Raw body; absent → empty body. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(value: JsonValue, status = 200, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), contentType: JSON_TYPE, ...(headers ? { headers } : {}) };
}

export function empty(status: number, headers?: Record<string, string>): Reply {
  return { status, ...(headers ? { headers } : {}) };
}

/** The assumed operations' error envelope: `{ "error": { "code", "message" } }`. */
export function limeError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, JsonValue> = {},
): Reply {
  return json({ error: { code, message, ...extra } }, status);
}

/**
 * The observed endpoints answer a malformed request the way an ASP.NET Core [ApiController] does:
 * 400 with RFC 7807 problem details (assumed: the integrators never show one).
 */
export function problem(
  errors: Record<string, string[]>,
  title = 'One or more validation errors occurred.',
): Reply {
  return {
    status: 400,
    body: JSON.stringify({
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title,
      status: 400,
      errors,
    }),
    contentType: 'application/problem+json; charset=utf-8',
  };
}

/** Thrown by handlers to answer with a ready reply. */
export class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`refused with ${reply.status}`);
  }
}

export const MAX_BODY_BYTES = 1_048_576;

/** The whole body as text, or null when it exceeds MAX_BODY_BYTES. */
export const readBody = (req: IncomingMessage): Promise<string | null> =>
  readRequestBody(req, MAX_BODY_BYTES);

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined && reply.contentType) headers['Content-Type'] = reply.contentType;
  // A 204 carries neither a body nor Content-Length (RFC 9110 §8.6).
  if (reply.status !== 204) {
    headers['Content-Length'] = String(reply.body === undefined ? 0 : Buffer.byteLength(reply.body));
  }
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 ? undefined : reply.body);
}

/** JSON with object keys sorted: the same request body always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
