import { B24OAuth, type B24OAuthParams } from '@bitrix24/b24jssdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, setupBitrix24Simulator } from './support';

/**
 * The real @bitrix24/b24jssdk 2.2.0 against the simulator over HTTP: B24OAuth posts JSON to
 * `${clientEndpoint}/method`, batches `method?query` strings, and refreshes on 401 expired_token
 * through `${serverEndpoint origin}/oauth/token/`. If the simulator's wire format drifted from
 * what the SDK expects, these would fail.
 */

describe('Bitrix24 simulator: driven by B24OAuth from @bitrix24/b24jssdk', () => {
  const b24 = setupBitrix24Simulator();
  let client: B24OAuth;
  const refreshed: { accessToken: string; refreshToken: string }[] = [];

  beforeAll(async () => {
    const { sim } = b24;
    const install = await sim.controls.install();
    sim.controls.installFinish();
    const params: B24OAuthParams = {
      applicationToken: sim.state.applicationToken,
      userId: 1,
      memberId: sim.memberId,
      accessToken: install.form.AUTH_ID ?? '',
      refreshToken: install.form.REFRESH_ID ?? '',
      expires: Math.floor(Date.now() / 1000) + 3600,
      expiresIn: 3600,
      scope: install.form.APPLICATION_SCOPE ?? '',
      domain: sim.domain,
      clientEndpoint: sim.clientEndpoint,
      serverEndpoint: sim.serverEndpoint,
      status: 'F',
    };
    client = new B24OAuth(
      params,
      { clientId: APP.clientId, clientSecret: APP.clientSecret },
      {
        restrictionParams: { maxRetries: 1 },
      },
    );
    client.setCallbackRefreshAuth(async ({ b24OAuthParams }) => {
      refreshed.push({ accessToken: b24OAuthParams.accessToken, refreshToken: b24OAuthParams.refreshToken });
    });
  });

  it('calls a method (POST /rest//crm.contact.add, JSON, auth in the body) and reads the admin flag', async () => {
    const { sim } = b24;
    const answer = await client.actions.v2.call.make<number>({
      method: 'crm.contact.add',
      params: { fields: { NAME: 'Софья', PHONE: [{ VALUE: '+79995550011', VALUE_TYPE: 'MOBILE' }] } },
    });
    expect(answer.isSuccess).toBe(true);
    const id = answer.getData()?.result;
    expect(sim.state.contacts.find((c) => c.id === id)?.fields.NAME).toBe('Софья');
    const logged = sim.requests.find((r) => r.restMethod === 'crm.contact.add');
    expect(logged?.path).toBe('/rest/crm.contact.add');
    expect(JSON.parse(logged?.body ?? '{}')).toMatchObject({
      auth: expect.any(String),
      fields: { NAME: 'Софья' },
    });
    await client.initIsAdmin();
    expect(client.auth.isAdmin).toBe(true);
  });

  it('runs a batch with a $result reference between commands', async () => {
    const answer = await client.actions.v2.batch.make<unknown>({
      calls: {
        add: { method: 'crm.contact.add', params: { fields: { NAME: 'Пакет' } } },
        get: { method: 'crm.contact.get', params: { id: '$result[add]' } },
      },
      options: { isHaltOnError: true, returnAjaxResult: false },
    });
    expect(answer.isSuccess).toBe(true);
    const data = answer.getData() as { add: number; get: { ID: string; NAME: string } };
    expect(data.get).toMatchObject({ ID: String(data.add), NAME: 'Пакет' });
  });

  it('walks a long list with callList (`>ID` cursor, start -1)', async () => {
    const { sim } = b24;
    for (let i = 0; i < 70; i++) await sim.controls.addContact({ NAME: `SDK ${i}` });
    const list = await client.actions.v2.callList.make<{ ID: string }>({
      method: 'crm.contact.list',
      params: { select: ['ID', 'NAME'] },
      idKey: 'ID',
    });
    expect(list.isSuccess).toBe(true);
    expect(list.getData()?.map((c) => Number(c.ID))).toEqual(sim.state.contacts.map((c) => c.id));
  });

  it('refreshes once on 401 expired_token, persists the new pair through the callback, and retries', async () => {
    const { sim } = b24;
    const before = sim.state.refreshCount;
    sim.controls.expireAccessTokens();
    const answer = await client.actions.v2.call.make<{ ID: string }>({ method: 'profile' });
    expect(answer.isSuccess).toBe(true);
    expect(answer.getData()?.result.ID).toBe('1');
    expect(sim.state.refreshCount).toBe(before + 1);
    expect(refreshed).toHaveLength(1);
    const tail = sim.requests.slice(-3).map((r) => `${r.server} ${r.path} ${r.status}`);
    expect(tail).toEqual(['portal /rest/profile 401', 'oauth /oauth/token/ 200', 'portal /rest/profile 200']);
    // The rotated refresh token is the only live one now.
    expect(refreshed[0]?.refreshToken).not.toBe('');
  });

  it('fails (without looping) when the refresh token is dead: invalid_grant', async () => {
    const { sim } = b24;
    sim.controls.revokeRefreshTokens();
    sim.controls.expireAccessTokens();
    const before = sim.requests.length;
    // The SDK wraps its RefreshTokenError (code invalid_grant) as JSSDK_UNKNOWN_ERROR with our description.
    await expect(client.actions.v2.call.make({ method: 'profile' })).rejects.toThrow(/Invalid grant/);
    const attempts = sim.requests.slice(before).map((r) => `${r.server} ${r.status}`);
    expect(attempts).toEqual(['portal 401', 'oauth 400']);
  });
});
