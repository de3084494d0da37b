import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, type Frame, type Page, test } from '@playwright/test';
import { type Bitrix24Simulator, startBitrix24Simulator } from '../../lib/simulators/bitrix24';

/**
 * The Bitrix24 simulator's host pages in a real browser: the portal page frames a stand-in app
 * (a tiny HTTP server on 127.0.0.1) the way Bitrix24 does — a form POSTed into
 * `<iframe name="DOMAIN|PROTOCOL|APP_SID">`, answered with a 303 to a GET page — and that page
 * drives the portal through @bitrix24/b24jssdk's B24Frame (UMD build): init, placement info,
 * resizeWindow/fitWindow, setTitle, refreshAuth, a REST call, installFinish. The test checks what
 * the host recorded (window.__b24host), what the portal did, and what the app received.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SDK_UMD = readFileSync(
  path.join(ROOT, 'node_modules/@bitrix24/b24jssdk/dist/umd/index.min.js'),
  'utf8',
);
const APP_PAGE = readFileSync(path.join(import.meta.dirname, 'fixtures/bitrix24-host/app-page.html'), 'utf8');

interface FramePostSeen {
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
}

interface AppReport {
  kind: string;
  steps: string[];
  placement?: string;
  options?: Record<string, string>;
  isAdmin?: boolean;
  installMode?: boolean;
  firstRun?: boolean;
  lang?: string;
  auth?: { access_token: string; domain: string; member_id: string };
  resized?: { width: number; height: number };
  refreshed?: { access_token: string; refresh_token: string };
  profile?: { ID: string; ADMIN: boolean } | null;
  error?: string;
}

interface FakeApp {
  url: string;
  posts: FramePostSeen[];
  reports: AppReport[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Our app's frame handlers, played small: POST /install|/app|/placement → 303 → GET /page. */
async function startFakeApp(): Promise<FakeApp> {
  const posts: FramePostSeen[] = [];
  const reports: AppReport[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const handler = /^\/(install|app|placement)$/.exec(url.pathname);
      if (req.method === 'POST' && handler) {
        posts.push({
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          form: Object.fromEntries(new URLSearchParams(body)),
        });
        const next = new URLSearchParams(url.searchParams);
        next.set('kind', handler[1] ?? '');
        res.writeHead(303, { Location: `/page?${next}` });
        res.end();
      } else if (req.method === 'GET' && url.pathname === '/page') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(APP_PAGE);
      } else if (req.method === 'GET' && url.pathname === '/sdk.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        res.end(SDK_UMD);
      } else if (req.method === 'POST' && url.pathname === '/report') {
        reports.push(JSON.parse(body) as AppReport);
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    reports,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface HostRecord {
  commands: string[];
  heights: number[];
  installFinished: boolean;
  titles: string[];
}

async function hostRecord(page: Page): Promise<HostRecord | null> {
  try {
    return await page.evaluate(() => (window as unknown as { __b24host?: HostRecord }).__b24host ?? null);
  } catch {
    return null; // the portal page is reloading itself
  }
}

async function appFrame(page: Page, kind: string): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/page?') && f.url().includes(`kind=${kind}`)), {
      timeout: 15_000,
    })
    .toBe(true);
  const frame = page.frames().find((f) => f.url().includes('/page?') && f.url().includes(`kind=${kind}`));
  if (!frame) throw new Error(`no ${kind} frame`);
  await frame.waitForFunction(
    () => {
      const app = (window as unknown as { __app?: AppReport }).__app;
      return Boolean(app && (app.steps.includes('ready') || app.error));
    },
    undefined,
    { timeout: 10_000 },
  );
  return frame;
}

async function restCall(
  sim: Bitrix24Simulator,
  method: string,
  token: string,
  params: Record<string, unknown> = {},
) {
  const response = await fetch(`${sim.clientEndpoint}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

test.describe('Bitrix24 simulator host pages', () => {
  let app: FakeApp;
  let sim: Bitrix24Simulator;
  let adminToken = '';

  test.beforeAll(async () => {
    app = await startFakeApp();
    sim = await startBitrix24Simulator({
      app: {
        clientId: 'app.e2e.host',
        clientSecret: 'e2e-secret',
        appUrl: `${app.url}/app`,
        installUrl: `${app.url}/install`,
      },
    });
    adminToken = (await sim.controls.install()).form.AUTH_ID ?? '';
  });

  test.afterAll(async () => {
    await sim?.close();
    await app?.close();
  });

  test('the installer frame: init, resize, fit, title, refreshAuth, installFinish; then the app page', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.includes('favicon')) errors.push(m.text());
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    const response = await page.goto(sim.hostPageUrl({ kind: 'app' }, { lang: 'ru' }));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'nonce-");

    // The portal reloads its page after installFinish and then frames the "Application URL".
    const frame = await appFrame(page, 'app');
    expect((await hostRecord(page))?.installFinished).toBe(true);
    expect(sim.state.installFinished).toBe(true);

    await expect.poll(() => app.reports.length).toBe(2);
    const [installer, main] = app.reports;
    expect(installer).toMatchObject({
      kind: 'install',
      steps: ['ready'],
      placement: 'DEFAULT',
      isAdmin: true,
      installMode: true,
      firstRun: true,
      lang: 'ru',
      resized: { width: 640, height: 480 },
      profile: { ID: '1', ADMIN: true },
    });
    expect(installer?.auth).toMatchObject({ domain: sim.portalUrl, member_id: sim.memberId });
    expect(main).toMatchObject({ kind: 'app', placement: 'DEFAULT', installMode: false, firstRun: false });

    // What the app's handlers received: the frame form POSTed with the frame query on the URL.
    expect(app.posts.map((p) => p.path)).toEqual(['/install', '/app']);
    const post = app.posts[0] as FramePostSeen;
    expect(Object.keys(post.query)).toEqual(['DOMAIN', 'PROTOCOL', 'LANG', 'APP_SID']);
    expect(post.query).toMatchObject({ DOMAIN: sim.domain, PROTOCOL: '0', LANG: 'ru' });
    expect(post.form).toMatchObject({
      AUTH_EXPIRES: '3600',
      SERVER_ENDPOINT: sim.serverEndpoint,
      member_id: sim.memberId,
      status: 'F',
      APPLICATION_TOKEN: sim.state.applicationToken,
      PLACEMENT: 'DEFAULT',
      PLACEMENT_OPTIONS: '{}',
    });
    expect(installer?.auth?.access_token).toBe(post.form.AUTH_ID);
    // window.name as B24Frame reads it.
    expect(await frame.evaluate(() => window.name)).toBe(`${sim.domain}|0|${app.posts[1]?.query.APP_SID}`);

    // What the host recorded, across its own reload.
    const host = (await hostRecord(page)) as HostRecord;
    expect(host.commands).toEqual([
      'getInitData',
      'setInstall',
      'resizeWindow',
      'resizeWindow',
      'setTitle',
      'refreshAuth',
      'setInstallFinish',
      'getInitData',
      'resizeWindow',
      'resizeWindow',
      'setTitle',
      'refreshAuth',
    ]);
    expect(host.heights).toHaveLength(4);
    expect([host.heights[0], host.heights[2]]).toEqual([480, 480]);
    expect(host.heights[3]).toBeGreaterThanOrEqual(900);
    expect(await page.locator('#pagetitle').textContent()).toBe('Лайм');
    const layout = await page.locator('.app-layout').boundingBox();
    expect(layout?.height).toBe(host.heights[3]);

    // The refreshed token is a real one for that user; the frame's first token still works too.
    const refreshed = main?.refreshed?.access_token ?? '';
    expect(refreshed).not.toBe(main?.auth?.access_token);
    const profile = await restCall(sim, 'profile', refreshed);
    expect([profile.status, (profile.json.result as { ID: string }).ID]).toEqual([200, '1']);
    expect(errors).toEqual([]);
  });

  test('a contact card tab frames the bound placement; the column width is the one asked for', async ({
    page,
  }) => {
    const contact = await sim.controls.addContact({ NAME: 'Анна', LAST_NAME: 'Петрова' });
    const bind = await restCall(sim, 'placement.bind', adminToken, {
      PLACEMENT: 'CRM_CONTACT_DETAIL_TAB',
      HANDLER: `${app.url}/placement`,
      TITLE: 'Лайм',
    });
    expect(bind.json.result).toBe(true);
    const manager = sim.controls.addUser({ admin: false, name: 'Игорь Менеджер' });
    for (const width of [400, 1280]) {
      // The page's margins around the column take 38 px: the column fits a window 40 px wider.
      await page.setViewportSize({ width: width + 40, height: 900 });
      const before = app.reports.length;
      await page.goto(
        sim.hostPageUrl(
          { kind: 'contact', id: contact, tab: 'CRM_CONTACT_DETAIL_TAB' },
          { userId: manager, width },
        ),
      );
      await expect(page.locator('.b24-tab-active')).toHaveText('Лайм');
      await expect(page.locator('#pagetitle')).toHaveText('Лайм'); // setTitle from the frame
      const frame = await appFrame(page, 'placement');
      await expect.poll(() => app.reports.length).toBe(before + 1);
      expect(app.reports.at(-1)).toMatchObject({
        placement: 'CRM_CONTACT_DETAIL_TAB',
        options: { ID: String(contact), URI: `/crm/contact/details/${contact}/` },
        isAdmin: false,
        installMode: false,
        profile: { ID: String(manager), ADMIN: false },
      });
      expect((await page.locator('iframe').boundingBox())?.width).toBe(width);
      expect(await frame.evaluate(() => window.innerWidth)).toBe(width);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // FIRST_RUN only the first time this user opens the app: the SDK then sends setInstall.
      const host = (await hostRecord(page)) as HostRecord;
      const first = width === 400 ? ['setInstall'] : [];
      expect(host.commands).toEqual(['getInitData', ...first, 'resizeWindow', 'setTitle', 'refreshAuth']);
      expect(host.heights).toEqual([expect.any(Number)]);
    }
    const post = app.posts.at(-1) as FramePostSeen;
    expect(post.path).toBe('/placement');
    expect(JSON.parse(post.form.PLACEMENT_OPTIONS ?? '')).toEqual({
      ID: String(contact),
      URI: `/crm/contact/details/${contact}/`,
    });
  });

  test('messages from another origin or with another APP_SID are ignored; an unbound tab is a 404 page', async ({
    page,
  }) => {
    const contact = await sim.controls.addContact({ NAME: 'Борис' });
    await page.goto(sim.hostPageUrl({ kind: 'contact', id: contact, tab: 'CRM_CONTACT_DETAIL_TAB' }));
    const frame = await appFrame(page, 'placement');
    const before = ((await hostRecord(page)) as HostRecord).commands.length;
    const sid = new URL(frame.url()).searchParams.get('APP_SID') ?? '';
    // The portal page itself is not the frame's origin.
    await page.evaluate((appSid) => window.postMessage(`setTitle:{"title":"evil"}:x:${appSid}`, '*'), sid);
    // The frame with a wrong APP_SID.
    await frame.evaluate(() => window.parent.postMessage('setTitle:{"title":"evil"}:x:0000', '*'));
    // The frame with the right one is heard.
    await frame.evaluate(
      (appSid) => window.parent.postMessage(`setTitle:{"title":"ok"}:x:${appSid}`, '*'),
      sid,
    );
    await expect(page.locator('#pagetitle')).toHaveText('ok');
    expect(((await hostRecord(page)) as HostRecord).commands.slice(before)).toEqual(['setTitle']);

    const deal = await sim.controls.addDeal({ TITLE: 'Покупка' });
    const missing = await page.goto(sim.hostPageUrl({ kind: 'deal', id: deal, tab: 'CRM_DEAL_DETAIL_TAB' }));
    expect(missing?.status()).toBe(404);
    await expect(page.locator('iframe')).toHaveCount(0);
  });

  test('openApplication opens the app in a slider with the opener’s params; closing it answers the opener', async ({
    page,
  }) => {
    const deal = await sim.controls.addDeal({ TITLE: 'День рождения' });
    await restCall(sim, 'placement.bind', adminToken, {
      PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
      HANDLER: `${app.url}/placement`,
      TITLE: 'Лайм',
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(sim.hostPageUrl({ kind: 'deal', id: deal, tab: 'CRM_DEAL_DETAIL_TAB' }));
    const tab = await appFrame(page, 'placement');
    const posts = app.posts.length;
    const closed = tab.evaluate(() =>
      (
        window as unknown as { __b24: { slider: { openSliderAppPage(p: object): Promise<unknown> } } }
      ).__b24.slider
        .openSliderAppPage({ open: 'booking', deal: '42', bx24_width: 900, bx24_title: 'Бронь' })
        .then(() => 'closed'),
    );
    await expect(page.locator('.b24-slider')).toBeVisible();
    await expect(page.locator('.b24-slider-title')).toHaveText('Лайм'); // setTitle from the slider's frame
    const inside = await appFrame(page, 'app');
    const post = app.posts[posts] as FramePostSeen;
    expect(post.path).toBe('/app');
    expect(post.form.PLACEMENT).toBe('DEFAULT');
    expect(JSON.parse(post.form.PLACEMENT_OPTIONS ?? '')).toMatchObject({ open: 'booking', deal: '42' });
    expect(post.form.PLACEMENT_OPTIONS).not.toContain('bx24_');
    expect((await page.locator('.b24-slider-panel').boundingBox())?.width).toBe(900);
    // The slider's frame talks to its own layout: resized there, not in the card's tab.
    await expect
      .poll(async () => (await page.locator('.b24-slider .app-layout').boundingBox())?.height)
      .toBeGreaterThanOrEqual(900);
    // The slider's frame closes itself (the frame goes away with it: nothing to wait for inside).
    await inside.evaluate(() => {
      void (window as unknown as { __b24: { slider: { closeSliderAppPage(): Promise<void> } } }).__b24.slider
        .closeSliderAppPage()
        .catch(() => undefined);
    });
    await expect(page.locator('.b24-slider')).toHaveCount(0);
    expect(await closed).toBe('closed');
    const record = await page.evaluate(
      () =>
        (window as unknown as { __b24host: { sliders: { open: boolean; settings: object }[] } }).__b24host
          .sliders,
    );
    expect(record).toEqual([
      expect.objectContaining({ open: false, settings: { width: 900, title: 'Бронь' } }),
    ]);
  });
});
