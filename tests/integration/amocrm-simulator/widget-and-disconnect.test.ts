import { createHmac } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { INTEGRATION, setupAmocrmSimulator, startReceiver } from './support';

/**
 * The disposable token `$authorizedAjax` sends (reference §1.6, DisposableTokenModel,
 * AmoCRMOAuth::parseDisposableToken): HS256 with the client secret, aud = origin of the
 * redirect URI, 30 minutes, the SDK's claims; and the disconnect hook (§2.3):
 * GET ?account_id&client_uuid&signature with hex HMAC-SHA256(client_secret, "uuid|account_id").
 */

const receiver = await startReceiver();
const h = setupAmocrmSimulator({
  integration: { ...INTEGRATION, disconnectUrl: `${receiver.url}/api/amo/disconnect` },
});
const key = new TextEncoder().encode(INTEGRATION.clientSecret);

afterAll(async () => {
  await receiver.close();
});

describe('disposable token', () => {
  it('verifies as the SDK verifies it and carries the SDK claims', async () => {
    const manager = h.sim.controls.addUser({ admin: false });
    const token = h.sim.controls.mintDisposableToken({ userId: manager });
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      audience: new URL(INTEGRATION.redirectUri).origin,
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      iss: h.sim.url,
      account_id: h.sim.accountId,
      subdomain: 'kidburg',
      client_uuid: INTEGRATION.clientId,
      user_id: manager,
      is_admin: false,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(1800);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const other = h.sim.controls.mintDisposableToken();
    const p2 = (await jwtVerify(other, key)).payload;
    expect(p2.jti).not.toBe(payload.jti);
    expect(p2.is_admin).toBe(true);
  });

  it('fails verification with another secret or another audience, and once expired', async () => {
    const token = h.sim.controls.mintDisposableToken();
    await expect(jwtVerify(token, new TextEncoder().encode('other'))).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
    await expect(jwtVerify(token, key, { audience: 'https://elsewhere.example' })).rejects.toBeInstanceOf(
      errors.JWTClaimValidationFailed,
    );
    const stale = h.sim.controls.mintDisposableToken({ ttlSeconds: -1 });
    await expect(jwtVerify(stale, key)).rejects.toBeInstanceOf(errors.JWTExpired);
  });
});

describe('disconnect hook', () => {
  it('GETs the hook URL with account_id, client_uuid and the HMAC signature, and reports our status', async () => {
    const result = await h.sim.controls.disconnect();
    expect(result.status).toBe(200);
    const got = receiver.received.at(-1);
    expect(got?.method).toBe('GET');
    const url = new URL(got?.url ?? '', receiver.url);
    expect(url.pathname).toBe('/api/amo/disconnect');
    expect(url.searchParams.get('account_id')).toBe(String(h.sim.accountId));
    expect(url.searchParams.get('client_uuid')).toBe(INTEGRATION.clientId);
    const expected = createHmac('sha256', INTEGRATION.clientSecret)
      .update(`${INTEGRATION.clientId}|${h.sim.accountId}`)
      .digest('hex');
    expect(url.searchParams.get('signature')).toBe(expected);
    receiver.answer(401);
    expect((await h.sim.controls.disconnect()).status).toBe(401);
    receiver.answer(200);
  });
});
