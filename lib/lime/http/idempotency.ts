import { createHash } from 'node:crypto';
import { LimeInvalidRequestError } from '../errors';

/**
 * `Idempotency-Key` values (docs/lime-api.md: at most 255 characters). A key that would not travel
 * as is (too long, not printable ASCII, surrounding spaces) is replaced by its SHA-256, which is as
 * deterministic as the key itself, so retries still carry the same value.
 */

const MAX_KEY_LENGTH = 255;
const PRINTABLE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function wireIdempotencyKey(key: string, operation: string): string {
  if (key.trim() === '')
    throw new LimeInvalidRequestError('A write to Lime needs an idempotency key.', operation);
  if (key.length <= MAX_KEY_LENGTH && PRINTABLE.test(key)) return key;
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** The key of a further request made on behalf of one write (same body on every try, so its own key). */
export function derivedIdempotencyKey(key: string, step: string, operation: string): string {
  return wireIdempotencyKey(`${key}:${step}`, operation);
}

/** A key for a write the port gives no key for (webhook subscription): the same inputs, the same key. */
export function contentIdempotencyKey(prefix: string, ...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return `${prefix}:${hash.digest('hex')}`;
}
