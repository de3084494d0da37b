import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCredential } from '@/db/queries/credentials';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { listJournal } from '@/db/queries/journal';
import { type Tenant, upsertTenant } from '@/db/queries/tenants';
import { credentials as credentialsTable } from '@/db/schema';
import { saveSecret } from '@/lib/auth/refresh-lease';
import { applicationTokenStore } from '@/lib/crm/bitrix24/portal-auth';
import { USER_FIELDS } from '@/lib/crm/bitrix24/setup';
import { type Bitrix24Harness, startBitrix24Harness } from '../../support/bitrix24-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The Market install and the event endpoint against the Bitrix24 simulator: what a verified
 * install binds, what an unverified one must never do, and how events are authenticated.
 */

let t: TestDatabase;
let h: Bitrix24Harness;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database);
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

const restCalls = (method: string) => h.sim.requests.filter((r) => r.restMethod === method).length;

describe('install from the installer frame', () => {
  it('verifies with app.info on the OAuth server, stores the tokens encrypted, binds events, placements and fields', async () => {
    const response = await h.installViaFrame();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(
      /^\/bitrix24\/install\?lang=ru&setup=done&host=http%3A%2F%2F127\.0\.0\.1%3A\d+&hs=[\w-]+$/,
    );

    const appInfo = h.sim.requests.find((r) => r.server === 'oauth' && r.restMethod === 'app.info');
    expect(appInfo).toBeDefined();
    const tenant = await h.tenant();
    expect(tenant).toMatchObject({ kind: 'bitrix24', domain: h.sim.domain, status: 'active' });

    const rows = await t.database.db.select().from(credentialsTable);
    const stored = rows.map((r) => r.ciphertext).join('\n');
    expect(stored).not.toContain(h.sim.state.applicationToken);
    const secret = await getCredential<{ applicationToken: string }>(t.database.db, h.deps.secrets, {
      tenantId: tenant?.id as string,
      kind: 'bitrix24-application-token',
    });
    expect(secret?.secret.applicationToken).toBe(h.sim.state.applicationToken);

    const bindings = h.sim.state.eventBindings;
    const offline = bindings
      .filter((b) => b.offline)
      .map((b) => b.event)
      .sort();
    expect(offline).toEqual([
      'ONCRMCONTACTADD',
      'ONCRMCONTACTDELETE',
      'ONCRMCONTACTUPDATE',
      'ONCRMDEALADD',
      'ONCRMDEALDELETE',
      'ONCRMDEALUPDATE',
    ]);
    const online = bindings.filter((b) => !b.offline);
    expect(online.map((b) => b.event).sort()).toEqual(['ONAPPUNINSTALL', 'ONOFFLINEEVENT']);
    for (const binding of online) expect(binding.handler).toBe(`${h.appUrl}/api/bitrix24/events`);

    const placements = h.sim.state.placements.map((p) => [p.placement, p.handler]).sort();
    expect(placements).toEqual(
      ['CRM_CONTACT_DETAIL_TAB', 'CRM_DEAL_DETAIL_TAB', 'CRM_DEAL_DETAIL_TOOLBAR'].map((code) => [
        code,
        `${h.appUrl}/api/bitrix24/placement`,
      ]),
    );
    const fields = [
      ...h.sim.state.userFields.CRM_CONTACT.map((f) => `contact:${f.FIELD_NAME}`),
      ...h.sim.state.userFields.CRM_DEAL.map((f) => `deal:${f.FIELD_NAME}`),
    ].sort();
    expect(fields).toEqual(USER_FIELDS.map((f) => `${f.entity}:UF_CRM_${f.name}`).sort());
  });

  it('a second install creates nothing twice', async () => {
    const binds = () => restCalls('event.bind') + restCalls('placement.bind');
    const adds = () => restCalls('crm.contact.userfield.add') + restCalls('crm.deal.userfield.add');
    const before = { binds: binds(), adds: adds(), fields: h.sim.state.userFields.CRM_CONTACT.length };
    const response = await h.installViaFrame();
    expect(response.status).toBe(303);
    expect(binds()).toBe(before.binds);
    expect(adds()).toBe(before.adds);
    expect(h.sim.state.userFields.CRM_CONTACT).toHaveLength(before.fields);
    expect(h.sim.state.placements).toHaveLength(3);
  });

  it('a late ONAPPINSTALL of the same installation keeps the installer frame tokens', async () => {
    const tenant = await h.tenant();
    const key = { tenantId: tenant?.id as string, kind: 'bitrix24-oauth' };
    const before = await getCredential<{ accessToken: string }>(t.database.db, h.deps.secrets, key);
    const delivery = await h.sim.controls.resendInstallEvent();
    expect(delivery.status).toBe(200);
    const after = await getCredential<{ accessToken: string }>(t.database.db, h.deps.secrets, key);
    expect(after?.secret.accessToken).toBe(before?.secret.accessToken);
  });
});

describe('an install that is not verified creates no tenant', () => {
  async function postFrame(form: Record<string, string>, query: Record<string, string>) {
    return fetch(`${h.appUrl}/api/bitrix24/install?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
  }
  const frame = () => h.sim.controls.frame({ placement: 'DEFAULT' });

  it('refuses a token app.info rejects', async () => {
    const { query, form } = frame();
    const response = await postFrame({ ...form, AUTH_ID: 'forged-token', member_id: 'f'.repeat(32) }, query);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await upsertProbe('f'.repeat(32))).toBe(false);
  });

  it('refuses an OAuth server that is not oauth.bitrix.info or oauth.bitrix24.tech, without opening a socket', async () => {
    const { query, form } = frame();
    const requestsBefore = h.sim.requests.length;
    const response = await postFrame(
      { ...form, SERVER_ENDPOINT: 'https://oauth.evil.example/rest/', member_id: 'e'.repeat(32) },
      query,
    );
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/Bitrix24 OAuth server/);
    expect(h.sim.requests.length).toBe(requestsBefore);
    expect(await upsertProbe('e'.repeat(32))).toBe(false);
  });

  it('refuses a token of another app on the same OAuth server', async () => {
    const other = await startBitrix24Harness(t.database, {
      sim: { app: { clientId: 'app.someone-else', clientSecret: 'x'.repeat(24) }, seed: 7 },
    });
    try {
      const { query, form } = await other.sim.controls.install({ sendInstallEvent: false });
      const response = await postFrame(form, query);
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/another app/);
      expect(await upsertProbe(other.sim.memberId)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('refuses a frame whose DOMAIN is not the portal the token belongs to', async () => {
    const { query, form } = frame();
    const response = await postFrame(form, { ...query, DOMAIN: 'other.bitrix24.ru' });
    expect(response.status).toBe(401);
  });

  it('answers 400 with the envelope to a body that is not a frame', async () => {
    const response = await postFrame({ hello: 'world' }, {});
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

/** True when a tenant exists for the member id (without creating one). */
async function upsertProbe(memberId: string): Promise<boolean> {
  const { findTenant } = await import('@/db/queries/tenants');
  return (await findTenant(t.database.db, { kind: 'bitrix24', externalId: memberId })) !== null;
}

describe('events', () => {
  const base = () => ({
    event: 'ONCRMCONTACTUPDATE',
    event_handler_id: '12',
    data: { FIELDS: { ID: '1' } },
    ts: String(Math.floor(Date.now() / 1000)),
    auth: {
      domain: h.sim.domain,
      client_endpoint: h.sim.clientEndpoint,
      server_endpoint: h.sim.serverEndpoint,
      member_id: h.sim.memberId,
      application_token: h.sim.state.applicationToken,
    },
  });

  it('a forged event (wrong application_token) is refused with 401: nothing stored, no call to the portal', async () => {
    const tenant = await h.tenant();
    const requestsBefore = h.sim.requests.length;
    const jobsBefore = h.jobs.length;
    const forged = base();
    forged.auth.application_token = `${h.sim.state.applicationToken.slice(0, -1)}x`;
    const response = await h.postEvent(forged);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await listUnprocessedInbox(t.database.db, { tenantId: tenant?.id as string })).toHaveLength(0);
    expect(h.jobs.length).toBe(jobsBefore);
    expect(h.sim.requests.length).toBe(requestsBefore);
  });

  it('a token changed by another process (a re-install there) is taken at once, and the old one is refused', async () => {
    const tenant = (await h.tenant()) as Tenant;
    const warm = base(); // remembered by this process from here on
    warm.data.FIELDS.ID = '0';
    expect((await h.postEvent(warm)).status).toBe(200);
    const old = h.sim.state.applicationToken;
    const store = applicationTokenStore({
      database: t.database,
      secrets: h.deps.secrets,
      tenantId: tenant.id,
    });
    const renewed = `${old.slice(0, 8)}${'7'.repeat(old.length - 8)}`;
    await saveSecret(store, { applicationToken: renewed });
    try {
      const fresh = base();
      fresh.auth.application_token = renewed;
      expect((await h.postEvent(fresh)).status).toBe(200);
      expect((await h.postEvent(base())).status).toBe(401);
    } finally {
      await saveSecret(store, { applicationToken: old });
    }
  });

  it('an event of an unknown portal is refused with 401', async () => {
    const stranger = base();
    stranger.auth.member_id = '0'.repeat(32);
    expect((await h.postEvent(stranger)).status).toBe(401);
  });

  it('a body that is not an event is refused with 400, and a JSON body with 415', async () => {
    expect((await h.postEvent('event=ONCRMCONTACTUPDATE')).status).toBe(400);
    const json = await fetch(`${h.appUrl}/api/bitrix24/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(base()),
    });
    expect(json.status).toBe(415);
  });

  it('a genuine online CRM event is stored before the 2xx, then its entity is read and journalled', async () => {
    const tenant = await h.tenant();
    const contactId = await h.sim.controls.addContact({ NAME: 'Ольга', LAST_NAME: 'Смирнова' });
    const event = base();
    event.data.FIELDS.ID = String(contactId);
    const response = await h.postEvent(event);
    expect(response.status).toBe(200);
    const inbox = await listUnprocessedInbox(t.database.db, { tenantId: tenant?.id as string });
    expect(inbox.map((row) => row.payload)).toContainEqual(
      expect.objectContaining({ event: 'ONCRMCONTACTUPDATE', entityId: String(contactId), via: 'online' }),
    );
    expect(JSON.stringify(inbox.map((r) => r.payload))).not.toContain(h.sim.state.applicationToken);
    await h.runJobs();
    const journal = await listJournal(t.database.db, { tenantId: tenant?.id as string, limit: 20 });
    expect(journal).toContainEqual(
      expect.objectContaining({
        operation: 'contact.changed',
        entityId: String(contactId),
        status: 'ok',
        details: expect.objectContaining({ title: 'Ольга Смирнова' }),
      }),
    );
    expect(await listUnprocessedInbox(t.database.db, { tenantId: tenant?.id as string })).toHaveLength(0);
  });

  it('a forged ONAPPUNINSTALL changes nothing; a genuine one wipes the credentials and stops the jobs', async () => {
    const cancelled: string[] = [];
    const local = await startBitrix24Harness(t.database, {
      sim: { seed: 99 },
      cancelTenantJobs: async (tenantId) => {
        cancelled.push(tenantId);
        return 2;
      },
    });
    try {
      expect((await local.installViaFrame()).status).toBe(303);
      // The install page's installFinish: until then the portal delivers no events at all.
      local.sim.controls.installFinish();
      const tenant = await local.tenant();
      const forged = await local.postEvent({
        event: 'ONAPPUNINSTALL',
        data: { LANGUAGE_ID: 'ru', CLEAN: '1' },
        auth: { domain: local.sim.domain, member_id: local.sim.memberId, application_token: 'not-the-token' },
      });
      expect(forged.status).toBe(401);
      expect((await local.tenant())?.status).toBe('active');

      const deliveries = await local.sim.controls.uninstall({ clean: true });
      expect(deliveries.map((d) => d.status)).toEqual([200]);
      expect((await local.tenant())?.status).toBe('uninstalled');
      const rows = await t.database.db.select().from(credentialsTable);
      expect(rows.filter((r) => r.tenantId === tenant?.id)).toHaveLength(0);
      expect(cancelled).toEqual([tenant?.id]);
      // The portal's later events cannot be authenticated any more.
      const late = await local.postEvent({
        event: 'ONOFFLINEEVENT',
        auth: { domain: local.sim.domain, member_id: local.sim.memberId, application_token: 'anything' },
      });
      expect(late.status).toBe(401);
    } finally {
      await local.close();
    }
  });

  it('ONAPPINSTALL alone (a headless install) creates the tenant after verification and sends the setup job', async () => {
    const local = await startBitrix24Harness(t.database, { sim: { seed: 123 } });
    try {
      const { installEvent } = await local.sim.controls.install({ sendInstallEvent: true });
      expect(installEvent?.status).toBe(200);
      expect((await local.tenant())?.status).toBe('active');
      expect(local.jobs.map((j) => j.kind)).toEqual(['bitrix24.setup']);
      await local.runJobs();
      expect(local.sim.state.placements).toHaveLength(3);
    } finally {
      await local.close();
    }
  });

  it('an upsert of the same member id by another kind does not make its events authentic', async () => {
    const webhookTenant = await upsertTenant(t.database.db, {
      kind: 'bitrix24_webhook',
      externalId: 'a'.repeat(32),
      domain: 'hook.bitrix24.ru',
    });
    const event = base();
    event.auth.member_id = webhookTenant.externalId;
    expect((await h.postEvent(event)).status).toBe(401);
  });
});
