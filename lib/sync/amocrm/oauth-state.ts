import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '@/lib/http/route';

/**
 * The OAuth `state` we keep (DESIGN.md public surface): not in a table but in its own signature — a
 * random nonce and an expiry, signed with a key derived from the root key — so any process can check
 * it and nobody can make one. amoCRM's codes live 20 minutes; so does a state.
 */

const TTL_MS = 20 * 60 * 1000;

export function makeOAuthState(key: Buffer, now = Date.now()): string {
  const body = `${randomBytes(12).toString('base64url')}.${now + TTL_MS}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

export function isValidOAuthState(key: Buffer, state: string | null, now = Date.now()): boolean {
  if (!state) return false;
  const parts = state.split('.');
  if (parts.length !== 3) return false;
  const [nonce, expires, signature] = parts as [string, string, string];
  const body = `${nonce}.${expires}`;
  return (
    safeEqual(createHmac('sha256', key).update(body).digest('base64url'), signature) && Number(expires) > now
  );
}
