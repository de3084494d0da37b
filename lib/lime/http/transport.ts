import type { ReadableStream } from 'node:stream/web';
import type { Headers } from 'undici';
import { guardedFetch, TooManyRedirectsError } from '@/lib/http/guarded-http';
import { type Resolver, UrlGuardError, type UrlPolicy } from '@/lib/http/url-guard';
import { type ExchangeRecorder, loggedExchange } from '@/lib/rest-log/recorder';
import {
  LimeAuthError,
  LimeCapabilityMissingError,
  type LimeError,
  LimeForbiddenError,
  LimeNotFoundError,
  LimeProtocolError,
  LimeRateLimitedError,
  LimeRejectedError,
  LimeServerError,
  LimeTimeoutError,
  LimeUnreachableError,
} from '../errors';
import { errorBodySchema } from './wire-schemas';

/**
 * One HTTP exchange with Lime, through the URL guard, and the mapping of what comes back onto typed
 * LimeErrors. No auth and no retries here (auth.ts, lime-caller.ts); `UrlGuardError` (a refused
 * URL) passes through untouched.
 */

/** observed: a call the integrators make; assumed: ours (a 404 with an empty body = capability missing). */
export type LimeOperationKind = 'observed' | 'assumed' | 'token';

export interface LimeHttpRequest {
  /** `Controller/Action`, e.g. `GoodTypes/Select`; names the call in errors and for `beforeRequest`. */
  operation: string;
  kind: LimeOperationKind;
  method: 'GET' | 'POST';
  /** From the base URL: `/api/GoodTypes/Select`, `/connect/token`. */
  path: string;
  query?: Record<string, string | number | null | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  idempotencyKey?: string;
}

export interface LimeHttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface LimeTransportOptions {
  baseUrl: string;
  policy: UrlPolicy;
  timeoutMs: number;
  integrationName: string;
  beforeRequest?: (operation: string) => Promise<void>;
  /** The REST log: told of every request as it leaves, and of its answer or failure. */
  restLog?: ExchangeRecorder;
  resolve?: Resolver;
}

/** More than this is no answer of Lime's: refuse instead of buffering it. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return null;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** The base URL without a trailing `/api` (loer-cms keeps `/api` in its LIME_URL). */
export function apiRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/api$/i, '');
}

export class LimeTransport {
  private readonly root: string;

  constructor(private readonly options: LimeTransportOptions) {
    this.root = apiRoot(options.baseUrl);
  }

  get host(): string {
    try {
      return new URL(this.root).host;
    } catch {
      return 'Lime';
    }
  }

  private url(request: LimeHttpRequest): string {
    const url = `${this.root}${request.path}`;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      query.append(name, value === null || value === undefined ? '' : String(value));
    }
    const search = query.toString();
    return search === '' ? url : `${url}?${search}`;
  }

  /** Sends once. Throws LimeUnreachableError, LimeTimeoutError, or a UrlGuardError (untouched). */
  async send(request: LimeHttpRequest, authorization: string | null): Promise<LimeHttpResponse> {
    const { operation } = request;
    await this.options.beforeRequest?.(operation);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Lime-Integration': this.options.integrationName,
    };
    let body: string | undefined;
    if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    } else if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    if (authorization !== null) headers.Authorization = authorization;
    if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;

    const url = this.url(request);
    const finish = this.options.restLog?.({ method: request.method, operation, url, requestBody: body });
    try {
      const answer = await loggedExchange(finish, async () => {
        const response = await guardedFetch(url, {
          policy: this.options.policy,
          resolve: this.options.resolve,
          timeoutMs: this.options.timeoutMs,
          method: request.method,
          headers,
          body,
        });
        const text = await readBody(response.body as ReadableStream<Uint8Array> | null, operation);
        return { status: response.status, headers: response.headers, text };
      });
      return { status: answer.status, headers: answer.headers, body: answer.text };
    } catch (error) {
      throw this.translate(error, operation);
    }
  }

  private translate(error: unknown, operation: string): unknown {
    if (error instanceof UrlGuardError || error instanceof LimeProtocolError) return error;
    if (error instanceof TooManyRedirectsError) {
      return new LimeProtocolError(`Lime redirected ${operation} too many times.`, operation, {
        cause: error,
      });
    }
    if (isTimeout(error)) {
      return new LimeTimeoutError(
        `Lime at ${this.host} did not answer ${operation} within ${this.options.timeoutMs} ms.`,
        operation,
        { cause: error },
      );
    }
    const code = errorCode(error);
    return new LimeUnreachableError(
      `Lime at ${this.host} could not be reached for ${operation}${code ? ` (${code})` : ''}.`,
      operation,
      { cause: error },
    );
  }
}

async function readBody(stream: ReadableStream<Uint8Array> | null, operation: string): Promise<string> {
  if (stream === null) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new LimeProtocolError(
        `Lime's answer to ${operation} is larger than ${MAX_BODY_BYTES} bytes.`,
        operation,
      );
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** `Retry-After`: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

function limeErrorBody(body: string): { code: string; message: string | null } | null {
  if (body.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = errorBodySchema.safeParse(json);
  return parsed.success ? { code: parsed.data.error.code, message: parsed.data.error.message ?? null } : null;
}

function detail(error: { code: string; message: string | null } | null): string {
  if (!error) return '';
  const message = error.message ? `: ${error.message.slice(0, 200)}` : '';
  return ` (${error.code}${message})`;
}

/** A non-2xx answer → the LimeError it means. */
export function errorForResponse(response: LimeHttpResponse, request: LimeHttpRequest, now: Date): LimeError {
  const { status } = response;
  const { operation } = request;
  const body = limeErrorBody(response.body);
  if (status === 401) {
    return new LimeAuthError(`Lime refused our credentials for ${operation} (401).`, operation);
  }
  if (status === 403) {
    return new LimeForbiddenError(
      `Lime does not allow ${operation} to this user (403)${detail(body)}.`,
      operation,
    );
  }
  if (status === 404) {
    if (body !== null)
      return new LimeNotFoundError(`Lime found nothing for ${operation}${detail(body)}.`, operation);
    if (response.body.trim() === '' && request.kind === 'assumed') {
      return new LimeCapabilityMissingError(
        `This Lime installation does not offer ${operation} (404).`,
        operation,
      );
    }
    return new LimeProtocolError(
      `Lime answered 404 to ${operation}: is the base URL the installation's address?`,
      operation,
    );
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
    return new LimeRateLimitedError(
      `Lime asks us to slow down (429 on ${operation}).`,
      operation,
      retryAfter,
    );
  }
  if (status >= 500) {
    return new LimeServerError(`Lime failed on ${operation} (${status}).`, operation, status);
  }
  if (status === 400 || status === 405 || status === 409 || status === 422) {
    const code = body?.code ?? `http_${status}`;
    return new LimeRejectedError(
      `Lime refused ${operation} (${status})${detail(body)}.`,
      operation,
      status,
      code,
    );
  }
  return new LimeProtocolError(`Lime answered ${operation} with an unexpected status ${status}.`, operation);
}

/** A response → its JSON (`null` for 204 or an empty body), or the LimeError it means. */
export function interpretResponse(response: LimeHttpResponse, request: LimeHttpRequest, now: Date): unknown {
  if (response.status < 200 || response.status > 299) throw errorForResponse(response, request, now);
  if (response.status === 204 || response.body.trim() === '') return null;
  try {
    return JSON.parse(response.body);
  } catch (cause) {
    throw new LimeProtocolError(`Lime's answer to ${request.operation} is not JSON.`, request.operation, {
      cause,
    });
  }
}
