import type { IdSource } from './ids';

/**
 * The authorization server's token book (oauth.bitrix.info keeps it, portals ask it): access
 * tokens live `ttlSeconds` (an hour by default) and are expired when `expires <= now`; refresh
 * tokens live 180 days and rotate — a refresh returns a new pair and the old refresh token is
 * spent, so reusing it is `invalid_grant`; authorization codes live 30 s and are single-use.
 * Uninstalling the app drops every grant of the installation.
 */

export interface AccessGrant {
  token: string;
  userId: number;
  /** ms since epoch. */
  expiresAt: number;
}

export interface TokenPair {
  access: AccessGrant;
  refreshToken: string;
}

interface RefreshGrant {
  userId: number;
  expiresAt: number;
  state: 'live' | 'spent' | 'revoked';
}

export const REFRESH_TTL_SECONDS = 180 * 24 * 3600;
export const CODE_TTL_SECONDS = 30;

export type TokenCheck =
  | { ok: true; grant: AccessGrant }
  | { ok: false; error: 'invalid_token' | 'expired_token' };

export class TokenStore {
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, { userId: number; expiresAt: number; used: boolean }>();

  constructor(
    private readonly ids: IdSource,
    private readonly now: () => Date,
    readonly ttlSeconds: number,
  ) {}

  issueAccess(userId: number): AccessGrant {
    const grant = {
      token: this.ids.token(),
      userId,
      expiresAt: this.now().getTime() + this.ttlSeconds * 1000,
    };
    this.access.set(grant.token, grant);
    return grant;
  }

  issuePair(userId: number): TokenPair {
    const access = this.issueAccess(userId);
    const refreshToken = this.ids.token();
    this.refresh.set(refreshToken, {
      userId,
      expiresAt: this.now().getTime() + REFRESH_TTL_SECONDS * 1000,
      state: 'live',
    });
    return { access, refreshToken };
  }

  check(token: string): TokenCheck {
    const grant = this.access.get(token);
    if (!grant) return { ok: false, error: 'invalid_token' };
    if (grant.expiresAt <= this.now().getTime()) return { ok: false, error: 'expired_token' };
    return { ok: true, grant };
  }

  /** Rotates a pair: the old refresh token is spent whatever happens next. */
  rotate(refreshToken: string): TokenPair | null {
    const grant = this.refresh.get(refreshToken);
    if (grant?.state !== 'live' || grant.expiresAt <= this.now().getTime()) return null;
    grant.state = 'spent';
    return this.issuePair(grant.userId);
  }

  issueCode(userId: number): string {
    const code = this.ids.alnum(32);
    this.codes.set(code, { userId, expiresAt: this.now().getTime() + CODE_TTL_SECONDS * 1000, used: false });
    return code;
  }

  exchangeCode(code: string): TokenPair | null {
    const entry = this.codes.get(code);
    if (!entry || entry.used || entry.expiresAt <= this.now().getTime()) return null;
    entry.used = true;
    return this.issuePair(entry.userId);
  }

  /** Every access token issued so far is now expired (refresh tokens keep working). */
  expireAllAccess(): void {
    const past = this.now().getTime() - 1000;
    for (const grant of this.access.values()) grant.expiresAt = Math.min(grant.expiresAt, past);
  }

  /** Every refresh token issued so far is dead: the next refresh answers invalid_grant. */
  revokeAllRefresh(): void {
    for (const grant of this.refresh.values()) grant.state = 'revoked';
  }

  /** Uninstall: nothing issued so far works any more. */
  dropAll(): void {
    this.access.clear();
    this.revokeAllRefresh();
    this.codes.clear();
  }
}
