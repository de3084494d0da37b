import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJournal } from '@/db/queries/journal';
import { listRestLog } from '@/db/queries/rest-log';
import { findTenant, getTenantById } from '@/db/queries/tenants';
import { verifyEmbedToken } from '@/lib/auth/embed-token';
import { authorizeTabCode, tabPageFromSession } from '@/lib/auth/tab-session';
import { flushRestLog } from '@/lib/rest-log/recorder';
import { scheduleBitrix24Work } from '@/lib/sync/bitrix24/schedule';
import { type Bitrix24Harness, startBitrix24Harness } from '../../support/bitrix24-harness';
import { makeTestCertificate } from '../../support/test-certificate';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * Webhook mode end to end over https: B24Hook forces https, so the simulated portal serves TLS
 * with a certificate made here, trusted through our https agent's `ca` (NODE_EXTRA_CA_CERTS would
 * be read only at process start). An admin connects with an inbound webhook, the portal's outgoing
 * webhook posts a contact change, and the contact is read back through the same CrmPort client;
 * what the outgoing webhook misses is found by the reconciliation timer.
 */

let t: TestDatabase;
let h: Bitrix24Harness;

beforeAll(async () => {
  t = await createTestDatabase();
  const pems = await makeTestCertificate();
  h = await startBitrix24Harness(t.database, {
    sim: { seed: 601, tls: pems },
    ca: pems.cert,
  });
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

async function connect(body: Record<string, unknown>) {
  return fetch(`${h.appUrl}/api/bitrix24/webhook-connections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const webhookTenant = () => findTenant(t.database.db, { kind: 'bitrix24_webhook', externalId: h.sim.domain });

describe('webhook mode', () => {
  it('refuses an http address, a malformed one and a non-admin webhook, storing nothing', async () => {
    expect(h.sim.portalUrl.startsWith('https://')).toBe(true);
    const plain = await connect({ webhookUrl: `http://${h.sim.domain}/rest/1/abc/` });
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.message).toMatch(/https/);
    expect((await connect({ webhookUrl: `${h.sim.portalUrl}/crm/` })).status).toBe(400);
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const hook = h.sim.controls.createInboundWebhook({ userId: manager });
    const response = await connect({ webhookUrl: hook.url });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/not an administrator/);
    expect(await webhookTenant()).toBeNull();
  });

  it('an admin connects, the outgoing webhook posts a contact change, and it is synced end to end', async () => {
    const hook = h.sim.controls.createInboundWebhook({ userId: 1 });
    const first = await connect({ webhookUrl: hook.url, lang: 'ru' });
    expect(first.status).toBe(200);
    const connection = (await first.json()) as { connectionId: string; hookUrl: string; settingsUrl: string };
    expect(connection.hookUrl).toBe(`${h.appUrl}/api/bitrix24/hooks/${connection.connectionId}`);
    // The admin is signed in to the settings, first-party, by a one-time link (as "Open in a new tab").
    const link = new URL(connection.settingsUrl);
    expect(`${link.origin}${link.pathname}${link.search}`).toBe(`${h.appUrl}/open?lang=ru`);
    const code = new URLSearchParams(link.hash.slice(1)).get('code') as string;
    // It waits on the form while the admin sets up the outgoing webhook: 15 minutes, used once.
    const { exp, iat } = decodeJwt(code);
    expect((exp as number) - (iat as number)).toBe(900);
    const tabDeps = {
      db: t.database.db,
      tabCodeKey: h.deps.tabCodeKey,
      embedKey: h.deps.embedKey,
      secret: 'x'.repeat(32),
      appUrl: h.appUrl,
      tenantActive: async (id: string) =>
        (await getTenantById(t.database.db, { tenantId: id }))?.status === 'active',
    };
    const user = await authorizeTabCode(tabDeps, code);
    expect(user?.claims).toEqual({
      tenantId: connection.connectionId,
      crm: 'bitrix24',
      userId: '1',
      admin: true,
      locale: 'ru',
    });
    expect(await authorizeTabCode(tabDeps, code)).toBeNull();
    const page = await tabPageFromSession(tabDeps, { expires: '', claims: user?.claims } as never);
    expect(await verifyEmbedToken(h.deps.embedKey, page?.token as string)).toMatchObject({
      tenantId: connection.connectionId,
      admin: true,
      userId: '1',
    });

    // The admin creates the outgoing webhook pointing at us, then pastes its application token.
    const outgoing = h.sim.controls.createOutgoingWebhook({
      handler: connection.hookUrl,
      events: ['ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE'],
    });
    const again = await connect({ webhookUrl: hook.url, applicationToken: outgoing.applicationToken });
    expect(((await again.json()) as { connectionId: string }).connectionId).toBe(connection.connectionId);

    const id = await h.sim.controls.addContact({ NAME: 'Вебхук', LAST_NAME: 'Тестов' });
    await h.sim.controls.updateContact(id, { LAST_NAME: 'Тестова' });
    await h.sim.controls.deliveriesSettled();
    const delivered = h.sim.state.deliveries.filter((d) => d.url === connection.hookUrl);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.status === 200)).toBe(true);
    await h.runJobs();
    const journal = await listJournal(t.database.db, { tenantId: connection.connectionId, limit: 20 });
    expect(journal).toContainEqual(
      expect.objectContaining({
        operation: 'contact.changed',
        entityId: String(id),
        status: 'ok',
        details: expect.objectContaining({ title: 'Вебхук Тестова' }),
      }),
    );
    // The read went over https with the inbound webhook, not with any OAuth token.
    const reads = h.sim.requests.filter((r) => r.restMethod === 'batch' && r.path.startsWith('/rest/1/'));
    expect(reads.length).toBeGreaterThan(0);
    // The tenant's REST log has those calls, and never the secret in the webhook's path.
    await flushRestLog(t.database);
    const logged = await listRestLog(t.database.db, { tenantId: connection.connectionId, limit: 100 });
    expect(logged.some((r) => r.operation === 'batch' && r.url.includes('/rest/1/[Redacted]/'))).toBe(true);
    expect(JSON.stringify(logged)).not.toContain(hook.url.split('/').at(-2) as string);
  });

  it('a forged outgoing-webhook post is refused with 401', async () => {
    const tenant = await webhookTenant();
    const response = await fetch(`${h.appUrl}/api/bitrix24/hooks/${tenant?.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        event: 'ONCRMCONTACTUPDATE',
        'data[FIELDS][ID]': '1',
        'auth[domain]': h.sim.domain,
        'auth[member_id]': h.sim.memberId,
        'auth[application_token]': 'forged',
      }).toString(),
    });
    expect(response.status).toBe(401);
  });

  it('a change the outgoing webhook never delivered is found by the reconciliation timer', async () => {
    const tenant = await webhookTenant();
    await h.stopApp();
    const id = await h.sim.controls.addContact({ NAME: 'Пропущенный' });
    await h.sim.controls.deliveriesSettled();
    await h.startApp();
    h.jobs.length = 0;
    await scheduleBitrix24Work(t.database, h.deps.enqueue);
    expect(h.jobs.map((j) => j.kind)).toContain('bitrix24.webhook.reconcile');
    await h.runJobs();
    const journal = await listJournal(t.database.db, { tenantId: tenant?.id as string, limit: 50 });
    expect(journal).toContainEqual(
      expect.objectContaining({ operation: 'contact.changed', entityId: String(id), status: 'ok' }),
    );
  });
});
