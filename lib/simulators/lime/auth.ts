import { randomBytes, timingSafeEqual } from 'node:crypto';
import { empty, json, type Reply } from './http-io';

/**
 * Lime's two ways in (docs/lime-api.md "Authentication"):
 * - a static `Authorization: LimeToken <uuid>` (never expires; expireTokens() leaves it alone);
 * - an IdentityServer password grant at `/connect/token` (client `Jade.Api` only), then
 *   `Authorization: Bearer <access_token>`. Access tokens live `tokenTtlSeconds` by the injected
 *   clock, with no clock-skew allowance. Refresh tokens rotate: each is good for one refresh (and
 *   30 days); a spent, unknown or refused one is `400 invalid_grant`.
 * A call without valid credentials gets 401 with an empty body.
 */

export const CLIENT_ID = 'Jade.Api';
const REFRESH_LIFETIME_MS = 30 * 86_400_000;
const FORM = 'application/x-www-form-urlencoded';

export interface AuthConfig {
  token: string;
  /** Logins accepted for the password grant (an e-mail, matched case-insensitively, and a phone). */
  logins: readonly string[];
  password: string;
  ttlSeconds: number;
  now: () => Date;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenError(error: string, description?: string): Reply {
  return json(description ? { error, error_description: description } : { error }, 400, {
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
}

export class Auth {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();
  private refreshRefused = false;

  constructor(private readonly config: AuthConfig) {}

  /** Whether the `Authorization` header opens the API. */
  authorizes(header: string | undefined): boolean {
    if (!header) return false;
    const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
    if (!match) return false;
    const [, scheme = '', value = ''] = match;
    if (scheme.toLowerCase() === 'limetoken') return same(value, this.config.token);
    if (scheme.toLowerCase() !== 'bearer') return false;
    const expiresAt = this.access.get(value);
    return expiresAt !== undefined && this.config.now().getTime() < expiresAt;
  }

  /** Every issued access token becomes invalid (refresh tokens stay usable). */
  expireAll(): void {
    this.access.clear();
  }

  /** From now on refresh grants answer invalid_grant; password logins still work. */
  refuseRefresh(): void {
    this.refreshRefused = true;
  }

  private issue(): Reply {
    const now = this.config.now().getTime();
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    this.access.set(accessToken, now + this.config.ttlSeconds * 1000);
    this.refresh.set(refreshToken, now + REFRESH_LIFETIME_MS);
    return json(
      {
        access_token: accessToken,
        expires_in: this.config.ttlSeconds,
        token_type: 'Bearer',
        refresh_token: refreshToken,
      },
      200,
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    );
  }

  /** `POST /connect/token` (IdentityServer4 behaviour: 400 with `{ error }` for every refusal). */
  tokenEndpoint(method: string, contentType: string | undefined, rawBody: string): Reply {
    if (method !== 'POST' || !(contentType ?? '').toLowerCase().startsWith(FORM)) {
      return tokenError('invalid_request');
    }
    const form = new URLSearchParams(rawBody);
    if (form.get('client_id') !== CLIENT_ID) return tokenError('invalid_client');
    const grant = form.get('grant_type');
    if (!grant) return tokenError('invalid_request', 'grant_type is missing');
    if (grant === 'password') {
      const username = (form.get('username') ?? '').trim().toLowerCase();
      const password = form.get('password') ?? '';
      const known = this.config.logins.some((login) => login.toLowerCase() === username);
      if (!username || !known || !same(password, this.config.password)) {
        return tokenError('invalid_grant', 'invalid_username_or_password');
      }
      return this.issue();
    }
    if (grant === 'refresh_token') {
      const token = form.get('refresh_token');
      if (!token) return tokenError('invalid_request', 'refresh_token is missing');
      const expiresAt = this.refresh.get(token);
      if (this.refreshRefused || expiresAt === undefined || this.config.now().getTime() >= expiresAt) {
        return tokenError('invalid_grant', 'The refresh token is invalid or has been used');
      }
      this.refresh.delete(token);
      return this.issue();
    }
    return tokenError('unsupported_grant_type');
  }
}

export const unauthorized = (): Reply => empty(401, { 'WWW-Authenticate': 'Bearer, LimeToken' });
