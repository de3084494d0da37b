import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { claimEffect } from '@/db/queries/effects';
import { deriveKey } from '@/lib/crypto/secret-box';
import { UnauthorizedError } from '@/lib/http/errors';
import { type EmbedClaims, embedClaimsSchema } from './embed-token';

/**
 * "Open in a new tab" (DESIGN.md "Identity"): a page inside a CRM frame holds an embed token in
 * memory, which a new tab does not have. The frame asks for a one-time code; the new tab hands it to
 * next-auth (lib/auth/tab-session.ts), which turns it into a first-party session cookie. The code is
 * an HS256 JWT of one minute (its own key, by HKDF from APP_ENCRYPTION_KEY) naming the tenant and the
 * user; it works once: its `jti` is claimed in `effects` (unique per tenant) when it is redeemed.
 */

const ISSUER = 'lime-crm-bridge';
const AUDIENCE = 'tab-code';
export const TAB_CODE_TTL_SECONDS = 60;

export const tabClaimsSchema = embedClaimsSchema.pick({
  tenantId: true,
  crm: true,
  userId: true,
  admin: true,
  locale: true,
});
/** Who a tab belongs to: the embed claims without the frame's card or selection. */
export type TabClaims = z.output<typeof tabClaimsSchema>;

export class TabCodeError extends UnauthorizedError {}

export function tabCodeKey(rootKey: Buffer): Uint8Array {
  return new Uint8Array(deriveKey(rootKey, 'tab-code'));
}

/** A frame's claims as a tab's: the schema keeps only its own keys. */
export function tabClaimsOf(claims: EmbedClaims): TabClaims {
  return tabClaimsSchema.parse(claims);
}

export async function mintTabCode(
  key: Uint8Array,
  claims: TabClaims,
  ttlSeconds = TAB_CODE_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({ ...tabClaimsSchema.parse(claims) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/**
 * The code's claims, once: a second redemption, an expired or a forged code, or one whose tenant is
 * no longer connected (checked before the code is spent) is refused.
 */
export async function redeemTabCode(
  db: Db,
  key: Uint8Array,
  code: string,
  tenantActive: (tenantId: string) => Promise<boolean>,
): Promise<TabClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(code, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new TabCodeError('This link has expired');
    throw new TabCodeError('This link is not valid');
  }
  const claims = tabClaimsSchema.safeParse(payload);
  if (!claims.success || typeof payload.jti !== 'string') throw new TabCodeError('This link is not valid');
  if (!(await tenantActive(claims.data.tenantId)))
    throw new TabCodeError('This CRM account is no longer connected to the app');
  const first = await claimEffect(db, {
    tenantId: claims.data.tenantId,
    key: `tab-code:${payload.jti}`,
    kind: 'tab-code',
  });
  if (!first) throw new TabCodeError('This link was used already');
  return claims.data;
}

/**
 * The link that signs a user in to a tab of their own (a frame's "Open in a new tab", a webhook-mode
 * admin's sign-in): our /open page, the code in the fragment (never sent to a server log).
 */
export async function openTabLink(
  key: Uint8Array,
  appUrl: string,
  claims: TabClaims,
  ttlSeconds = TAB_CODE_TTL_SECONDS,
): Promise<{ url: string }> {
  const code = await mintTabCode(key, claims, ttlSeconds);
  return { url: `${new URL('/open', appUrl).href}?lang=${claims.locale}#code=${code}` };
}
