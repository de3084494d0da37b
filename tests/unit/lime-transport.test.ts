import { Headers } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  LimeAuthError,
  LimeCapabilityMissingError,
  LimeForbiddenError,
  LimeInvalidRequestError,
  LimeNotFoundError,
  LimeProtocolError,
  LimeRateLimitedError,
  LimeRejectedError,
  LimeServerError,
} from '@/lib/lime/errors';
import { memoryTokenStore } from '@/lib/lime/http/create-gateway';
import {
  contentIdempotencyKey,
  derivedIdempotencyKey,
  wireIdempotencyKey,
} from '@/lib/lime/http/idempotency';
import { readAllPages } from '@/lib/lime/http/paging';
import { MAX_RETRY_AFTER_MS, retryDelayMs, withRetries } from '@/lib/lime/http/retry';
import {
  apiRoot,
  errorForResponse,
  interpretResponse,
  type LimeHttpRequest,
  parseRetryAfter,
} from '@/lib/lime/http/transport';

/** The pure parts of the adapter: status → typed errors, Retry-After, paging limits, single flight. */

const now = new Date('2026-01-18T12:00:00Z');
const assumed: LimeHttpRequest = {
  operation: 'Preorders/Get',
  kind: 'assumed',
  method: 'POST',
  path: '/api/Preorders/Get',
};
const observed: LimeHttpRequest = { ...assumed, operation: 'GoodTypes/Select', kind: 'observed' };

function response(status: number, body = '', headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers(headers) };
}

const errorBody = (code: string) => JSON.stringify({ error: { code, message: 'Сообщение' } });

describe('status → LimeError', () => {
  it.each([
    [401, '', assumed, LimeAuthError],
    [403, errorBody('forbidden'), assumed, LimeForbiddenError],
    [404, '', assumed, LimeCapabilityMissingError],
    [404, '   ', assumed, LimeCapabilityMissingError],
    [404, errorBody('not_found'), assumed, LimeNotFoundError],
    [404, '', observed, LimeProtocolError],
    [404, '<html>nginx</html>', assumed, LimeProtocolError],
    [500, '', observed, LimeServerError],
    [503, 'busy', assumed, LimeServerError],
    [418, '', assumed, LimeProtocolError],
    [302, '', assumed, LimeProtocolError],
  ])('%d %j (%o) → %o', (status, body, request, type) => {
    expect(errorForResponse(response(status, body), request, now)).toBeInstanceOf(type);
  });

  it('keeps Lime code on 409/422 and names unknown bodies by status', () => {
    const conflict = errorForResponse(response(409, errorBody('version_conflict')), assumed, now);
    expect(conflict).toBeInstanceOf(LimeRejectedError);
    expect(conflict).toMatchObject({ status: 409, limeCode: 'version_conflict', retryable: false });
    expect(errorForResponse(response(422, errorBody('validation_failed')), assumed, now)).toMatchObject({
      limeCode: 'validation_failed',
    });
    expect(errorForResponse(response(400, '{"title":"ASP.NET"}'), observed, now)).toMatchObject({
      limeCode: 'http_400',
    });
  });

  it('reads Retry-After on 429 (seconds or a date)', () => {
    const seconds = errorForResponse(
      response(429, errorBody('rate_limited'), { 'Retry-After': '7' }),
      assumed,
      now,
    );
    expect(seconds).toBeInstanceOf(LimeRateLimitedError);
    expect(seconds).toMatchObject({ retryAfterSeconds: 7, retryable: true });
    expect(parseRetryAfter('Sun, 18 Jan 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(errorForResponse(response(429), assumed, now)).toMatchObject({ retryAfterSeconds: null });
  });

  it('reads bodies: JSON, null, 204 and empty → null, garbage → LimeProtocolError', () => {
    expect(interpretResponse(response(200, '{"data":[]}'), observed, now)).toEqual({ data: [] });
    expect(interpretResponse(response(200, 'null'), observed, now)).toBeNull();
    expect(interpretResponse(response(204), observed, now)).toBeNull();
    expect(interpretResponse(response(200, ''), observed, now)).toBeNull();
    expect(() => interpretResponse(response(200, '{"data":['), observed, now)).toThrow(LimeProtocolError);
  });

  it('never puts our credentials in a message', () => {
    const error = errorForResponse(response(401), observed, now);
    expect(error.message).not.toMatch(/LimeToken|Bearer/);
  });

  it('builds the API root from a base URL with or without /api', () => {
    expect(apiRoot('https://admin.lime-it.ru')).toBe('https://admin.lime-it.ru');
    expect(apiRoot('https://x.example.ru/api/')).toBe('https://x.example.ru');
  });
});

describe('retries', () => {
  it('waits what Retry-After asks, up to a cap; otherwise a small growing backoff', () => {
    expect(retryDelayMs(new LimeRateLimitedError('x', 'op', 2), 0)).toBe(2000);
    expect(retryDelayMs(new LimeRateLimitedError('x', 'op', MAX_RETRY_AFTER_MS / 1000 + 1), 0)).toBeNull();
    const first = retryDelayMs(new LimeServerError('x', 'op', 500), 0) ?? 0;
    const third = retryDelayMs(new LimeServerError('x', 'op', 500), 2) ?? 0;
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThan(200);
    expect(third).toBeGreaterThanOrEqual(400);
  });

  it('retries retryable errors only, and at most `retries` times', async () => {
    let calls = 0;
    await expect(
      withRetries({ retries: 2 }, async () => {
        calls++;
        throw new LimeServerError('x', 'op', 502);
      }),
    ).rejects.toBeInstanceOf(LimeServerError);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetries({ retries: 2 }, async () => {
        calls++;
        throw new LimeRejectedError('x', 'op', 409, 'duplicate');
      }),
    ).rejects.toBeInstanceOf(LimeRejectedError);
    expect(calls).toBe(1);
  });
});

describe('paging', () => {
  const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i }));

  it('reads to a page shorter than take, with take=100', async () => {
    const pages: { skip: number; take: number }[] = [];
    const all = await readAllPages('X/Select', async (page) => {
      pages.push(page);
      return rows(page.skip, page.skip < 200 ? 100 : 7);
    });
    expect(all).toHaveLength(207);
    expect(pages).toEqual([
      { skip: 0, take: 100 },
      { skip: 100, take: 100 },
      { skip: 200, take: 100 },
    ]);
  });

  it('an exactly full last page costs one empty page more', async () => {
    let calls = 0;
    const all = await readAllPages('X/Select', async (page) => {
      calls++;
      return page.skip === 0 ? rows(0, 100) : [];
    });
    expect(all).toHaveLength(100);
    expect(calls).toBe(2);
  });

  it('stops at a limit', async () => {
    const all = await readAllPages('X/Select', async (page) => rows(page.skip, page.take), { limit: 10 });
    expect(all.map((row) => row.id)).toEqual(rows(0, 10).map((row) => row.id));
  });

  it('throws instead of looping forever', async () => {
    await expect(
      readAllPages('X/Select', async (page) => rows(page.skip, 100), { maxPages: 5 }),
    ).rejects.toThrow(/more than 5 pages/);
    await expect(readAllPages('X/Select', async () => rows(0, 100))).rejects.toThrow(/same page twice/);
    await expect(readAllPages('X/Select', async () => rows(0, 150))).rejects.toBeInstanceOf(
      LimeProtocolError,
    );
  });
});

describe('memoryTokenStore', () => {
  it('runs one refresh for concurrent callers, and a new one afterwards', async () => {
    const store = memoryTokenStore();
    let runs = 0;
    const refresh = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { accessToken: `a${runs}`, refreshToken: null, expiresAt: now };
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.refreshExclusively(refresh)));
    expect(runs).toBe(1);
    expect(new Set(results.map((pair) => pair.accessToken))).toEqual(new Set(['a1']));
    await store.refreshExclusively(refresh);
    expect(runs).toBe(2);
  });

  it('shares a failure with every waiter, then lets the next caller try again', async () => {
    const store = memoryTokenStore();
    const failing = async () => {
      throw new LimeAuthError('no', 'connect/token');
    };
    const outcomes = await Promise.allSettled([
      store.refreshExclusively(failing),
      store.refreshExclusively(failing),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    const pair = await store.refreshExclusively(async () => ({
      accessToken: 'ok',
      refreshToken: null,
      expiresAt: now,
    }));
    expect(pair.accessToken).toBe('ok');
  });
});

describe('idempotency keys', () => {
  it('passes ordinary keys, hashes long or odd ones deterministically, refuses empty ones', () => {
    expect(wireIdempotencyKey('birthday:777:778:2026', 'op')).toBe('birthday:777:778:2026');
    const long = 'x'.repeat(300);
    expect(wireIdempotencyKey(long, 'op')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(wireIdempotencyKey(long, 'op')).toBe(wireIdempotencyKey(long, 'op'));
    expect(wireIdempotencyKey('ключ', 'op')).toMatch(/^sha256:/);
    expect(() => wireIdempotencyKey(' ', 'op')).toThrow(LimeInvalidRequestError);
    expect(derivedIdempotencyKey('k1', 'fields', 'op')).toBe('k1:fields');
    expect(contentIdempotencyKey('webhook', 'https://a', 's')).toBe(
      contentIdempotencyKey('webhook', 'https://a', 's'),
    );
    expect(contentIdempotencyKey('webhook', 'https://a', 's')).not.toBe(
      contentIdempotencyKey('webhook', 'https://a', 't'),
    );
  });
});
