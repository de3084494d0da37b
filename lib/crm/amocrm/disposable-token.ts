import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

/**
 * The widget's disposable token (`X-Auth-Token`, reference/amocrm.md §1.6): HS256 with our
 * integration's secret; `aud` is the origin of our redirect URI; 30 minutes; `client_uuid` must be
 * our client id, and `iss` the account's host. Replay (a `jti` seen before its expiry) is the
 * caller's check, against the database.
 */

const claimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  jti: z.string().min(8),
  exp: z.number(),
  account_id: z.coerce.number().int().positive(),
  subdomain: z.string().min(1),
  client_uuid: z.string().min(1),
  user_id: z.coerce.number().int().positive(),
  is_admin: z.boolean().optional().default(false),
});
export type DisposableClaims = z.output<typeof claimsSchema>;

export class DisposableTokenError extends Error {
  readonly code = 'AMOCRM_TOKEN_INVALID' as const;
  constructor(reason: string) {
    super(reason);
    this.name = 'DisposableTokenError';
  }
}

export async function verifyDisposableToken(
  token: string,
  keys: { clientId: string; clientSecret: string; redirectUri: string },
): Promise<DisposableClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(keys.clientSecret), {
      algorithms: ['HS256'],
      audience: new URL(keys.redirectUri).origin,
      clockTolerance: 30,
      requiredClaims: ['exp', 'nbf', 'jti'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new DisposableTokenError('The amoCRM token has expired');
    throw new DisposableTokenError('The amoCRM token is not valid');
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new DisposableTokenError('The amoCRM token lacks its claims');
  if (parsed.data.client_uuid !== keys.clientId)
    throw new DisposableTokenError('The amoCRM token is for another integration');
  return parsed.data;
}
