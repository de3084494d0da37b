import type { LimeAuth } from '../connection';
import { LimeAuthError } from '../errors';
import { decodeWire } from './parse';
import { interpretResponse, type LimeHttpRequest, type LimeTransport } from './transport';
import { tokenErrorSchema, tokenResponseSchema } from './wire-schemas';

/**
 * Lime's two ways in (docs/lime-api.md, Authentication): a static `LimeToken <uuid>`, or
 * IdentityServer's password grant at `/connect/token` (client `Jade.Api`) with `Bearer` tokens,
 * refreshed with `grant_type=refresh_token` before expiry or after a 401, and a password login again
 * when the refresh is refused. Tokens live in a LimeTokenStore and never appear in a message.
 */

export interface LimeTokenPair {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}

/** Where password-grant tokens live (another engineer backs it with the DB and a refresh lease). */
export interface LimeTokenStore {
  load(): Promise<LimeTokenPair | null>;
  save(pair: LimeTokenPair | null): Promise<void>;
  /**
   * Runs `refresh` so that only one caller across processes refreshes at a time; others wait and
   * re-read. Default: in-process single-flight. `refresh` saves the pair it returns (through `save`)
   * and first re-reads the store, so a late winner of the lease does not refresh twice.
   */
  refreshExclusively(refresh: () => Promise<LimeTokenPair>): Promise<LimeTokenPair>;
}

/** Tokens in memory, one refresh at a time in this process. */
export function memoryTokenStore(): LimeTokenStore {
  let current: LimeTokenPair | null = null;
  let inFlight: Promise<LimeTokenPair> | null = null;
  return {
    async load() {
      return current;
    },
    async save(pair) {
      current = pair;
    },
    refreshExclusively(refresh) {
      if (inFlight === null) {
        const flight = Promise.resolve()
          .then(refresh)
          .finally(() => {
            if (inFlight === flight) inFlight = null;
          });
        inFlight = flight;
      }
      return inFlight;
    },
  };
}

export interface LimeAuthorization {
  /** The `Authorization` header value. */
  header: string;
  /** The bearer token it carries (password mode), to recognise it after a 401. */
  accessToken: string | null;
}

export interface LimeAuthProvider {
  authorize(): Promise<LimeAuthorization>;
  /** After a 401 with `rejected`: credentials worth one more try, or null (then it is a LimeAuthError). */
  renew(rejected: LimeAuthorization): Promise<LimeAuthorization | null>;
}

export const LIME_CLIENT_ID = 'Jade.Api';
/** Refresh this long before the access token expires. */
const EARLY_REFRESH_MS = 60_000;
const TOKEN_OPERATION = 'connect/token';

export interface LimeAuthOptions {
  auth: LimeAuth;
  transport: LimeTransport;
  store: LimeTokenStore;
  now: () => Date;
}

export function createLimeAuth(options: LimeAuthOptions): LimeAuthProvider {
  const { auth } = options;
  if (auth.mode === 'token') {
    const authorization = { header: `LimeToken ${auth.token}`, accessToken: null };
    return {
      authorize: async () => authorization,
      renew: async () => null,
    };
  }
  return new PasswordGrant(options, auth.login, auth.password);
}

type TokenGrant =
  | { grant_type: 'password'; username: string; password: string }
  | {
      grant_type: 'refresh_token';
      refresh_token: string;
    };

/** The token endpoint said no; only its error code is kept (never the body, never a token). */
interface Refusal {
  refused: string;
}

function refusalOf(body: string, status: number): Refusal {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    json = null;
  }
  const parsed = tokenErrorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.error : `http_${status}`;
  return { refused: /^[a-z_]{1,40}$/.test(code) ? code : `http_${status}` };
}

class PasswordGrant implements LimeAuthProvider {
  constructor(
    private readonly options: LimeAuthOptions,
    private readonly login: string,
    private readonly password: string,
  ) {}

  private fresh(pair: LimeTokenPair): boolean {
    return pair.expiresAt.getTime() - EARLY_REFRESH_MS > this.options.now().getTime();
  }

  private bearer(pair: LimeTokenPair): LimeAuthorization {
    return { header: `Bearer ${pair.accessToken}`, accessToken: pair.accessToken };
  }

  async authorize(): Promise<LimeAuthorization> {
    const stored = await this.options.store.load();
    if (stored && this.fresh(stored)) return this.bearer(stored);
    return this.bearer(await this.options.store.refreshExclusively(() => this.obtain(null)));
  }

  async renew(rejected: LimeAuthorization): Promise<LimeAuthorization | null> {
    const pair = await this.options.store.refreshExclusively(() => this.obtain(rejected.accessToken));
    return pair.accessToken === rejected.accessToken ? null : this.bearer(pair);
  }

  /** Runs alone (refreshExclusively): re-reads, then refreshes, then logs in when the refresh is refused. */
  private async obtain(rejectedAccessToken: string | null): Promise<LimeTokenPair> {
    const { store } = this.options;
    const current = await store.load();
    if (current && this.fresh(current) && current.accessToken !== rejectedAccessToken) return current;
    let next: LimeTokenPair | Refusal | null = null;
    if (current?.refreshToken) {
      next = await this.grant({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    }
    if (next === null || 'refused' in next) {
      next = await this.grant({ grant_type: 'password', username: this.login, password: this.password });
    }
    if ('refused' in next) {
      await store.save(null);
      throw new LimeAuthError(`Lime refused the login or password (${next.refused}).`, TOKEN_OPERATION);
    }
    await store.save(next);
    return next;
  }

  /** One grant at /connect/token: the new pair, or Lime's refusal (400/401, e.g. invalid_grant). */
  private async grant(grant: TokenGrant): Promise<LimeTokenPair | Refusal> {
    const { transport, now } = this.options;
    const request: LimeHttpRequest = {
      operation: TOKEN_OPERATION,
      kind: 'token',
      method: 'POST',
      path: '/connect/token',
      form: { client_id: LIME_CLIENT_ID, ...grant },
    };
    // No retries of its own: the call that needed the token retries (one retry policy).
    const response = await transport.send(request, null);
    if (response.status === 400 || response.status === 401) return refusalOf(response.body, response.status);
    const json = interpretResponse(response, request, now());
    const token = decodeWire(tokenResponseSchema, json, TOKEN_OPERATION);
    return {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? null,
      expiresAt: new Date(now().getTime() + token.expires_in * 1000),
    };
  }
}
