import type { Headers } from 'undici';
import type { z } from 'zod';
import type { LimeAuthProvider } from './auth';
import { decodeWire } from './parse';
import { type RetryPolicy, withRetries } from './retry';
import { interpretResponse, type LimeHttpRequest, type LimeTransport } from './transport';

/**
 * An authenticated, validated call: credentials from the auth provider (one renewal after a 401),
 * the answer mapped to a LimeError or checked against its zod schema, and the retry policy the
 * call deserves (reads, and writes carrying an Idempotency-Key with the same key on every try).
 */

export type LimeRetryMode =
  /** Reads: retried on network, timeout, 5xx and 429. */
  | 'read'
  /** Writes with an Idempotency-Key Lime honours: retried like reads, with the same key. */
  | 'keyed-write'
  /** Writes whose key Lime may ignore (the observed Insert): retried only after a 429 (nothing was done). */
  | 'refused-only';

export interface LimeCallResult<T> {
  value: T;
  headers: Headers;
}

export interface LimeCaller {
  call<S extends z.ZodType>(request: LimeHttpRequest, schema: S, retry?: LimeRetryMode): Promise<z.output<S>>;
  callWithHeaders<S extends z.ZodType>(
    request: LimeHttpRequest,
    schema: S,
    retry?: LimeRetryMode,
  ): Promise<LimeCallResult<z.output<S>>>;
}

export interface LimeCallerOptions {
  transport: LimeTransport;
  auth: LimeAuthProvider;
  retries: number;
  now: () => Date;
}

export function createLimeCaller({ transport, auth, retries, now }: LimeCallerOptions): LimeCaller {
  const policies: Record<LimeRetryMode, RetryPolicy> = {
    read: { retries },
    'keyed-write': { retries },
    'refused-only': { retries, retryOn: (error) => error.code === 'LIME_RATE_LIMITED' },
  };

  async function callWithHeaders<S extends z.ZodType>(
    request: LimeHttpRequest,
    schema: S,
    retry: LimeRetryMode = 'read',
  ): Promise<LimeCallResult<z.output<S>>> {
    return withRetries(policies[retry], async () => {
      const authorization = await auth.authorize();
      let response = await transport.send(request, authorization.header);
      if (response.status === 401) {
        const renewed = await auth.renew(authorization);
        if (renewed !== null) response = await transport.send(request, renewed.header);
      }
      const json = interpretResponse(response, request, now());
      return { value: decodeWire(schema, json, request.operation), headers: response.headers };
    });
  }

  return {
    callWithHeaders,
    async call(request, schema, retry) {
      return (await callWithHeaders(request, schema, retry)).value;
    },
  };
}
