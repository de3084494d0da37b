import vm from 'node:vm';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { amocrmHostPath, startAmocrmSimulator } from '@/lib/simulators/amocrm';
import { HOST_SCRIPT } from '@/lib/simulators/amocrm/host-script';
import { amocrmWidgetFiles } from '@/lib/widget/amocrm-widget-files';
import { INTEGRATION, setupAmocrmSimulator } from './support';

/**
 * The account host's browser side when our widget is installed: the widget's files under
 * /upl/<code>/widget/, RequireJS and jQuery, the card, list and advanced settings pages (strict
 * CSP, the host script's configuration), and the disposable-token endpoint behind
 * `$authorizedAjax` — refused without the page's session, and minting tokens that verify as
 * amoCRM's do (HS256 with the client secret, aud = origin of the redirect URI).
 */

const APP = 'https://bridge.example';
const CODE = 'lime_bridge';
const files = await amocrmWidgetFiles(APP);
const h = setupAmocrmSimulator({ widget: { code: CODE, files } });
const key = new TextEncoder().encode(INTEGRATION.clientSecret);

async function get(path: string) {
  const res = await fetch(`${h.sim.url}${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    text: await res.text(),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the page's JSON configuration, read field by field
function configOf(html: string): any {
  const match = /<script type="application\/json" id="amohost-config">(.*?)<\/script>/s.exec(html);
  return match ? JSON.parse(match[1] ?? 'null') : null;
}

async function token(sid: string | null) {
  const res = await fetch(`${h.sim.url}/sim/widget/token`, {
    method: 'POST',
    headers: sid === null ? {} : { 'X-Sim-Page-Session': sid },
  });
  return { status: res.status, json: (await res.json()) as { token?: string; error?: string } };
}

describe("the widget's files", () => {
  it('are served under /upl/<code>/widget/ with their content types, script.js baked', async () => {
    const script = await get(`/upl/${CODE}/widget/script.js`);
    expect(script.status).toBe(200);
    expect(script.type).toBe('application/javascript; charset=utf-8');
    expect(script.text).toBe(files['script.js']);
    expect(script.text).toContain(`'${APP}'`);
    const ru = await get(`/upl/${CODE}/widget/i18n/ru.json`);
    expect(ru.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(ru.text)).toEqual(JSON.parse(files['i18n/ru.json'] ?? ''));
    expect((await get(`/upl/${CODE}/widget/manifest.json`)).status).toBe(200);
    expect((await get(`/upl/${CODE}/widget/other.js`)).status).toBe(404);
    expect((await get(`/upl/${CODE}/widget/../manifest.json`)).status).toBe(404);
    expect((await get('/upl/another_widget/widget/script.js')).status).toBe(404);
  });

  it('come with RequireJS and jQuery from their npm packages', async () => {
    const require = await get('/sim/assets/require.js');
    expect(require.status).toBe(200);
    expect(require.type).toBe('application/javascript; charset=utf-8');
    expect(require.text).toContain('RequireJS 2.3.8');
    const jquery = await get('/sim/assets/jquery.js');
    expect(jquery.text).toMatch(/jQuery v4\.0\.0/);
    expect((await get('/sim/assets/other.js')).status).toBe(404);
  });
});

describe('the card pages', () => {
  it('show a contact with its fields, the right column and a strict CSP', async () => {
    const id = await h.sim.controls.addContact({
      first_name: 'Анна',
      last_name: 'Петрова',
      custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990001122', enum_code: 'MOB' }] }],
    });
    const page = await get(`/contacts/detail/${id}?width=400`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Анна Петрова');
    expect(page.text).toContain('+79990001122');
    expect(page.text).toContain('id="amo-widgets" data-width="400"');
    expect(page.text).toContain('.amo-widgets { width: 400px; }');
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain(`connect-src 'self' ${APP}`);
    expect(csp).toContain(`frame-src ${APP}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.text).toContain(`<script src="/sim/assets/require.js" nonce="${nonce}">`);
    const tags = page.text.match(/<script(?! type="application\/json")[^>]*>/g) ?? [];
    expect(tags).toHaveLength(2);
    expect(tags.every((tag) => tag.includes(`nonce="${nonce}"`))).toBe(true);

    const config = configOf(page.text);
    expect(config).toMatchObject({
      code: CODE,
      area: 'ccard',
      lang: 'ru',
      data: { current_card: { id, entity: 'contacts' }, is_card: true },
      system: { area: 'ccard', subdomain: 'kidburg' },
      settings: { widget_code: CODE, oauth_client_uuid: INTEGRATION.clientId },
      paths: { jquery: '/sim/assets/jquery', [config.widgetModule]: `/upl/${CODE}/widget/script` },
      i18n: JSON.parse(files['i18n/ru.json'] ?? ''),
    });
    expect(config.sid).toMatch(/^[\w-]{32}$/);
    expect(configOf((await get(`/contacts/detail/${id}`)).text).sid).not.toBe(config.sid);
  });

  it('show a lead in English, a new card with id 0, and refuse unknown ids and users with a 404 page', async () => {
    const lead = await h.sim.controls.addLead({ name: 'День рождения', price: 15000 });
    const page = await get(`/leads/detail/${lead}?lang=en&width=5`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Budget');
    expect(page.text).toContain('.amo-widgets { width: 300px; }');
    expect(configOf(page.text)).toMatchObject({
      area: 'lcard',
      lang: 'en',
      data: { current_card: { id: lead } },
    });
    const fresh = await get('/leads/detail/0');
    expect(fresh.status).toBe(200);
    expect(configOf(fresh.text).data.current_card).toEqual({ id: 0, entity: 'leads' });
    for (const path of ['/leads/detail/1', `/contacts/detail/${lead}`, `/leads/detail/${lead}?user=12345`]) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
      expect(configOf(missing.text), path).toBeNull();
    }
    const gone = await h.sim.controls.addContact({ name: 'Удалённый' });
    await h.sim.controls.deleteContact(gone);
    expect((await get(`/contacts/detail/${gone}`)).status).toBe(404);
  });
});

describe('the lists and the advanced settings page', () => {
  it('list the entities with checkboxes, the widget in the actions menu and the rows list_selected gives', async () => {
    const id = await h.sim.controls.addContact({
      name: 'Иван Сидоров',
      custom_fields_values: [
        { field_code: 'EMAIL', values: [{ value: 'ivan@example.ru', enum_code: 'WORK' }] },
      ],
    });
    const page = await get('/contacts/list/');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<input type="checkbox" class="amo-row-check" value="${id}"`);
    expect(page.text).toContain(`id="amo-widget-action" data-widget-code="${CODE}">Лайм</button>`);
    const config = configOf(page.text);
    expect(config).toMatchObject({ area: 'clist', entity: 'contacts', data: { is_card: false } });
    expect(config.rows[String(id)]).toEqual({
      id,
      type: 'contact',
      name: 'Иван Сидоров',
      phones: [],
      emails: ['ivan@example.ru'],
    });
    const leads = await get('/leads/list/?lang=en');
    expect(configOf(leads.text)).toMatchObject({ area: 'llist', entity: 'leads' });
    expect(leads.text).toContain('>Lime</button>');
  });

  it('have the advanced settings page with the work area for the widget code only', async () => {
    const page = await get(`/settings/widgets/${CODE}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<div class="amo-work-area" id="work-area-${CODE}"></div>`);
    expect(page.text).toContain('Лайм: настройки');
    expect(configOf(page.text).area).toBe('advanced_settings');
    expect((await get('/settings/widgets/someone_else/')).status).toBe(404);
  });

  it('build their URLs with amocrmHostPath and the simulator’s hostUrl', () => {
    expect(amocrmHostPath({ kind: 'contact', id: 7 }, { userId: 3, lang: 'en', width: 400 })).toBe(
      '/contacts/detail/7?user=3&lang=en&width=400',
    );
    expect(amocrmHostPath({ kind: 'leads-list' }, { width: 400 })).toBe('/leads/list/');
    expect(() => amocrmHostPath({ kind: 'advanced-settings' })).toThrow(/code/);
    expect(h.sim.hostUrl({ kind: 'advanced-settings' })).toBe(`${h.sim.url}/settings/widgets/${CODE}/`);
    expect(h.sim.hostUrl({ kind: 'lead', id: 0 })).toBe(`${h.sim.url}/leads/detail/0`);
  });
});

describe('the disposable token behind $authorizedAjax', () => {
  it('is refused without the session of a page, or with a GET', async () => {
    expect(await token(null)).toEqual({ status: 403, json: { error: 'no such page session' } });
    expect((await token('made-up-session')).status).toBe(403);
    expect((await fetch(`${h.sim.url}/sim/widget/token`)).status).toBe(405);
  });

  it("is minted for the page's user, verifying as amoCRM's tokens verify", async () => {
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const page = await get(`/contacts/list/?user=${manager}`);
    const { sid } = configOf(page.text);
    const answer = await token(sid);
    expect(answer.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(answer.json.token ?? '', key, {
      algorithms: ['HS256'],
      audience: new URL(INTEGRATION.redirectUri).origin,
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      account_id: h.sim.accountId,
      user_id: manager,
      is_admin: false,
      client_uuid: INTEGRATION.clientId,
    });
    const again = await token(sid);
    expect((await jwtVerify(again.json.token ?? '', key)).payload.jti).not.toBe(payload.jti);
    const adminPage = configOf((await get('/leads/detail/0')).text);
    const admin = await jwtVerify((await token(adminPage.sid)).json.token ?? '', key);
    expect(admin.payload.is_admin).toBe(true);
  });
});

describe('without the widget option', () => {
  it('has none of these pages, and a widget without a baked script.js is refused', async () => {
    const plain = await startAmocrmSimulator({ integration: INTEGRATION });
    try {
      expect((await fetch(`${plain.url}/leads/detail/0`)).status).toBe(404);
      expect((await fetch(`${plain.url}/sim/widget/token`, { method: 'POST' })).status).toBe(404);
      expect(() => plain.hostUrl({ kind: 'leads-list' })).toThrow(/widget/);
    } finally {
      await plain.close();
    }
    await expect(
      startAmocrmSimulator({
        integration: INTEGRATION,
        widget: { code: CODE, files: { ...files, 'script.js': "var API = '__API_URL__';" } },
      }),
    ).rejects.toThrow(/baked/);
  });

  it('the host script is valid JavaScript', () => {
    expect(() => new vm.Script(HOST_SCRIPT)).not.toThrow();
  });
});
