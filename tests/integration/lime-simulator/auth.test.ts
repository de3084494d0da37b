import { describe, expect, it } from 'vitest';
import { call, passwordGrant, setupLimeSimulator, testClock, token } from './support';

const SELECT = { filter: { installationId: 2 }, page: { skip: 0, take: 1 } };

describe('Lime simulator: authentication', () => {
  const clock = testClock();
  const lime = setupLimeSimulator({ clients: 20, now: clock.now, tokenTtlSeconds: 60 });

  it('opens the API with `Authorization: LimeToken <uuid>`', async () => {
    expect(lime.sim.credentials.token).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const answer = await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT });
    expect(answer.status).toBe(200);
  });

  it('answers 401 with an empty body without credentials or with wrong ones', async () => {
    for (const auth of [
      'none',
      'LimeToken 00000000-0000-4000-a000-000000000000',
      'Bearer nope',
      lime.sim.credentials.token,
    ]) {
      const answer = await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT, auth });
      expect(answer.status, auth).toBe(401);
      expect(answer.text).toBe('');
    }
  });

  it('issues tokens for the password grant with client Jade.Api (form-urlencoded), by e-mail or phone', async () => {
    const answer = await token(lime.sim, passwordGrant(lime.sim));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 60,
      token_type: 'Bearer',
    });
    const api = await call(lime.sim, '/api/GoodTypes/Select', {
      body: SELECT,
      auth: `Bearer ${answer.json.access_token}`,
    });
    expect(api.status).toBe(200);
    const byPhone = await token(lime.sim, {
      ...passwordGrant(lime.sim),
      username: lime.sim.credentials.loginPhone,
    });
    expect(byPhone.status).toBe(200);
  });

  it('refuses other client ids, wrong passwords, other grants and non-form bodies with `{ error }`', async () => {
    expect((await token(lime.sim, { ...passwordGrant(lime.sim), client_id: 'Other.Api' })).json).toEqual({
      error: 'invalid_client',
    });
    const wrong = await token(lime.sim, { ...passwordGrant(lime.sim), password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    const grant = await token(lime.sim, { ...passwordGrant(lime.sim), grant_type: 'client_credentials' });
    expect(grant.json).toEqual({ error: 'unsupported_grant_type' });
    const asJson = await fetch(`${lime.sim.url}/connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordGrant(lime.sim)),
    });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toEqual({ error: 'invalid_request' });
  });

  it('expires access tokens after tokenTtlSeconds by the injected clock', async () => {
    const { json } = await token(lime.sim, passwordGrant(lime.sim));
    const auth = `Bearer ${json.access_token}`;
    clock.advance(59_000);
    expect((await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT, auth })).status).toBe(200);
    clock.advance(1_000);
    const expired = await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT, auth });
    expect(expired.status).toBe(401);
    expect(expired.text).toBe('');
  });

  it('rotates refresh tokens: a spent one is invalid_grant', async () => {
    const first = await token(lime.sim, passwordGrant(lime.sim));
    const refreshed = await token(lime.sim, {
      client_id: 'Jade.Api',
      grant_type: 'refresh_token',
      refresh_token: first.json.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(first.json.refresh_token);
    const again = await token(lime.sim, {
      client_id: 'Jade.Api',
      grant_type: 'refresh_token',
      refresh_token: first.json.refresh_token,
    });
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
  });

  it('expireTokens() invalidates every access token; refresh still works; LimeToken is static', async () => {
    const pair = await token(lime.sim, passwordGrant(lime.sim));
    lime.sim.controls.expireTokens();
    expect(
      (
        await call(lime.sim, '/api/GoodTypes/Select', {
          body: SELECT,
          auth: `Bearer ${pair.json.access_token}`,
        })
      ).status,
    ).toBe(401);
    expect((await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT })).status).toBe(200);
    const refreshed = await token(lime.sim, {
      client_id: 'Jade.Api',
      grant_type: 'refresh_token',
      refresh_token: pair.json.refresh_token,
    });
    const auth = `Bearer ${refreshed.json.access_token}`;
    expect((await call(lime.sim, '/api/GoodTypes/Select', { body: SELECT, auth })).status).toBe(200);
  });

  it('tolerates `//connect/token` (morphes/lime builds it so)', async () => {
    expect((await token(lime.sim, passwordGrant(lime.sim), '//connect/token')).status).toBe(200);
  });

  it('refuseRefresh(): refresh grants answer invalid_grant, password logins still work', async () => {
    const pair = await token(lime.sim, passwordGrant(lime.sim));
    lime.sim.controls.refuseRefresh();
    const refused = await token(lime.sim, {
      client_id: 'Jade.Api',
      grant_type: 'refresh_token',
      refresh_token: pair.json.refresh_token,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await token(lime.sim, passwordGrant(lime.sim))).status).toBe(200);
  });
});
