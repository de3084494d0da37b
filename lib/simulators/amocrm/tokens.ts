import { createHmac } from 'node:crypto';
import type { Random } from './ids';
import type { JsonObject } from './types';

/**
 * The account's OAuth state: authorization codes (20 minutes, single use), access tokens
 * (JWT-looking, with `account_id` in the payload as amoCRM's are; 24 h by default), refresh
 * tokens (3 months, single use: each refresh revokes the old pair), and the HS256 signing used
 * both for our access tokens (with a simulator-only key) and for disposable widget tokens (with
 * the integration's client secret, as amoCRM signs them).
 */

export const CODE_TTL_MS = 20 * 60 * 1000;
export const REFRESH_TTL_MS = 90 * 24 * 3600 * 1000;

export function b64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

export function signHs256(payload: JsonObject, key: string): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

interface CodeGrant {
  userId: number;
  issuedAt: number;
  used: boolean;
}

export interface AccessGrant {
  userId: number;
  expiresAt: number;
  refreshToken: string;
  revoked: boolean;
}

interface RefreshGrant {
  userId: number;
  expiresAt: number;
  used: boolean;
  accessToken: string;
}

export class TokenStore {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  refreshCount = 0;

  constructor(
    private readonly random: Random,
    private readonly signingKey: string,
    private readonly claims: { accountId: number; clientId: string; host: string },
    private readonly accessTtlSeconds: number,
  ) {}

  issueCode(userId: number, nowMs: number): string {
    const code = `def50200${this.random.hex(280)}`;
    this.codes.set(code, { userId, issuedAt: nowMs, used: false });
    return code;
  }

  /** Returns the grant's user, or the league hint for why the code is refused. */
  redeemCode(code: string, nowMs: number): { userId: number } | { hint: string } {
    const grant = this.codes.get(code);
    if (!grant) return { hint: 'Cannot decrypt the authorization code' };
    if (grant.used) return { hint: 'Authorization code has been revoked' };
    if (nowMs - grant.issuedAt > CODE_TTL_MS) return { hint: 'Authorization code has expired' };
    grant.used = true;
    return { userId: grant.userId };
  }

  issuePair(
    userId: number,
    nowMs: number,
  ): { access_token: string; refresh_token: string; expires_in: number } {
    const iat = Math.floor(nowMs / 1000);
    const jti = this.random.hex(80);
    const accessToken = signHs256(
      {
        aud: this.claims.clientId,
        jti,
        iat,
        nbf: iat,
        exp: iat + this.accessTtlSeconds,
        sub: String(userId),
        grant_type: '',
        account_id: this.claims.accountId,
        base_domain: 'amocrm.ru',
        version: 2,
        scopes: ['crm', 'notifications'],
        hash_uuid: this.random.uuid(),
        api_domain: this.claims.host,
      },
      this.signingKey,
    );
    const refreshToken = `def50200${this.random.hex(600)}`;
    this.access.set(accessToken, {
      userId,
      expiresAt: nowMs + this.accessTtlSeconds * 1000,
      refreshToken,
      revoked: false,
    });
    this.refresh.set(refreshToken, { userId, expiresAt: nowMs + REFRESH_TTL_MS, used: false, accessToken });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: this.accessTtlSeconds };
  }

  /** Single use: the old refresh token and its access token stop working. */
  redeemRefresh(token: string, nowMs: number): { userId: number } | { hint: string } {
    const grant = this.refresh.get(token);
    if (!grant) return { hint: 'Cannot decrypt the refresh token' };
    if (grant.used) return { hint: 'Token has been revoked' };
    if (nowMs > grant.expiresAt) return { hint: 'Token has expired' };
    grant.used = true;
    const access = this.access.get(grant.accessToken);
    if (access) access.revoked = true;
    this.refreshCount += 1;
    return { userId: grant.userId };
  }

  /** The user behind a Bearer token, or null when unknown, revoked or expired. */
  check(token: string, nowMs: number): AccessGrant | null {
    const grant = this.access.get(token);
    if (!grant || grant.revoked || nowMs >= grant.expiresAt) return null;
    return grant;
  }

  expireAccess(nowMs: number): void {
    for (const grant of this.access.values()) grant.expiresAt = Math.min(grant.expiresAt, nowMs);
  }

  revokeRefresh(): void {
    for (const grant of this.refresh.values()) grant.used = true;
  }
}
