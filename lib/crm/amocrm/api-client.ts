import qs from 'qs';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { type LeasedSecret, loadSecret, refreshUnderLease } from '@/lib/auth/refresh-lease';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { parseJsonOrNull } from '@/lib/domain/parse-json';
import { guardedFetch } from '@/lib/http/guarded-http';
import { amocrmAccountPolicy } from '@/lib/http/url-guard';
import { getMetrics } from '@/lib/metrics/registry';
import { acquire, block } from '@/lib/queue/rate-limiter';
import { tenantBucketKey } from '@/lib/queue/rate-limits';
import { exchangeRecorder, loggedFetch } from '@/lib/rest-log/recorder';
import {
  AmocrmApiError,
  AmocrmBlockedError,
  type AmocrmFieldError,
  AmocrmRateLimitedError,
  AmocrmReconnectRequiredError,
} from './errors';
import { type AmocrmTokens, type IntegrationKeys, refreshAccessToken } from './oauth';

/**
 * A typed amoCRM API v4 client on fetch. Written here rather than taken from npm: amocrm-js talks
 * https on port 443 only, carries TypeScript 4 at run time and keeps tokens per process; the other
 * clients are single-account (reference/stack.md §2.6, reference/amocrm.md §7). This one is
 * multi-tenant and obeys our policies:
 * - every request first takes a token from the account's bucket in PostgreSQL (7/s per integration);
 * - 429 empties the bucket until `retry_after` (or a second) and tries again a few times; amoCRM
 *   blocks an account with 403 after repeated 429s, so a 403 stops all calls at once and for long;
 * - the access token is refreshed ahead of expiry, or after a 401, once across all processes (the
 *   refresh lease: refresh tokens are single-use), the new pair stored before it is used;
 * - 204 (an empty list) is `null`; answers are checked with zod by the callers.
 */

export const AMOCRM_TOKENS_KIND = 'amocrm-oauth';

/** An API v4 error body (problem+json); a 400 of a write names each refused field per item. */
const problemSchema = z.object({
  detail: z.string().optional(),
  title: z.string().optional(),
  'validation-errors': z
    .array(
      z.object({
        request_id: z.coerce.string().optional(),
        errors: z.array(z.object({ path: z.string(), code: z.string() })).default([]),
      }),
    )
    .optional(),
});

function parseProblem(text: string): { detail: string; fieldErrors: AmocrmFieldError[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200), fieldErrors: [] };
  }
  const problem = problemSchema.safeParse(json);
  if (!problem.success) return { detail: text.slice(0, 200), fieldErrors: [] };
  const { detail, title, 'validation-errors': items = [] } = problem.data;
  return {
    detail: detail ?? title ?? '',
    fieldErrors: items.flatMap((item) =>
      item.errors.map((e) => ({ requestId: item.request_id ?? '', path: e.path, code: e.code })),
    ),
  };
}
const ATTEMPTS_ON_429 = 4;
const BLOCK_PAUSE_MS = 60 * 60 * 1000;
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export interface AmocrmClientDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  keys: IntegrationKeys;
}

export interface AmocrmRequest {
  query?: Record<string, unknown>;
  body?: unknown;
}

export interface AmocrmClient {
  get<T>(path: string, query?: Record<string, unknown>): Promise<T | null>;
  post<T>(path: string, body: unknown): Promise<T | null>;
  patch<T>(path: string, body: unknown): Promise<T | null>;
  delete<T>(path: string, body?: unknown): Promise<T | null>;
}

export function tokenStore(deps: AmocrmClientDeps, tenantId: string): LeasedSecret<AmocrmTokens> {
  return {
    database: deps.database,
    secrets: deps.secrets,
    tenantId,
    kind: AMOCRM_TOKENS_KIND,
    expiresAt: (tokens) => new Date(tokens.expiresAt),
  };
}

export function createAmocrmClient(
  deps: AmocrmClientDeps,
  params: { tenantId: string; baseUrl: string; onReconnectRequired?: () => Promise<void> },
): AmocrmClient {
  const store = tokenStore(deps, params.tenantId);
  const policy = amocrmAccountPolicy({ allowHttpLoopback: deps.allowHttpLoopback });
  const bucket = tenantBucketKey('amocrm', params.tenantId);
  const errors = getMetrics().crmErrors;
  const restLog = exchangeRecorder(deps.database, { tenantId: params.tenantId, system: 'amocrm' });

  async function refresh(known: AmocrmTokens | null): Promise<AmocrmTokens> {
    try {
      return await refreshUnderLease(
        store,
        async (current) => {
          const base = current ?? known;
          if (!base) throw new AmocrmReconnectRequiredError('no tokens stored');
          await acquire(deps.database, { target: 'amocrm', tenantId: params.tenantId });
          return refreshAccessToken(
            params.baseUrl,
            deps.keys,
            base.refreshToken,
            deps.allowHttpLoopback,
            restLog,
          );
        },
        (_before, now) =>
          now.accessToken !== known?.accessToken && now.expiresAt - EXPIRY_MARGIN_MS > Date.now(),
      );
    } catch (error) {
      if (error instanceof AmocrmReconnectRequiredError) {
        errors.inc({ target: 'amocrm', code: 'reconnect_required' });
        await params.onReconnectRequired?.();
      }
      throw error;
    }
  }

  async function usableTokens(): Promise<AmocrmTokens> {
    const tokens = await loadSecret(store);
    if (!tokens) throw new AmocrmReconnectRequiredError('no tokens stored');
    return tokens.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? tokens : refresh(tokens);
  }

  async function send<T>(method: string, path: string, request: AmocrmRequest): Promise<T | null> {
    const query = request.query ? qs.stringify(request.query, { encodeValuesOnly: true }) : '';
    const url = `${params.baseUrl}${path}${query ? `?${query}` : ''}`;
    let tokens = await usableTokens();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await acquire(deps.database, { target: 'amocrm', tenantId: params.tenantId });
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const { response, text } = await loggedFetch(
        restLog({ method, operation: path, url, requestBody: body }),
        async () =>
          (await guardedFetch(url, {
            policy,
            method,
            headers: {
              authorization: `Bearer ${tokens.accessToken}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body,
            timeoutMs: 30_000,
            maxRedirects: 0,
          })) as unknown as Response,
      );
      if (response.status === 204) return null;
      if (response.ok) return JSON.parse(text) as T;
      errors.inc({ target: 'amocrm', code: String(response.status) });
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        tokens = await refresh(tokens);
        continue;
      }
      if (response.status === 429) {
        const body = parseJsonOrNull(text) as { retry_after?: number } | null;
        const seconds = Number(body?.retry_after ?? response.headers.get('retry-after') ?? 1) || 1;
        const until = new Date(Date.now() + seconds * 1000);
        await block(deps.database, { key: bucket, until });
        if (attempt < ATTEMPTS_ON_429 && seconds <= 10) continue;
        throw new AmocrmRateLimitedError(path, until);
      }
      if (response.status === 403) {
        await block(deps.database, { key: bucket, until: new Date(Date.now() + BLOCK_PAUSE_MS) });
        throw new AmocrmBlockedError(path);
      }
      const problem = parseProblem(text);
      throw new AmocrmApiError(path, response.status, problem.detail, problem.fieldErrors);
    }
  }

  return {
    get: (path, query) => send('GET', path, { query }),
    post: (path, body) => send('POST', path, { body }),
    patch: (path, body) => send('PATCH', path, { body }),
    delete: (path, body) => send('DELETE', path, { body }),
  };
}

/**
 * The account behind a fresh access token, before it is anyone's tenant (the OAuth callback): one
 * GET /api/v4/account through the rate limiter, in a bucket of the account host.
 */
export async function readAccountWithToken(
  deps: Pick<AmocrmClientDeps, 'database' | 'allowHttpLoopback'>,
  params: { baseUrl: string; accessToken: string },
): Promise<unknown> {
  await acquire(deps.database, { target: 'amocrm', tenantId: `host:${new URL(params.baseUrl).host}` });
  const response = (await guardedFetch(`${params.baseUrl}/api/v4/account`, {
    policy: amocrmAccountPolicy({ allowHttpLoopback: deps.allowHttpLoopback }),
    headers: { authorization: `Bearer ${params.accessToken}` },
    timeoutMs: 15_000,
    maxRedirects: 0,
  })) as unknown as Response;
  if (!response.ok)
    throw new AmocrmApiError(
      '/api/v4/account',
      response.status,
      await response.text().then((t) => t.slice(0, 200)),
    );
  return response.json();
}
