import { beforeAll, describe, expect, it } from 'vitest';
import { APP, rest, setupBitrix24Simulator } from './support';

/**
 * The portal's host pages over plain HTTP (the browser side is tests/e2e/bitrix24-host.spec.ts):
 * which handler each page frames and when, the frame form and `<iframe name>` they carry, their
 * CSP, and the ajax endpoint behind refreshAuth / installFinish.
 */

const APP_URL = 'https://app.example.com/api/bitrix24/app';
const INSTALL_URL = 'https://app.example.com/api/bitrix24/install';
const PLACEMENT_URL = 'https://app.example.com/api/bitrix24/placement';

interface Framed {
  status: number;
  csp: string;
  html: string;
  frameName: string | null;
  action: string | null;
  inputs: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the page's JSON configuration
  config: any;
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function open(url: string): Promise<Framed> {
  const response = await fetch(url);
  const html = await response.text();
  const inputs: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    inputs[unescapeHtml(m[1] ?? '')] = unescapeHtml(m[2] ?? '');
  }
  const config = /<script type="application\/json" id="b24host-config">(.*?)<\/script>/s.exec(html)?.[1];
  return {
    status: response.status,
    csp: response.headers.get('content-security-policy') ?? '',
    html,
    frameName: /<iframe [^>]*name="([^"]+)"/.exec(html)?.[1] ?? null,
    action: unescapeHtml(/<form [^>]*action="([^"]+)"/.exec(html)?.[1] ?? '') || null,
    inputs,
    config: config ? JSON.parse(config) : null,
  };
}

describe('Bitrix24 simulator: host pages', () => {
  const b24 = setupBitrix24Simulator({ app: { ...APP, appUrl: APP_URL, installUrl: INSTALL_URL } });
  let admin = '';
  let manager = 0;
  beforeAll(() => {
    manager = b24.sim.controls.addUser({ admin: false, name: 'Игорь Менеджер' });
  });

  it('builds the page URLs', () => {
    const { sim } = b24;
    expect(sim.hostPageUrl({ kind: 'app' })).toBe(`${sim.portalUrl}/marketplace/app/?user=1`);
    expect(
      sim.hostPageUrl(
        { kind: 'deal', id: 5, tab: 'CRM_DEAL_DETAIL_TAB' },
        { userId: 2, lang: 'en', width: 400 },
      ),
    ).toBe(`${sim.portalUrl}/crm/deal/details/5/?tab=CRM_DEAL_DETAIL_TAB&user=2&lang=en&width=400`);
  });

  it('frames the installer for an admin until installFinish, tells others to wait, then frames the app', async () => {
    const { sim } = b24;
    expect((await open(sim.hostPageUrl({ kind: 'app' }))).status).toBe(404);
    admin = (await sim.controls.install()).form.AUTH_ID ?? '';
    const waiting = await open(sim.hostPageUrl({ kind: 'app' }, { userId: manager }));
    expect([waiting.status, waiting.frameName]).toEqual([200, null]);
    expect(waiting.html).toContain('Приложение еще не установлено до конца');

    const installer = await open(sim.hostPageUrl({ kind: 'app' }, { lang: 'en' }));
    expect(installer.status).toBe(200);
    const sid = installer.config.sid as string;
    expect(sid).toMatch(/^[0-9a-f]{32}$/);
    // loader-b24frame.mjs reads window.name as DOMAIN|PROTOCOL|APP_SID.
    expect(installer.frameName).toBe(`${sim.domain}|0|${sid}`);
    const action = new URL(installer.action ?? '');
    expect(`${action.origin}${action.pathname}`).toBe(INSTALL_URL);
    expect(Object.fromEntries(action.searchParams)).toEqual({
      DOMAIN: sim.domain,
      PROTOCOL: '0',
      LANG: 'en',
      APP_SID: sid,
    });
    expect(installer.inputs).toMatchObject({
      AUTH_EXPIRES: '3600',
      SERVER_ENDPOINT: sim.serverEndpoint,
      member_id: sim.memberId,
      status: 'F',
      APPLICATION_TOKEN: sim.state.applicationToken,
      APPLICATION_SCOPE: 'crm,placement,user_brief',
      PLACEMENT: 'DEFAULT',
      PLACEMENT_OPTIONS: '{}',
    });
    expect(installer.config.initData).toEqual({
      LANG: 'en',
      DOMAIN: sim.domain,
      PROTOCOL: 0,
      PATH: '/rest/',
      AUTH_ID: installer.inputs.AUTH_ID,
      AUTH_EXPIRES: 3600,
      REFRESH_ID: installer.inputs.REFRESH_ID,
      MEMBER_ID: sim.memberId,
      FIRST_RUN: true,
      IS_ADMIN: true,
      INSTALL: true,
      USER_OPTIONS: [],
      APP_OPTIONS: [],
      PLACEMENT: 'DEFAULT',
      PLACEMENT_OPTIONS: [],
    });
    expect(installer.csp).toContain('frame-src https://app.example.com;');
    expect(installer.csp).toContain('form-action https://app.example.com;');
    expect(installer.csp).toMatch(/script-src 'nonce-[^']+'; style-src 'nonce-[^']+'/);
    expect(installer.html).not.toMatch(/ style="/);

    sim.controls.installFinish();
    const main = await open(sim.hostPageUrl({ kind: 'app' }, { userId: manager }));
    expect(new URL(main.action ?? '').pathname).toBe('/api/bitrix24/app');
    expect(main.config.initData).toMatchObject({ INSTALL: false, IS_ADMIN: false, PLACEMENT: 'DEFAULT' });
  });

  it('frames a bound card tab with ID and URI in PLACEMENT_OPTIONS; unbound tabs and missing items are 404', async () => {
    const { sim } = b24;
    const contact = await sim.controls.addContact({ NAME: 'Анна', LAST_NAME: 'Петрова' });
    const url = sim.hostPageUrl(
      { kind: 'contact', id: contact, tab: 'CRM_CONTACT_DETAIL_TAB' },
      { width: 400 },
    );
    expect((await open(url)).status).toBe(404);
    await rest(
      sim,
      'placement.bind',
      { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', HANDLER: PLACEMENT_URL, TITLE: 'Лайм' },
      { token: admin },
    );
    const card = await open(url);
    expect(card.status).toBe(200);
    expect(card.html).toContain('<h1 class="b24-title" id="pagetitle">Анна Петрова</h1>');
    expect(card.html).toContain('.b24-column { width: 400px; }');
    expect(card.inputs).toMatchObject({
      PLACEMENT: 'CRM_CONTACT_DETAIL_TAB',
      PLACEMENT_OPTIONS: JSON.stringify({ ID: String(contact), URI: `/crm/contact/details/${contact}/` }),
    });
    expect(card.config.initData.PLACEMENT_OPTIONS).toEqual({
      ID: String(contact),
      URI: `/crm/contact/details/${contact}/`,
    });
    expect(new URL(card.action ?? '').pathname).toBe('/api/bitrix24/placement');
    expect(
      (await open(sim.hostPageUrl({ kind: 'contact', id: 999, tab: 'CRM_CONTACT_DETAIL_TAB' }))).status,
    ).toBe(404);
    expect(
      (await open(sim.hostPageUrl({ kind: 'contact', id: contact, tab: 'CRM_DEAL_DETAIL_TAB' }))).status,
    ).toBe(404);
  });

  it('answers the page script: a fresh token of the page user (access_refresh), installFinish only for admins', async () => {
    const { sim } = b24;
    const page = await open(sim.hostPageUrl({ kind: 'app' }, { userId: manager }));
    const ajax = (sid: string, action: string, extra: Record<string, string> = {}) =>
      fetch(`${sim.portalUrl}/marketplace/app/ajax/`, {
        method: 'POST',
        body: new URLSearchParams({ sid, action, ...extra }),
      });
    expect((await ajax('nope', 'access_refresh')).status).toBe(403);
    const refreshed = await (await ajax(page.config.sid, 'access_refresh')).json();
    expect(refreshed).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    const profile = await rest(sim, 'profile', {}, { token: refreshed.access_token });
    expect(profile.json.result).toMatchObject({ ID: String(manager), ADMIN: false });
    expect(await (await ajax(page.config.sid, 'set_installed', { v: 'N' })).json()).toEqual({
      result: false,
    });
    expect(sim.state.installFinished).toBe(true);
  });

  it('opens the app in a slider (openApplication): a fresh DEFAULT frame of the app URL with the opener’s params', async () => {
    const { sim } = b24;
    const page = await open(sim.hostPageUrl({ kind: 'app' }, { userId: manager }));
    const ajax = (sid: string, extra: Record<string, string>) =>
      fetch(`${sim.portalUrl}/marketplace/app/ajax/`, {
        method: 'POST',
        body: new URLSearchParams({ sid, action: 'open_application', ...extra }),
      });
    expect((await ajax('nope', { options: '{}' })).status).toBe(403);
    const answer = await (
      await ajax(page.config.sid, { options: JSON.stringify({ open: 'booking', deal: '7' }), lang: 'en' })
    ).json();
    const { frame } = answer;
    expect(frame.config.sid).toMatch(/^[0-9a-f]{32}$/);
    expect(frame.config.sid).not.toBe(page.config.sid);
    expect(frame.frameName).toBe(`${sim.domain}|0|${frame.config.sid}`);
    const action = new URL(frame.action);
    expect(`${action.origin}${action.pathname}`).toBe(APP_URL);
    expect(action.searchParams.get('LANG')).toBe('en');
    const fields = Object.fromEntries(frame.fields);
    expect(fields).toMatchObject({ PLACEMENT: 'DEFAULT', member_id: sim.memberId });
    expect(JSON.parse(fields.PLACEMENT_OPTIONS)).toMatchObject({ open: 'booking', deal: '7' });
    expect(frame.config.initData).toMatchObject({ PLACEMENT: 'DEFAULT', IS_ADMIN: false, INSTALL: false });
    // The slider's frame holds a token of the same user, and its APP_SID is a session of its own.
    const profile = await rest(sim, 'profile', {}, { token: fields.AUTH_ID });
    expect(profile.json.result).toMatchObject({ ID: String(manager) });
    expect((await ajax(frame.config.sid, { options: '{}' })).status).toBe(200);
    expect((await ajax(page.config.sid, { options: '[1' })).status).toBe(400);
  });
});
