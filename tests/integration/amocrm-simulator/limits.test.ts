import { describe, expect, it } from 'vitest';
import { api, connect, INTEGRATION, manualClock, oauth, setupAmocrmSimulator } from './support';

/**
 * Limits (reference §5): 7 requests per second per integration by default → 429 problem+json
 * with `retry_after` and `Retry-After`; repeated 429s block the account: every request, OAuth
 * included, gets 403 with the plain-text body `403 Forbidden` until the block ends. The clock is
 * frozen, so "within a second" is exact and no test sleeps.
 */

describe('the real default: 7 requests per second', () => {
  const clock = manualClock();
  const h = setupAmocrmSimulator({ now: clock.now });

  it('the 8th request within a second gets 429; the next second is free again', async () => {
    const token = (await connect(h.sim)).access_token;
    for (let i = 0; i < 7; i += 1)
      expect((await api(h.sim, token, 'GET', '/api/v4/account')).status).toBe(200);
    const limited = await api(h.sim, token, 'GET', '/api/v4/account');
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('application/problem+json');
    expect(limited.json).toMatchObject({ status: 429, title: 'Too Many Requests', retry_after: 1 });
    expect(limited.headers.get('retry-after')).toBe('1');
    clock.advance(1000);
    expect((await api(h.sim, token, 'GET', '/api/v4/account')).status).toBe(200);
  });

  it("other integrations' traffic on the account takes from the same second", async () => {
    clock.advance(1000);
    const token = (await connect(h.sim)).access_token;
    h.sim.controls.consumeRate(7);
    expect((await api(h.sim, token, 'GET', '/api/v4/account')).status).toBe(429);
  });
});

describe('the account block', () => {
  const clock = manualClock();
  // Shrunk so the test is short: 3 req/s; more than two 429s within 60 s block for 120 s.
  const h = setupAmocrmSimulator({
    now: clock.now,
    limits: { perSecond: 3 },
    block: { after429s: 2, windowSeconds: 60, blockSeconds: 120 },
  });

  it('more than after429s 429s turn every request into 403 plain text until blockSeconds pass', async () => {
    const pair = await connect(h.sim);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await api(h.sim, pair.access_token, 'GET', '/api/v4/contacts')).status);
    expect(statuses).toEqual([204, 204, 204, 429, 429, 403]);
    expect(h.sim.state.blockedUntil?.getTime()).toBe(clock.now().getTime() + 120_000);

    clock.advance(5000);
    const blocked = await api(h.sim, pair.access_token, 'GET', '/api/v4/account');
    expect(blocked.status).toBe(403);
    expect(blocked.type).toMatch(/^text\/plain/);
    expect(blocked.text).toBe('403 Forbidden');
    const refresh = await oauth(h.sim, {
      client_id: INTEGRATION.clientId,
      client_secret: INTEGRATION.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: pair.refresh_token,
      redirect_uri: INTEGRATION.redirectUri,
    }).catch(() => null);
    expect(refresh).toBeNull(); // the plain-text 403 is not JSON
    expect(h.sim.requests.at(-1)).toMatchObject({ path: '/oauth2/access_token', status: 403 });

    clock.advance(115_000);
    expect((await api(h.sim, pair.access_token, 'GET', '/api/v4/account')).status).toBe(200);
    expect(h.sim.state.blockedUntil).toBeNull();
  });
});
