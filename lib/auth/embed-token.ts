import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { deriveKey } from '@/lib/crypto/secret-box';
import { UnauthorizedError } from '@/lib/http/errors';

/**
 * The embed token (DESIGN.md "Identity"): what a page inside a CRM frame holds instead of a cookie
 * (third-party cookies are blocked), sent as `Authorization: Bearer`. A short-lived HS256 JWT, keyed
 * by HKDF from APP_ENCRYPTION_KEY, naming the tenant, the CRM user, whether they are an admin, the
 * entity the frame shows and the language. Minted only after the CRM vouched for the user (Bitrix24:
 * application token + AUTH_ID confirmed with the portal; amoCRM: the widget's disposable JWT).
 */

const ISSUER = 'lime-crm-bridge';
const AUDIENCE = 'embed';
export const EMBED_TOKEN_TTL_SECONDS = 3600;
/** The most list rows one page acts on (amoCRM lists show up to 500 rows a page). */
export const MAX_SELECTION = 500;

export const embedClaimsSchema = z.object({
  tenantId: z.uuid(),
  crm: z.enum(['bitrix24', 'amocrm']),
  userId: z.string().min(1),
  admin: z.boolean(),
  locale: z.enum(['ru', 'en']),
  entity: z.object({ type: z.enum(['contact', 'deal', 'lead']), id: z.string().regex(/^\d+$/) }).nullable(),
  /** The rows a user ticked in a CRM list (amoCRM llist/clist) for the page to act on. */
  selection: z
    .object({
      type: z.enum(['contact', 'lead']),
      ids: z.array(z.string().regex(/^\d+$/)).min(1).max(MAX_SELECTION),
    })
    .optional(),
  /** The origin of the CRM page that frames ours (postMessage target, frame-ancestors). */
  hostOrigin: z.url(),
});
export type EmbedClaims = z.output<typeof embedClaimsSchema>;

export function embedTokenKey(rootKey: Buffer): Uint8Array {
  return new Uint8Array(deriveKey(rootKey, 'embed-token'));
}

export async function mintEmbedToken(
  key: Uint8Array,
  claims: EmbedClaims,
  ttlSeconds = EMBED_TOKEN_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({ ...embedClaimsSchema.parse(claims) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(`${claims.tenantId}:${claims.userId}`)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export class EmbedTokenError extends UnauthorizedError {}

export async function verifyEmbedToken(key: Uint8Array, token: string): Promise<EmbedClaims> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    return embedClaimsSchema.parse(payload);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new EmbedTokenError('The session has expired: reopen the tab');
    throw new EmbedTokenError('A valid embed token is required');
  }
}

/** The bearer token of a request, or null. */
export function bearerOf(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() || null : null;
}
