import type { Database } from '@/db/client';
import { getMetrics } from '@/lib/metrics/registry';
import {
  type BucketSpec,
  GLOBAL_LIMITS,
  globalBucketKey,
  TENANT_LIMITS,
  type Tier,
  tenantBucketKey,
} from './rate-limits';
import type { Target } from './targets';

/**
 * Takes a token before every request to a CRM or Lime, from a job, a web request or a token
 * refresh alike (DESIGN.md "Rate limits are shared state"). The buckets live in the database and
 * one statement (rate_take) takes from the tenant's and the target's global bucket together, so
 * every process of a deployment shares them.
 */

export class RateLimitTimeoutError extends Error {
  readonly code = 'RATE_LIMIT_TIMEOUT' as const;
  constructor(target: Target, waitedMs: number) {
    super(`No ${target} rate-limit token within ${waitedMs} ms; the request was not sent`);
    this.name = 'RateLimitTimeoutError';
  }
}

export interface TakeResult {
  granted: boolean;
  waitMs: number;
  /** The database's clock when the take was decided, in epoch milliseconds with microseconds. */
  takenAtMs: number;
}

export interface Bucket extends BucketSpec {
  key: string;
}

/** One attempt: takes a token from every bucket, or from none and says how long to wait. */
export async function tryTake(database: Database, buckets: Bucket[]): Promise<TakeResult> {
  const { rows } = await database.query<{ granted: boolean; wait_ms: number; taken_at_ms: number }>(
    'SELECT granted, wait_ms, extract(epoch FROM taken_at)::float8 * 1000 AS taken_at_ms FROM rate_take($1::text[], $2::float8[], $3::float8[])',
    [buckets.map((b) => b.key), buckets.map((b) => b.rate), buckets.map((b) => b.burst)],
  );
  const row = rows[0];
  if (!row) throw new Error('rate_take returned no row');
  return { granted: row.granted, waitMs: Number(row.wait_ms), takenAtMs: Number(row.taken_at_ms) };
}

export function bucketsFor(target: Target, tenantId: string, tier: Tier = 'standard'): Bucket[] {
  return [
    { key: tenantBucketKey(target, tenantId), ...TENANT_LIMITS[target][tier] },
    { key: globalBucketKey(target), ...GLOBAL_LIMITS[target] },
  ];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Waits until a token is granted (or maxWaitMs passes), then returns when it was taken. */
export async function acquire(
  database: Database,
  options: {
    target: Target;
    tenantId: string;
    tier?: Tier;
    buckets?: Bucket[];
    maxWaitMs?: number;
    signal?: AbortSignal;
  },
): Promise<TakeResult & { waitedMs: number }> {
  const buckets = options.buckets ?? bucketsFor(options.target, options.tenantId, options.tier);
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const started = Date.now();
  const metrics = getMetrics();
  let waited = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const result = await tryTake(database, buckets);
    const waitedMs = Date.now() - started;
    if (result.granted) {
      if (waited) metrics.rateLimitWaitSeconds.inc({ target: options.target }, waitedMs / 1000);
      return { ...result, waitedMs };
    }
    if (!waited) metrics.rateLimitWaits.inc({ target: options.target });
    waited = true;
    if (waitedMs + result.waitMs > maxWaitMs) throw new RateLimitTimeoutError(options.target, waitedMs);
    // A little jitter keeps processes that were refused together from retrying in lockstep.
    await sleep(result.waitMs + Math.floor(Math.random() * 5), options.signal);
  }
}

/** Empties a bucket until `until` (a 429 retry_after, a 503, Bitrix24's operating_reset_at). */
export async function block(database: Database, options: { key: string; until: Date }): Promise<void> {
  await database.query('SELECT rate_block($1, $2)', [options.key, options.until.toISOString()]);
}
