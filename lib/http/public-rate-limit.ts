import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Database } from '@/db/client';
import { type Bucket, tryTake } from '@/lib/queue/rate-limiter';
import { TooManyRequestsError } from './errors';

/**
 * Rate limits of the public endpoints (the NPS page and its form, the amoCRM widget's
 * embed-session, the Bitrix24 frame entry points): token buckets per client IP, per token and one
 * for the endpoint as a whole, taken together in one statement from the database's shared buckets
 * (lib/queue/rate-limiter: the same `rate_take` as the CRM buckets), so every process of a
 * deployment counts against the same limits. The endpoint-wide bucket holds even when a client
 * varies its address. Idle buckets are pruned by the hourly maintenance (PUBLIC_BUCKET_PREFIX).
 */

export const PUBLIC_BUCKET_PREFIX = 'public:';

export type PublicEndpoint = 'nps' | 'embed-session' | 'bitrix24-frame';

interface EndpointLimits {
  perClient: { rate: number; burst: number };
  perToken?: { rate: number; burst: number };
  endpoint: { rate: number; burst: number };
}

/**
 * Per client: a person on a phone opens the page, answers and reloads; a manager's browser opens
 * cards (an office behind one address shares it). Per token: one NPS link is one person. The
 * endpoint-wide buckets sit far above the load test's rates and far below what would hurt the
 * database or a CRM's shared rate limit.
 */
export const PUBLIC_LIMITS: Record<PublicEndpoint, EndpointLimits> = {
  nps: {
    perClient: { rate: 1, burst: 20 },
    perToken: { rate: 0.2, burst: 10 },
    endpoint: { rate: 50, burst: 200 },
  },
  'embed-session': { perClient: { rate: 5, burst: 30 }, endpoint: { rate: 100, burst: 300 } },
  'bitrix24-frame': { perClient: { rate: 5, burst: 30 }, endpoint: { rate: 100, burst: 300 } },
};

/**
 * The client's address. X-Forwarded-For is trusted only as far as the operator says proxies of
 * theirs append to it (TRUSTED_PROXY_HOPS): with N hops the client is the Nth entry from the right.
 * With 0 the right-most entry is used — the socket's address, which the Next.js server writes there
 * when the request has no such header; a client that sends its own header then only chooses its own
 * bucket, and the per-token and endpoint-wide limits still hold.
 */
export function clientAddress(headers: Pick<Headers, 'get'>, trustedProxyHops: number): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const chosen = entries[entries.length - Math.max(1, trustedProxyHops)] ?? entries[0] ?? '';
  return isIP(chosen) ? chosen : 'unknown';
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Takes one request's tokens, or throws a 429 (TooManyRequestsError with Retry-After) and takes none. */
export async function limitPublicRequest(
  database: Database,
  params: {
    endpoint: PublicEndpoint;
    headers: Pick<Headers, 'get'>;
    trustedProxyHops: number;
    token?: string;
  },
): Promise<void> {
  const limits = PUBLIC_LIMITS[params.endpoint];
  const prefix = `${PUBLIC_BUCKET_PREFIX}${params.endpoint}:`;
  const buckets: Bucket[] = [
    { key: `${prefix}ip:${clientAddress(params.headers, params.trustedProxyHops)}`, ...limits.perClient },
    { key: `${prefix}all`, ...limits.endpoint },
  ];
  if (limits.perToken && params.token)
    buckets.push({ key: `${prefix}token:${digest(params.token)}`, ...limits.perToken });
  const taken = await tryTake(database, buckets);
  if (!taken.granted) {
    throw new TooManyRequestsError('Too many requests: try again in a moment', {
      retryAfterSeconds: Math.max(1, Math.ceil(taken.waitMs / 1000)),
    });
  }
}

/** Route deps that turn the public limits on (the runtime's; tests of other flows leave them off). */
export interface PublicLimitDeps {
  database: Database;
  publicLimits?: { trustedProxyHops: number };
}

/** limitPublicRequest when the deps turn the limits on. */
export async function limitPublicRoute(
  deps: PublicLimitDeps,
  endpoint: PublicEndpoint,
  request: { headers: Pick<Headers, 'get'> },
  token?: string,
): Promise<void> {
  if (!deps.publicLimits) return;
  await limitPublicRequest(deps.database, {
    endpoint,
    headers: request.headers,
    trustedProxyHops: deps.publicLimits.trustedProxyHops,
    token,
  });
}

/** For pages (they cannot answer 429): the seconds to wait when over the limit, else null. */
export function publicLimitWait(
  deps: PublicLimitDeps,
  endpoint: PublicEndpoint,
  request: { headers: Pick<Headers, 'get'> },
  token?: string,
): Promise<number | null> {
  return limitPublicRoute(deps, endpoint, request, token).then(
    () => null,
    (error: unknown) => {
      if (error instanceof TooManyRequestsError) return error.retryAfterSeconds;
      throw error;
    },
  );
}
