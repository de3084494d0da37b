import { describe, expect, it } from 'vitest';
import { startBitrix24Simulator } from '@/lib/simulators/bitrix24';
import {
  APP,
  installFinished,
  rest,
  setupBitrix24Simulator,
  startReceiver,
  testClock,
  timeShape,
} from './support';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function token(oauthUrl: string, fields: Record<string, string>, method: 'GET' | 'POST' = 'POST') {
  const url = `${oauthUrl}/oauth/token/`;
  const response =
    method === 'GET'
      ? await fetch(`${url}?${form(fields)}`)
      : await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form(fields),
        });
  return { status: response.status, json: await response.json() };
}

describe('Bitrix24 simulator: install, tokens and the authorization server', () => {
  const clock = testClock();
  const b24 = setupBitrix24Simulator({ now: clock.now, accessTokenTtlSeconds: 3600 });

  it('posts the installer frame the §1.2 payload and ONAPPINSTALL form-urlencoded with bracketed keys (on-app-install.md)', async () => {
    const app = await startReceiver();
    // Its own simulator: the app registration carries the "Installation event handler URL".
    const other = await startBitrix24Simulator({
      app: { ...APP, installEventUrl: `${app.url}/api/bitrix24/events` },
    });
    try {
      const result = await other.controls.install();
      expect(result.query).toEqual({
        DOMAIN: other.domain,
        PROTOCOL: '0',
        LANG: 'ru',
        APP_SID: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(result.form).toEqual({
        AUTH_ID: expect.stringMatching(/^[0-9a-f]{70}$/),
        AUTH_EXPIRES: '3600',
        REFRESH_ID: expect.stringMatching(/^[0-9a-f]{70}$/),
        SERVER_ENDPOINT: other.serverEndpoint,
        member_id: other.memberId,
        status: 'F',
        APPLICATION_TOKEN: other.state.applicationToken,
        APPLICATION_SCOPE: 'crm,placement,user_brief',
        PLACEMENT: 'DEFAULT',
        PLACEMENT_OPTIONS: '{}',
      });
      expect(result.installEvent).toEqual({ status: 200, body: 'OK' });
      const [post] = app.of('ONAPPINSTALL');
      expect(post?.contentType).toBe('application/x-www-form-urlencoded');
      expect(post?.raw).toContain('auth%5Bapplication_token%5D=');
      expect(post?.form).toEqual({
        event: 'ONAPPINSTALL',
        data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'N', LANGUAGE_ID: 'ru' },
        ts: expect.stringMatching(/^\d+$/),
        auth: {
          access_token: expect.stringMatching(/^[0-9a-f]{70}$/),
          expires: expect.stringMatching(/^\d+$/),
          expires_in: '3600',
          scope: 'crm,placement,user_brief',
          domain: other.domain,
          server_endpoint: other.serverEndpoint,
          status: 'F',
          client_endpoint: other.clientEndpoint,
          member_id: other.memberId,
          user_id: '1',
          refresh_token: expect.stringMatching(/^[0-9a-f]{70}$/),
          application_token: result.form.APPLICATION_TOKEN,
        },
      });
      // The event's own token pair works like the frame's.
      const info = await rest(other, 'app.info', {}, { token: post?.form.auth.access_token });
      expect(info.status).toBe(200);
    } finally {
      await other.close();
      await app.close();
    }
  });

  it('answers the SDK form (POST JSON to /rest//method?bx24_…) with result and the full time block', async () => {
    const { sim } = b24;
    const { token: auth } = await installFinished(sim);
    const answer = await rest(sim, 'profile', {}, { token: auth });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      result: {
        ID: '1',
        ADMIN: true,
        NAME: 'Анна',
        LAST_NAME: 'Смирнова',
        PERSONAL_GENDER: '',
        TIME_ZONE: '',
        TIME_ZONE_OFFSET: 10800,
      },
      time: timeShape(),
    });
    expect(answer.json.time.date_start).toMatch(/\+03:00$/);
    const logged = sim.requests.at(-1);
    expect(logged).toMatchObject({
      server: 'portal',
      restMethod: 'profile',
      status: 200,
      path: '/rest/profile',
    });
    expect(logged?.query).toMatchObject({ bx24_sdk_type: 'b24-js-sdk' });
  });

  it('accepts the classic forms too: a form POST to method.json, a GET with auth in the query, a Bearer header', async () => {
    const { sim } = b24;
    const auth = (await sim.controls.frame({ placement: 'DEFAULT' })).form.AUTH_ID;
    expect((await rest(sim, 'scope', {}, { token: auth, mode: 'form' })).json.result).toEqual([
      'crm',
      'placement',
      'user_brief',
    ]);
    expect((await rest(sim, 'profile', {}, { token: auth, mode: 'get' })).json.result.ID).toBe('1');
    expect((await rest(sim, 'profile', {}, { token: null, bearer: auth })).status).toBe(200);
  });

  it('refuses calls without credentials (401 NO_AUTH_FOUND), but an unknown method is 404 before any auth check', async () => {
    const { sim } = b24;
    const none = await rest(sim, 'profile', {}, { token: null });
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    const unknown = await rest(sim, 'crm.contact.frobnicate', {}, { token: null });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
    const bad = await rest(sim, 'profile', {}, { token: 'f'.repeat(70) });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe('invalid_token');
  });

  it('expires access tokens by the injected clock (401 expired_token) and refreshes them on the OAuth server', async () => {
    const { sim } = b24;
    const frame = await sim.controls.frame({ placement: 'DEFAULT' });
    clock.advance(3599_000);
    expect((await rest(sim, 'profile', {}, { token: frame.form.AUTH_ID })).status).toBe(200);
    clock.advance(1_000);
    const expired = await rest(sim, 'profile', {}, { token: frame.form.AUTH_ID });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({
      error: 'expired_token',
      error_description: 'The access token provided has expired',
    });

    const before = sim.state.refreshCount;
    // settings/oauth/auto-renewal.md: GET /oauth/token/?grant_type=refresh_token&client_id&client_secret&refresh_token
    const fresh = await token(
      sim.oauthUrl,
      {
        grant_type: 'refresh_token',
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        refresh_token: frame.form.REFRESH_ID ?? '',
      },
      'GET',
    );
    expect(fresh.status).toBe(200);
    expect(fresh.json).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{70}$/),
      expires: Math.floor(clock.now().getTime() / 1000) + 3600,
      expires_in: 3600,
      scope: 'app',
      domain: new URL(sim.oauthUrl).host,
      server_endpoint: sim.serverEndpoint,
      status: 'F',
      client_endpoint: sim.clientEndpoint,
      member_id: sim.memberId,
      user_id: 1,
      refresh_token: expect.stringMatching(/^[0-9a-f]{70}$/),
    });
    expect(sim.state.refreshCount).toBe(before + 1);
    expect((await rest(sim, 'profile', {}, { token: fresh.json.access_token })).status).toBe(200);

    const reused = await token(sim.oauthUrl, {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: frame.form.REFRESH_ID ?? '',
    });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
  });

  it('refuses wrong client credentials (invalid_client) and revoked refresh tokens (invalid_grant)', async () => {
    const { sim } = b24;
    const frame = await sim.controls.frame({ placement: 'DEFAULT' });
    const grant = {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: 'wrong',
      refresh_token: frame.form.REFRESH_ID ?? '',
    };
    const wrong = await token(sim.oauthUrl, grant);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_client');
    sim.controls.revokeRefreshTokens();
    const revoked = await token(sim.oauthUrl, { ...grant, client_secret: APP.clientSecret });
    expect(revoked.json.error).toBe('invalid_grant');
  });

  it('trades an authorization code within 30 seconds, once', async () => {
    const { sim } = b24;
    const code = sim.controls.issueAuthorizationCode();
    const grant = {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      code,
    };
    expect((await token(sim.oauthUrl, grant)).status).toBe(200);
    expect((await token(sim.oauthUrl, grant)).json.error).toBe('invalid_grant');
    const late = sim.controls.issueAuthorizationCode();
    clock.advance(30_000);
    expect((await token(sim.oauthUrl, { ...grant, code: late })).json.error).toBe('invalid_grant');
  });

  it('checks a token on the authorization server: /rest/app.info?auth= (our documented assumption of its shape)', async () => {
    const { sim } = b24;
    const frame = await sim.controls.frame({ placement: 'DEFAULT' });
    const response = await fetch(`${sim.serverEndpoint}app.info?auth=${frame.form.AUTH_ID}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result: {
        scope: 'crm,placement,user_brief',
        client_id: APP.clientId,
        expires: Math.floor(clock.now().getTime() / 1000) + 3600,
        install: {
          installed: true,
          version: 1,
          status: 'F',
          payment_expired: 'N',
          days: null,
          license: 'ru_pro100',
          language_id: 'ru',
        },
        user_id: 1,
        status: 'F',
        member_id: sim.memberId,
        domain: sim.domain,
      },
      time: timeShape(),
    });
    const unknown = await fetch(`${sim.serverEndpoint}app.info?auth=nope`);
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error).toBe('invalid_token');
    sim.controls.expireAccessTokens();
    const expired = await fetch(`${sim.serverEndpoint}app.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: frame.form.AUTH_ID }),
    });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toBe('expired_token');
  });
});

describe('Bitrix24 simulator: app.info and profile on the portal', () => {
  const b24 = setupBitrix24Simulator();

  it('app.info answers the doc shape (common/system/app-info.md); INSTALLED stays false until installFinish', async () => {
    const { sim } = b24;
    const install = await sim.controls.install();
    const before = await rest(sim, 'app.info', {}, { token: install.form.AUTH_ID });
    expect(before.json).toEqual({
      result: {
        ID: 7,
        CODE: 'lime.bridge',
        VERSION: 1,
        STATUS: 'F',
        INSTALLED: false,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
        LANGUAGE_ID: 'ru',
        LICENSE: 'ru_pro100',
        LICENSE_TYPE: 'pro100',
        LICENSE_FAMILY: 'pro',
      },
      time: timeShape(),
    });
    sim.controls.installFinish();
    expect((await rest(sim, 'app.info', {}, { token: install.form.AUTH_ID })).json.result.INSTALLED).toBe(
      true,
    );
  });

  it('profile says ADMIN false for a manager, whose token works for CRM but not for admin-only methods', async () => {
    const { sim } = b24;
    const manager = sim.controls.addUser({ admin: false, name: 'Олег Петров' });
    const auth = sim.controls.frame({ placement: 'DEFAULT', userId: manager }).form.AUTH_ID;
    const profile = await rest(sim, 'profile', {}, { token: auth });
    expect(profile.json.result).toMatchObject({
      ID: String(manager),
      ADMIN: false,
      NAME: 'Олег',
      LAST_NAME: 'Петров',
    });
    const denied = await rest(
      sim,
      'placement.bind',
      { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'https://app.example.com/placement' },
      { token: auth },
    );
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied!' });
  });

  it('drops every token on uninstall and takes a fresh installation afterwards', async () => {
    const { sim } = b24;
    const old = sim.controls.frame({ placement: 'DEFAULT' });
    const oldAppToken = sim.state.applicationToken;
    await sim.controls.uninstall({ clean: false });
    expect((await rest(sim, 'profile', {}, { token: old.form.AUTH_ID })).json.error).toBe('invalid_token');
    const refresh = await token(sim.oauthUrl, {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: old.form.REFRESH_ID ?? '',
    });
    expect(refresh.json.error).toBe('invalid_grant');
    const again = await sim.controls.install();
    expect(again.form.APPLICATION_TOKEN).not.toBe(oldAppToken);
    expect((await rest(sim, 'profile', {}, { token: again.form.AUTH_ID })).status).toBe(200);
  });
});
