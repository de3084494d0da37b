import { z } from 'zod';
import { type SecretBox, SecretDecryptError } from '@/lib/crypto/secret-box';

/**
 * The NPS link's token (`/nps/<token>`): the tenant, the send and an expiry sealed with the app's
 * secret box (AES-256-GCM under a key derived from APP_ENCRYPTION_KEY), so a changed character
 * fails its tag and the ids are not readable from the link. Bound to its purpose by the associated
 * data. Base64url and dots only: safe in a URL path.
 */

const PURPOSE = 'nps-link';
/** How long a link in a message stays good. */
export const NPS_LINK_TTL_DAYS = 30;

const payloadSchema = z.object({ t: z.uuid(), s: z.uuid(), e: z.number().int() });

export interface NpsTokenClaims {
  tenantId: string;
  sendId: string;
  expiresAt: Date;
}

export type NpsTokenProblem = 'invalid' | 'expired';

export class NpsTokenError extends Error {
  readonly code = 'NPS_TOKEN' as const;
  constructor(readonly problem: NpsTokenProblem) {
    super(problem === 'expired' ? 'The NPS link has expired' : 'The NPS link is not valid');
    this.name = 'NpsTokenError';
  }
}

export function sealNpsToken(secrets: SecretBox, claims: NpsTokenClaims): string {
  const payload = { t: claims.tenantId, s: claims.sendId, e: Math.floor(claims.expiresAt.getTime() / 1000) };
  return secrets.seal(JSON.stringify(payload), PURPOSE);
}

/** The token's claims, or NpsTokenError: tampered, not ours, malformed, or past its expiry at `now`. */
export function openNpsToken(secrets: SecretBox, token: string, now: Date): NpsTokenClaims {
  let raw: string;
  try {
    if (!/^[A-Za-z0-9_.-]{20,400}$/.test(token)) throw new SecretDecryptError();
    raw = secrets.open(token, PURPOSE);
  } catch {
    throw new NpsTokenError('invalid');
  }
  const parsed = payloadSchema.safeParse(
    (() => {
      try {
        return JSON.parse(raw);
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) throw new NpsTokenError('invalid');
  const claims = {
    tenantId: parsed.data.t,
    sendId: parsed.data.s,
    expiresAt: new Date(parsed.data.e * 1000),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) throw new NpsTokenError('expired');
  return claims;
}
