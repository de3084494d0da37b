import { createHmac } from 'node:crypto';
import { deriveKey } from '@/lib/crypto/secret-box';
import { safeEqual } from './route';

/**
 * frame-ancestors for the CRM portal that opened a frame (DESIGN.md; reference §1.2: on-premise
 * portals have arbitrary domains, so a fixed list cannot do). The frame route, having verified the
 * portal, sends the page `host=<origin>&hs=<HMAC>`; proxy.ts lets that origin frame the page only
 * when the signature is ours, so nobody can name their own site as an allowed ancestor.
 */

export function frameHostKey(rootKey: Buffer): Buffer {
  return deriveKey(rootKey, 'frame-host');
}

export function signFrameHost(key: Buffer, origin: string): string {
  return createHmac('sha256', key).update(origin).digest('base64url');
}

/** The verified origin, or null (missing, malformed or not signed by us). */
export function verifiedFrameHost(
  key: Buffer,
  origin: string | null,
  signature: string | null,
): string | null {
  if (!origin || !signature) return null;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return null;
  }
  if (parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) return null;
  return safeEqual(signFrameHost(key, origin), signature) ? origin : null;
}

/** The query that carries the portal's origin to the page. */
export function frameHostQuery(key: Buffer, origin: string): Record<string, string> {
  return { host: origin, hs: signFrameHost(key, origin) };
}
