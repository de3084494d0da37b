import type { Target } from './targets';

/**
 * The targets' real limits (reference/bitrix24.md §7, reference/amocrm.md §5). Rates are tokens
 * per second, bursts the bucket size.
 * - Bitrix24: a leaky bucket per portal, 2 req/s draining a bucket of 50 (Enterprise 5 and 250);
 *   503 QUERY_LIMIT_EXCEEDED beyond. Apps on one server IP share a portal's limit, so the tenant
 *   bucket is the portal's.
 * - amoCRM: 7 req/s per integration in an account (50 per account for all integrations), counted
 *   over any one-second window; repeated 429s block the whole account with 403. A bucket of 7 with
 *   7/s lets 14 through in one second (a full bucket, then its refill): under sustained load that
 *   is a 429 a second and a blocked account within seconds (seen in the sandbox). So a bucket of
 *   one. At 6.8/s (147 ms apart, 29 ms of slack over a second) requests that left late, after a
 *   stalled event loop or from two processes, still arrived 8 within a second now and then: in CI,
 *   under load, the sandbox's account was blocked. So 6/s: 167 ms apart, and a request may arrive
 *   up to 167 ms later than the next one's share of the second before an eighth fits in it.
 * - Lime: no published limit; the installation is the park's own server and we are its only
 *   integrator: 30 req/s with a burst of 60 keeps a balance re-read after a burst of events to
 *   seconds without loading it.
 * The global bucket per target caps this deployment's total outbound traffic to that system
 * (amoCRM also words its limit per IP); raise it with the number of egress addresses.
 */

export interface BucketSpec {
  rate: number;
  burst: number;
}

export type Tier = 'standard' | 'enterprise';

export const TENANT_LIMITS: Record<Target, Record<Tier, BucketSpec>> = {
  bitrix24: { standard: { rate: 2, burst: 50 }, enterprise: { rate: 5, burst: 250 } },
  amocrm: { standard: { rate: 6, burst: 1 }, enterprise: { rate: 6, burst: 1 } },
  lime: { standard: { rate: 30, burst: 60 }, enterprise: { rate: 30, burst: 60 } },
};

export const GLOBAL_LIMITS: Record<Target, BucketSpec> = {
  bitrix24: { rate: 200, burst: 400 },
  amocrm: { rate: 50, burst: 50 },
  lime: { rate: 200, burst: 400 },
};

export const tenantBucketKey = (target: Target, tenantId: string) => `${target}:tenant:${tenantId}`;
export const globalBucketKey = (target: Target) => `${target}:global`;
