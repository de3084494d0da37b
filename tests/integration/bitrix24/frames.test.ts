import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTenantStatus } from '@/db/queries/tenants';
import { verifyEmbedToken } from '@/lib/auth/embed-token';
import { verifiedFrameHost } from '@/lib/http/frame-host';
import { type Bitrix24Harness, startBitrix24Harness } from '../../support/bitrix24-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * Frames (the app page and placements): Bitrix24 POSTs the frame form; we check the portal, the
 * application token and the user's AUTH_ID with the portal, then 303 to the page with an embed
 * token in the fragment and the portal's signed origin for frame-ancestors.
 */

let t: TestDatabase;
let h: Bitrix24Harness;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, { sim: { seed: 501 } });
  await h.installViaFrame();
  h.sim.controls.installFinish();
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

async function post(
  frame: { query: Record<string, string>; form: Record<string, string> },
  path = 'placement',
) {
  return fetch(`${h.appUrl}/api/bitrix24/${path}?${new URLSearchParams(frame.query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(frame.form).toString(),
    redirect: 'manual',
  });
}

describe('frames', () => {
  it('a contact tab opened by a manager gets a page, an embed token for that contact and user, and its portal as ancestor', async () => {
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const frame = h.sim.controls.frame({
      placement: 'CRM_CONTACT_DETAIL_TAB',
      placementOptions: { ID: '42' },
      userId: manager,
    });
    const response = await post(frame);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string, h.appUrl);
    expect(location.pathname).toBe('/bitrix24/contact');
    expect(
      verifiedFrameHost(
        h.deps.frameHostKey,
        location.searchParams.get('host'),
        location.searchParams.get('hs'),
      ),
    ).toBe(h.sim.portalUrl);
    const token = new URLSearchParams(location.hash.slice(1)).get('token') as string;
    const claims = await verifyEmbedToken(h.deps.embedKey, token);
    expect(claims).toMatchObject({
      crm: 'bitrix24',
      userId: String(manager),
      admin: false,
      entity: { type: 'contact', id: '42' },
      hostOrigin: h.sim.portalUrl,
      tenantId: (await h.tenant())?.id,
    });
  });

  it('the main frame of an admin goes to the settings with admin rights', async () => {
    const response = await post(h.sim.controls.frame({ placement: 'DEFAULT' }), 'app');
    const location = new URL(response.headers.get('location') as string, h.appUrl);
    expect(location.pathname).toBe('/bitrix24/settings');
    const claims = await verifyEmbedToken(
      h.deps.embedKey,
      new URLSearchParams(location.hash.slice(1)).get('token') as string,
    );
    expect(claims).toMatchObject({ admin: true, entity: null });
  });

  it('the app opened by our deal tab in a slider (openApplication) goes to that deal’s booking calendar', async () => {
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const deal = await h.sim.controls.addDeal({ TITLE: 'День рождения' });
    const open = (dealId: string) =>
      post(
        h.sim.controls.frame({
          placement: 'DEFAULT',
          placementOptions: { open: 'booking', deal: dealId },
          userId: manager,
        }),
        'app',
      );
    const response = await open(String(deal));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string, h.appUrl);
    expect(location.pathname).toBe('/bitrix24/booking');
    const claims = await verifyEmbedToken(
      h.deps.embedKey,
      new URLSearchParams(location.hash.slice(1)).get('token') as string,
    );
    expect(claims).toMatchObject({ admin: false, entity: { type: 'deal', id: String(deal) } });
    // The deal is named by our page, not the portal: one the portal does not show the user is refused.
    const missing = await open('987654');
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.message).toMatch(/did not show this deal/);
  });

  it('refuses a frame with a wrong application token, without asking the portal', async () => {
    const frame = h.sim.controls.frame({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '7' } });
    const before = h.sim.requests.length;
    const response = await post({ ...frame, form: { ...frame.form, APPLICATION_TOKEN: 'forged' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(h.sim.requests.length).toBe(before);
  });

  it('refuses a frame whose AUTH_ID the portal does not confirm', async () => {
    const frame = h.sim.controls.frame({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '7' } });
    const response = await post({ ...frame, form: { ...frame.form, AUTH_ID: 'not-a-token-of-this-portal' } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/did not confirm the user/);
  });

  it('refuses a frame of another portal domain claiming this member_id', async () => {
    const frame = h.sim.controls.frame({ placement: 'DEFAULT' });
    const response = await post({ ...frame, query: { ...frame.query, DOMAIN: 'evil.example.com' } }, 'app');
    expect(response.status).toBe(401);
  });
});

describe('a portal whose refresh token died', () => {
  it('tells a manager to ask an admin, and heals when an admin opens the app', async () => {
    const tenant = await h.tenant();
    await setTenantStatus(t.database.db, { tenantId: tenant?.id as string, status: 'needs_reinstall' });
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const tab = await post(
      h.sim.controls.frame({
        placement: 'CRM_CONTACT_DETAIL_TAB',
        placementOptions: { ID: '1' },
        userId: manager,
      }),
    );
    expect(tab.status).toBe(303);
    expect(tab.headers.get('location')).toMatch(/^\/bitrix24\/reinstall\?lang=ru$/);
    expect((await h.tenant())?.status).toBe('needs_reinstall');
    const refreshesBefore = h.sim.requests.filter(
      (r) => r.server === 'oauth' && r.restMethod === 'app.info',
    ).length;
    const app = await post(h.sim.controls.frame({ placement: 'DEFAULT' }), 'app');
    expect(app.status).toBe(303);
    expect(app.headers.get('location')).toMatch(/^\/bitrix24\/settings\?/);
    expect((await h.tenant())?.status).toBe('active');
    // Healed the way an install is verified: app.info on the OAuth server.
    expect(h.sim.requests.filter((r) => r.server === 'oauth' && r.restMethod === 'app.info').length).toBe(
      refreshesBefore + 1,
    );
  });
});
