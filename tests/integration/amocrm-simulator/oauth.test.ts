import { describe, expect, it } from 'vitest';
import { api, connect, INTEGRATION, manualClock, oauth, setupAmocrmSimulator } from './support';

/**
 * OAuth 2.0 as amoCRM runs it (reference §2): the documented code exchange and refresh bodies,
 * 20-minute single-use codes, single-use refresh tokens ("Token has been revoked", the exact
 * body quoted in amocrm-api-php#123), byte-exact redirect_uri, and the JWT access token that
 * carries account_id.
 */

const clock = manualClock();
// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ now: clock.now, limits: { perSecond: 1000 } });

const exchange = (code: string, extra: Record<string, unknown> = {}) =>
  oauth(h.sim, {
    client_id: INTEGRATION.clientId,
    client_secret: INTEGRATION.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: INTEGRATION.redirectUri,
    ...extra,
  });

const refresh = (refreshToken: string, extra: Record<string, unknown> = {}) =>
  oauth(h.sim, {
    client_id: INTEGRATION.clientId,
    client_secret: INTEGRATION.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    redirect_uri: INTEGRATION.redirectUri,
    ...extra,
  });

describe('authorization code', () => {
  it('redirect carries code, referer (the account host) and the echoed state; widget installs carry from_widget and no state', () => {
    const a = h.sim.controls.authorize({ state: 'csrf-123' });
    expect(a).toMatchObject({ referer: h.sim.host, state: 'csrf-123', client_id: INTEGRATION.clientId });
    const w = h.sim.controls.installFromWidget();
    expect(w.from_widget).toBe('1');
    expect('state' in w).toBe(false);
  });

  it('exchanges a code for the documented token answer; the access token is a JWT with account_id', async () => {
    const { code } = h.sim.controls.authorize();
    const r = await exchange(code);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    const [, payload] = String(r.json.access_token).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    expect(claims.account_id).toBe(h.sim.accountId);
    expect(claims.exp - claims.iat).toBe(86400);
    const sub = await fetch(`${h.sim.url}/oauth2/account/subdomain`, {
      headers: { Authorization: `Bearer ${r.json.access_token}` },
    });
    expect(sub.status).toBe(200);
    expect(await sub.json()).toMatchObject({ id: h.sim.accountId, subdomain: 'kidburg' });
  });

  it('a code is single-use', async () => {
    const { code } = h.sim.controls.authorize();
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.json.hint).toBe('Authorization code has been revoked');
  });

  it('a code lives 20 minutes', async () => {
    const { code } = h.sim.controls.authorize();
    clock.advance(20 * 60 * 1000 + 1000);
    const r = await exchange(code);
    expect(r.status).toBe(400);
    expect(r.json.hint).toBe('Authorization code has expired');
  });

  it('refuses a wrong secret (401), a redirect_uri that differs by one byte (400) and an invented code', async () => {
    const { code } = h.sim.controls.authorize();
    const wrong = await exchange(code, { client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ status: 401, hint: 'Client authentication failed' });
    expect((await exchange(code, { redirect_uri: `${INTEGRATION.redirectUri}/` })).status).toBe(400);
    const bogus = await exchange('def50200abcdef');
    expect(bogus.status).toBe(400);
    expect(bogus.json.type).toBe('https://developers.amocrm.ru/v3/errors/OAuthProblemJson');
    // the code survived the refused attempts
    expect((await exchange(code)).status).toBe(200);
  });
});

describe('refresh', () => {
  it('rotates the pair; the spent refresh token gets the documented 401 and the old access token stops working', async () => {
    const first = await connect(h.sim);
    const before = h.sim.state.refreshCount;
    const r = await refresh(first.refresh_token);
    expect(r.status).toBe(200);
    expect(r.json.refresh_token).not.toBe(first.refresh_token);
    expect(h.sim.state.refreshCount).toBe(before + 1);
    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(401);
    expect(reuse.json).toEqual({
      hint: 'Token has been revoked',
      title: 'Некорректный запрос',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status: 401,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    });
    expect((await api(h.sim, first.access_token, 'GET', '/api/v4/account')).status).toBe(401);
    expect((await api(h.sim, String(r.json.access_token), 'GET', '/api/v4/account')).status).toBe(200);
  });

  it('requires redirect_uri on refresh too', async () => {
    const pair = await connect(h.sim);
    const r = await refresh(pair.refresh_token, { redirect_uri: undefined });
    expect(r.status).toBe(400);
    expect((await refresh(pair.refresh_token)).status).toBe(200);
  });

  it('revokeRefreshTokens makes every refresh a re-authorisation', async () => {
    const pair = await connect(h.sim);
    h.sim.controls.revokeRefreshTokens();
    const r = await refresh(pair.refresh_token);
    expect(r.status).toBe(401);
    expect(r.json.hint).toBe('Token has been revoked');
  });
});

describe('access tokens on the API', () => {
  it('an expired token gets 401 problem+json; so do a forged one and none', async () => {
    const pair = await connect(h.sim);
    expect((await api(h.sim, pair.access_token, 'GET', '/api/v4/account')).status).toBe(200);
    clock.advance(86_400 * 1000);
    const expired = await api(h.sim, pair.access_token, 'GET', '/api/v4/account');
    expect(expired.status).toBe(401);
    expect(expired.type).toBe('application/problem+json');
    expect(expired.json).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      type: 'https://httpstatus.es/401',
    });
    expect((await api(h.sim, `${pair.access_token}x`, 'GET', '/api/v4/account')).status).toBe(401);
    const none = await fetch(`${h.sim.url}/api/v4/account`);
    expect(none.status).toBe(401);
  });

  it('expireAccessTokens expires every token now; a refresh recovers', async () => {
    const pair = await connect(h.sim);
    h.sim.controls.expireAccessTokens();
    expect((await api(h.sim, pair.access_token, 'GET', '/api/v4/account')).status).toBe(401);
    const r = await refresh(pair.refresh_token);
    expect((await api(h.sim, String(r.json.access_token), 'GET', '/api/v4/account')).status).toBe(200);
  });
});
