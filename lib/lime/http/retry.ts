import { LimeError, LimeRateLimitedError } from '../errors';

/**
 * Our one retry policy for Lime inside a call: a few quick tries on retryable errors (network,
 * timeout, 5xx, 429) with a small backoff. A 429 waits what Retry-After asks, but only up to a cap:
 * a longer wait is the job's business (the error carries `retryAfterSeconds`).
 */

export interface RetryPolicy {
  /** Further tries after the first. */
  retries: number;
  /** Which retryable errors may be retried for this call (default: every retryable LimeError). */
  retryOn?: (error: LimeError) => boolean;
}

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
/** Longest Retry-After honoured by waiting here. */
export const MAX_RETRY_AFTER_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function retryDelayMs(error: LimeError, attempt: number): number | null {
  if (error instanceof LimeRateLimitedError && error.retryAfterSeconds !== null) {
    const wait = error.retryAfterSeconds * 1000;
    return wait > MAX_RETRY_AFTER_MS ? null : wait;
  }
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return backoff + Math.floor(Math.random() * (backoff / 2));
}

export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof LimeError) || !error.retryable || tries >= policy.retries) throw error;
      if (policy.retryOn && !policy.retryOn(error)) throw error;
      const delay = retryDelayMs(error, tries);
      if (delay === null) throw error;
      await sleep(delay);
    }
  }
}
