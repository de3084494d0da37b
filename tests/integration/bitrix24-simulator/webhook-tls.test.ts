import { Agent as HttpsAgent } from 'node:https';
import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestCertificate } from '../../support/test-certificate';
import { setupBitrix24Simulator } from './support';

/**
 * Webhook mode (local-integrations/local-webhooks.md): the portal over https (B24Hook refuses
 * plain http), an inbound webhook `/rest/{userId}/{secret}/` with its own scopes, calls running
 * as its user, application-only methods refused. The certificate is a throwaway self-signed one
 * for 127.0.0.1, made when the suite starts.
 */

const tls = await makeTestCertificate();

describe('Bitrix24 simulator: inbound webhooks over https', () => {
  const b24 = setupBitrix24Simulator({ tls });
  const dispatcher = new Agent({ connect: { ca: tls.cert } });
  afterAll(async () => {
    await dispatcher.close();
  });
  const call = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      // @ts-expect-error undici's dispatcher option is not in the DOM fetch types
      dispatcher,
    });
    return { status: response.status, json: await response.json() };
  };

  it('serves the portal over https and says PROTOCOL=1 in frames', async () => {
    const { sim } = b24;
    expect(sim.portalUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const install = await sim.controls.install();
    expect(install.query.PROTOCOL).toBe('1');
  });

  it('runs B24Hook from the SDK through a webhook URL: calls as the webhook user, within its scopes', async () => {
    const { sim } = b24;
    const hook = sim.controls.createInboundWebhook({ scope: ['crm'] });
    const client = B24Hook.fromWebhookUrl(hook.url.replace(/\/$/, ''));
    client.offClientSideWarning();
    client.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new HttpsAgent({ ca: tls.cert });
    const added = await client.actions.v2.call.make<number>({
      method: 'crm.contact.add',
      params: { fields: { NAME: 'Вебхук' } },
    });
    const id = added.getData()?.result;
    expect(sim.state.contacts.find((c) => c.id === id)?.fields.CREATED_BY_ID).toBe('1');
    const info = await client.actions.v2.call.make<{ SCOPE: string[]; LICENSE: string }>({
      method: 'app.info',
    });
    expect(info.getData()?.result).toEqual({ SCOPE: ['crm'], LICENSE: 'ru_pro100' });
    const profile = await client.actions.v2.call.make<{ ADMIN: boolean }>({ method: 'profile' });
    expect(profile.getData()?.result.ADMIN).toBe(true);
    expect(sim.requests.at(-1)?.path).toBe(`/rest/1/${hook.secret}/profile`);
  });

  it('refuses a wrong secret (401 INVALID_CREDENTIALS) and methods outside the webhook scopes (insufficient_scope)', async () => {
    const { sim } = b24;
    const hook = sim.controls.createInboundWebhook({ scope: ['crm'] });
    const wrong = await call(`${sim.portalUrl}/rest/1/not-the-secret/profile.json`, {});
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: 'INVALID_CREDENTIALS',
      error_description: 'Invalid request credentials',
    });
    const scoped = await call(`${hook.url}user.current.json`, {});
    expect(scoped.status).toBe(401);
    expect(scoped.json.error).toBe('insufficient_scope');
    const list = await call(`${hook.url}crm.contact.list.json`, { select: ['ID', 'NAME'] });
    expect(list.status).toBe(200);
    expect(list.json.result).toEqual([{ ID: expect.any(String), NAME: 'Вебхук' }]);
  });
});
