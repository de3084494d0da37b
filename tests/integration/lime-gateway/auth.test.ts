import { describe, expect, it } from 'vitest';
import { limeConnectionSchema } from '@/lib/lime/connection';
import { LimeAuthError } from '@/lib/lime/errors';
import {
  createHttpLimeGateway,
  type HttpLimeGatewayOptions,
  type LimeTokenPair,
  type LimeTokenStore,
  memoryTokenStore,
} from '@/lib/lime/http/create-gateway';
import { setupLimeGateway } from './support';

/**
 * Both ways into Lime, against the simulator's token endpoint over real HTTP: a static LimeToken,
 * and the password grant at /connect/token (client Jade.Api) with Bearer tokens, refreshed before
 * expiry or after a 401, a password login when the refresh is refused, one refresh for concurrent
 * calls, and tokens kept in the token store (never in a message).
 */

let clock = new Date('2026-03-01T09:00:00Z');
const now = () => clock;
const lime = setupLimeGateway({ clients: 20, now, tokenTtlSeconds: 3600 });
const { recent } = lime;

function tokenRequests() {
  return recent()
    .filter((r) => r.path === '/connect/token')
    .map((r) => Object.fromEntries(new URLSearchParams(r.body)));
}

function apiAuthorizations() {
  return recent()
    .filter((r) => r.path.startsWith('/api/'))
    .map((r) => r.headers.authorization ?? '');
}

/** A store that records what was saved (to prove tokens go through it). */
function recordingStore(): LimeTokenStore & { saved: (LimeTokenPair | null)[] } {
  const inner = memoryTokenStore();
  const saved: (LimeTokenPair | null)[] = [];
  return {
    saved,
    load: () => inner.load(),
    async save(pair) {
      saved.push(pair);
      await inner.save(pair);
    },
    refreshExclusively: (refresh) => inner.refreshExclusively(refresh),
  };
}

function passwordGateway(
  options: Partial<Omit<HttpLimeGatewayOptions, 'connection'>> & { password?: string; login?: string } = {},
) {
  const { password, login, ...rest } = options;
  return lime.connect({
    auth: {
      mode: 'password',
      login: login ?? lime.sim.credentials.login,
      password: password ?? lime.sim.credentials.password,
    },
    now,
    ...rest,
  });
}

describe('LimeToken', () => {
  it('sends Authorization: LimeToken <token> and never calls the token endpoint', async () => {
    const gateway = createHttpLimeGateway({
      connection: limeConnectionSchema.parse({
        baseUrl: lime.sim.url,
        auth: { mode: 'token', token: lime.sim.credentials.token },
        installationId: lime.sim.installationId,
        cashdeskId: lime.sim.cashdeskId,
      }),
      allowHttpLoopback: true,
    });
    lime.sim.controls.expireTokens(); // leaves the static token alone
    expect((await gateway.listGoods()).length).toBeGreaterThan(0);
    expect(apiAuthorizations()).toEqual([`LimeToken ${lime.sim.credentials.token}`]);
    expect(tokenRequests()).toEqual([]);
  });
});

describe('password grant', () => {
  it('logs in once (form-urlencoded, client_id=Jade.Api), then sends Bearer; the pair goes to the store', async () => {
    const store = recordingStore();
    const operations: string[] = [];
    const gateway = passwordGateway({
      tokenStore: store,
      beforeRequest: async (op) => void operations.push(op),
    });
    await gateway.listGoods();
    await gateway.listGoodCategories();
    expect(tokenRequests()).toEqual([
      {
        client_id: 'Jade.Api',
        grant_type: 'password',
        username: lime.sim.credentials.login,
        password: lime.sim.credentials.password,
      },
    ]);
    const tokenCall = recent().find((r) => r.path === '/connect/token');
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenCall?.headers.authorization).toBeUndefined();
    const pair = await store.load();
    expect(pair?.expiresAt.getTime()).toBe(clock.getTime() + 3600_000);
    expect(store.saved).toHaveLength(1);
    expect(apiAuthorizations()).toEqual([`Bearer ${pair?.accessToken}`, `Bearer ${pair?.accessToken}`]);
    // beforeRequest (the rate limiter) also saw the token call.
    expect(operations).toEqual([
      'connect/token',
      'GoodTypes/Select',
      'CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation',
    ]);
  });

  it('concurrent first calls share one login', async () => {
    const gateway = passwordGateway();
    await Promise.all(Array.from({ length: 6 }, () => gateway.listGoodCategories()));
    expect(tokenRequests()).toHaveLength(1);
  });

  it('a second gateway on the same store reuses the stored token', async () => {
    const store = memoryTokenStore();
    await passwordGateway({ tokenStore: store }).listGoodCategories();
    lime.mark();
    await passwordGateway({ tokenStore: store }).listGoodCategories();
    expect(tokenRequests()).toEqual([]);
  });

  it('refreshes with the refresh token shortly before expiry (not after)', async () => {
    const store = memoryTokenStore();
    const gateway = passwordGateway({ tokenStore: store });
    await gateway.listGoodCategories();
    const first = await store.load();
    clock = new Date(clock.getTime() + 3600_000 - 90_000); // 90 s left: still used as is
    await gateway.listGoodCategories();
    clock = new Date(clock.getTime() + 60_000); // 30 s left: refreshed first
    lime.mark();
    await gateway.listGoodCategories();
    expect(tokenRequests()).toEqual([
      { client_id: 'Jade.Api', grant_type: 'refresh_token', refresh_token: first?.refreshToken },
    ]);
    const second = await store.load();
    expect(second?.accessToken).not.toBe(first?.accessToken);
    expect(apiAuthorizations()).toEqual([`Bearer ${second?.accessToken}`]);
    expect(
      recent().every(
        (r) => r.path === '/connect/token' || r.headers.authorization !== `Bearer ${first?.accessToken}`,
      ),
    ).toBe(true);
  });

  it('after a 401 (tokens revoked) it refreshes and retries; concurrent calls share one refresh', async () => {
    const gateway = passwordGateway();
    await gateway.listGoodCategories();
    lime.sim.controls.expireTokens();
    lime.mark();
    const results = await Promise.all(Array.from({ length: 5 }, () => gateway.listGoodCategories()));
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(tokenRequests().map((t) => t.grant_type)).toEqual(['refresh_token']);
  });

  it('a refused refresh (400 invalid_grant) falls back to a password login', async () => {
    const gateway = passwordGateway();
    await gateway.listGoodCategories();
    lime.sim.controls.expireTokens();
    lime.sim.controls.refuseRefresh();
    lime.mark();
    expect((await gateway.listGoodCategories()).length).toBeGreaterThan(0);
    expect(tokenRequests().map((t) => t.grant_type)).toEqual(['refresh_token', 'password']);
  });

  it('a 401 right after a fresh login is LimeAuthError', async () => {
    const gateway = passwordGateway();
    lime.sim.controls.fault({ path: '/api/GoodTypes/Select', kind: 'unauthorized', times: 2 });
    await expect(gateway.listGoods()).rejects.toBeInstanceOf(LimeAuthError);
    expect(recent().filter((r) => r.path === '/api/GoodTypes/Select')).toHaveLength(2);
  });

  it('a wrong password is LimeAuthError; the store is cleared; no secret in the message', async () => {
    const store = recordingStore();
    const password = 'definitely-not-it';
    const failure = passwordGateway({ password, tokenStore: store }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(LimeAuthError);
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain(password);
    expect(store.saved).toEqual([null]);
    expect(recent().filter((r) => r.path.startsWith('/api/'))).toHaveLength(0);
  });

  it('also logs in with the phone as username', async () => {
    const gateway = passwordGateway({ login: lime.sim.credentials.loginPhone });
    expect((await gateway.listGoodCategories()).length).toBeGreaterThan(0);
  });
});
