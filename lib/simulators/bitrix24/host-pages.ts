import { cspNonce, esc, htmlHeaders, jsonBlock } from '../shared/html';
import type { Bitrix24SimControls } from './controls';
import type { FramePost } from './frames';
import { HOST_SCRIPT } from './host-script';
import { isMap, parseStr, strval } from './php';
import type { PortalState } from './portal-state';
import type { JsonObject, JsonValue } from './types';

/**
 * The portal's own pages that frame our app, at the portal's origin, for Playwright and the
 * sandbox — what rest's app.layout component renders (rest/install/js/rest/applayout.js):
 * - `GET /marketplace/app/?user=&lang=`: the app's main page (PLACEMENT=DEFAULT). Until
 *   installFinish an admin gets the installer (handler: "Application installer URL", INSTALL true),
 *   anyone else "The application is not fully installed yet"; afterwards the "Application URL";
 * - `GET /crm/contact/details/<id>/?tab=<placement>&user=&lang=&width=` and the same for deals: a
 *   plain Bitrix24 card (grey page, white card, tabs) whose tab area holds our placement's frame
 *   (the handler bound to that code; 404 when nothing is bound or the install is not finished);
 *   `width` is the width in px of the column holding the frame, exactly (the page's own margins
 *   around it take 38 px: a 400 px column fits a 440 px window).
 * Each page holds `<iframe name="DOMAIN|PROTOCOL|APP_SID">` (what B24Frame reads from window.name)
 * and a form targeting it — the handler URL with the frame query (DOMAIN, PROTOCOL, LANG, APP_SID)
 * and the frame form as hidden fields (frames.ts, the simulator's frame() control) — submitted at
 * load, so our route gets the POST and answers inside the iframe. The page's script
 * (host-script.ts) answers the frame's postMessage commands; its ajax calls come back to
 * `POST /marketplace/app/ajax/` with the page's APP_SID. Pages carry their own strict CSP (nonce'd
 * inline script and style, frames and form posts only to the handler's origin).
 */

export type HostPage = { kind: 'app' } | { kind: 'contact' | 'deal'; id: number; tab: string };

export interface HostPageOptions {
  /** The viewing user; default 1 (the admin). */
  userId?: number;
  /** Interface language; default the portal's. */
  lang?: string;
  /** Width in px of the column that holds the frame; default the page's width. */
  width?: number;
}

export function hostPagePath(page: HostPage, options: HostPageOptions = {}): string {
  const query = new URLSearchParams();
  if (page.kind !== 'app') query.set('tab', page.tab);
  query.set('user', String(options.userId ?? 1));
  if (options.lang) query.set('lang', options.lang);
  if (options.width !== undefined) query.set('width', String(options.width));
  const path = page.kind === 'app' ? '/marketplace/app/' : `/crm/${page.kind}/details/${page.id}/`;
  return `${path}?${query}`;
}

export interface HostResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HostPages {
  handles(path: string): boolean;
  handle(method: string, path: string, query: string, body: string): HostResponse;
}

interface FrameSession {
  userId: number;
  placement: string;
}

/** What the page script needs to frame the app: its configuration, the iframe's name, the form. */
type FrameSetup = {
  config: JsonObject;
  frameName: string;
  action: string;
  fields: [string, string][];
};

const CARD = /^\/crm\/(contact|deal)\/details\/(\d+)\/$/;

const TEXT = {
  ru: {
    app: 'Приложения',
    notInstalled: 'Приложение не установлено.',
    notFinished: 'Приложение еще не установлено до конца. Обратитесь к администратору Битрикс24.',
    noUrl: 'У приложения нет адреса обработчика.',
    notFound: 'Элемент не найден.',
    noPlacement: 'Вкладка приложения недоступна.',
    noUser: 'Пользователь не найден.',
    general: 'Общие',
    contact: 'Контакт',
    deal: 'Сделка',
    history: 'История',
  },
  en: {
    app: 'Applications',
    notInstalled: 'The application is not installed.',
    notFinished: 'The application is not fully installed yet. Please contact your Bitrix24 administrator.',
    noUrl: 'The application has no handler URL.',
    notFound: 'The item was not found.',
    noPlacement: 'The application tab is not available.',
    noUser: 'User not found.',
    general: 'General',
    contact: 'Contact',
    deal: 'Deal',
    history: 'History',
  },
};

const STYLE = `
  * { box-sizing: border-box; }
  html, body { margin: 0; }
  body { background: #eef2f4; color: #333; -webkit-font-smoothing: antialiased;
    font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "Helvetica Neue", Arial, sans-serif; }
  .b24-header { height: 56px; display: flex; align-items: center; gap: 16px; padding: 0 24px;
    background: #fff; border-bottom: 1px solid #edeef0; }
  .b24-logo { font-weight: 700; font-size: 20px; color: #2fc6f6; }
  .b24-logo b { color: #333; font-weight: 700; }
  .b24-user { margin-left: auto; color: #525c69; }
  .b24-main { padding: 16px 12px 32px; }
  .b24-title { margin: 0 0 14px; font-size: 26px; font-weight: 300; }
  .b24-card { background: #fff; border: 1px solid #edeef0; border-radius: 10px; }
  .b24-tabs { display: flex; gap: 4px; padding: 0 16px; border-bottom: 1px solid #edeef0; }
  .b24-tab { padding: 14px 14px 12px; color: #80868e; border-bottom: 2px solid transparent; }
  .b24-tab-active { color: #333; border-bottom-color: #2fc6f6; }
  .b24-tab-body { padding: 6px; }
  .b24-message { padding: 40px 24px; color: #525c69; }
  .app-layout { width: 100%; height: 600px; }
  .app-frame { display: block; width: 100%; height: 100%; border: 0; background: #fff; }
  .b24-slider { position: fixed; inset: 0; z-index: 1000; }
  .b24-slider-overlay { position: absolute; inset: 0; background: rgba(0, 0, 0, .4); }
  .b24-slider-panel { position: absolute; top: 0; right: 0; bottom: 0; width: calc(100% - 100px);
    max-width: calc(100% - 60px); background: #eef2f4; box-shadow: 0 0 20px rgba(0, 0, 0, .25); }
  .b24-slider-scroll { height: 100%; overflow-y: auto; padding: 16px 16px 24px; }
  .b24-slider-close { position: absolute; top: 16px; left: -44px; width: 36px; height: 36px; border: 0;
    border-radius: 18px 0 0 18px; background: rgba(47, 198, 246, .9); color: #fff; font-size: 20px;
    cursor: pointer; }
  .b24-slider-title { margin: 0 0 14px; font-size: 26px; font-weight: 300; }
`;

export function createHostPages(state: PortalState, controls: Bitrix24SimControls): HostPages {
  const sessions = new Map<string, FrameSession>();

  function page(
    status: number,
    lang: 'ru' | 'en',
    title: string,
    content: string,
    extra: { style?: string; script?: string; appOrigin?: string; userId?: number },
  ): HostResponse {
    const nonce = cspNonce();
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "img-src 'self' data:",
      "connect-src 'self'",
      extra.appOrigin ? `frame-src ${extra.appOrigin}` : "frame-src 'none'",
      extra.appOrigin ? `form-action ${extra.appOrigin}` : "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ];
    const user = extra.userId === undefined ? undefined : state.users.get(extra.userId);
    const body = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style nonce="${nonce}">${STYLE}${extra.style ?? ''}</style>
</head>
<body>
<header class="b24-header"><span class="b24-logo"><b>${lang === 'ru' ? 'Битрикс' : 'Bitrix'}</b>24</span><span class="b24-user">${esc(
      state.identity.domain,
    )}${user ? ` · ${esc(`${user.name} ${user.lastName}`)}` : ''}</span></header>
<main class="b24-main">
<h1 class="b24-title" id="pagetitle">${esc(title)}</h1>
${content}
</main>
${extra.script ? `<script nonce="${nonce}">${extra.script}</script>` : ''}
</body>
</html>`;
    return {
      status,
      headers: htmlHeaders(csp),
      body,
    };
  }

  function message(status: number, lang: 'ru' | 'en', title: string, text: string): HostResponse {
    return page(status, lang, title, `<div class="b24-card b24-message">${esc(text)}</div>`, {});
  }

  /**
   * One frame's set-up: its session (the ajax endpoint answers only known APP_SIDs), the script's
   * configuration, the `<iframe name>` B24Frame reads, and the form POSTed into it.
   */
  function frameSetup(
    post: FramePost,
    handler: string,
    userId: number,
    install: boolean,
    placementOptions: JsonValue,
  ): FrameSetup {
    const { query, form } = post;
    const sid = query.APP_SID ?? '';
    const placement = form.PLACEMENT ?? 'DEFAULT';
    sessions.set(sid, { userId, placement });
    const user = state.user(userId);
    const userOptions = state.userOptions.get(userId) ?? {};
    const config: JsonObject = {
      sid,
      appOrigin: new URL(handler).origin,
      appCode: state.app.code,
      frameId: `appframe_${sid}`,
      layoutId: `applayout_${sid}`,
      formId: `appform_${sid}`,
      ajaxUrl: '/marketplace/app/ajax/',
      placement,
      isAdmin: user.admin,
      installFinished: state.installFinished,
      initData: {
        LANG: query.LANG ?? state.lang,
        DOMAIN: state.identity.domain,
        PROTOCOL: state.identity.https ? 1 : 0,
        PATH: '/rest/',
        AUTH_ID: form.AUTH_ID ?? '',
        AUTH_EXPIRES: Number(form.AUTH_EXPIRES ?? 3600),
        REFRESH_ID: form.REFRESH_ID ?? '',
        MEMBER_ID: state.identity.memberId,
        FIRST_RUN: !state.firstRunDone.has(userId),
        IS_ADMIN: user.admin,
        INSTALL: install,
        USER_OPTIONS: Object.keys(userOptions).length > 0 ? userOptions : [],
        APP_OPTIONS: Object.keys(state.appOptions).length > 0 ? state.appOptions : [],
        PLACEMENT: placement,
        PLACEMENT_OPTIONS: placementOptions,
      },
    };
    return {
      config,
      frameName: `${query.DOMAIN}|${query.PROTOCOL}|${sid}`,
      action: `${handler}${handler.includes('?') ? '&' : '?'}${new URLSearchParams(query)}`,
      fields: Object.entries(form),
    };
  }

  /** The layout, iframe and auto-submitted form of one frame, plus the script's configuration. */
  function framed(
    post: FramePost,
    handler: string,
    userId: number,
    install: boolean,
    placementOptions: JsonValue,
  ): { html: string; script: string; appOrigin: string } {
    const setup = frameSetup(post, handler, userId, install, placementOptions);
    const sid = setup.config.sid as string;
    const inputs = setup.fields
      .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
      .join('');
    const html = `<div class="app-layout" id="applayout_${sid}"><iframe class="app-frame" id="appframe_${sid}" name="${esc(
      setup.frameName,
    )}" src="about:blank"></iframe></div>
<form id="appform_${sid}" name="appform_${sid}" method="POST" accept-charset="UTF-8" action="${esc(setup.action)}" target="${esc(
      setup.frameName,
    )}">${inputs}</form>
<script type="application/json" id="b24host-config">${jsonBlock(setup.config)}</script>`;
    return { html, script: HOST_SCRIPT, appOrigin: new URL(handler).origin };
  }

  function parsedOptions(post: FramePost): JsonValue {
    try {
      const parsed = JSON.parse(post.form.PLACEMENT_OPTIONS ?? '{}') as JsonValue;
      return isMap(parsed) && Object.keys(parsed).length === 0 ? [] : parsed;
    } catch {
      return [];
    }
  }

  function viewer(params: Record<string, string>): { userId: number; lang: 'ru' | 'en' } | null {
    const userId = Number(params.user ?? '1');
    const lang =
      params.lang === 'en' || params.lang === 'ru' ? params.lang : state.lang === 'en' ? 'en' : 'ru';
    const user = state.users.get(userId);
    if (!Number.isInteger(userId) || !user?.active) return null;
    return { userId, lang };
  }

  function appPage(params: Record<string, string>): HostResponse {
    const who = viewer(params);
    const lang = who?.lang ?? (state.lang === 'en' ? 'en' : 'ru');
    const t = TEXT[lang];
    if (!who) return message(404, lang, t.app, t.noUser);
    if (!state.installed) return message(404, lang, t.app, t.notInstalled);
    const admin = state.user(who.userId).admin;
    if (!state.installFinished && !admin) return message(200, lang, t.app, t.notFinished);
    const install = !state.installFinished;
    const handler = install ? state.app.installUrl : state.app.appUrl;
    if (!handler) return message(404, lang, t.app, t.noUrl);
    const post = controls.frame({ placement: 'DEFAULT', userId: who.userId, lang });
    const frame = framed(post, handler, who.userId, install, parsedOptions(post));
    const title = state.app.code;
    return page(200, lang, title, `<div class="b24-card">${frame.html}</div>`, {
      script: frame.script,
      appOrigin: frame.appOrigin,
      userId: who.userId,
    });
  }

  function cardPage(kind: 'contact' | 'deal', id: number, params: Record<string, string>): HostResponse {
    const who = viewer(params);
    const lang = who?.lang ?? (state.lang === 'en' ? 'en' : 'ru');
    const t = TEXT[lang];
    const entity = kind === 'contact' ? 'CONTACT' : 'DEAL';
    if (!who) return message(404, lang, t[kind], t.noUser);
    const record = state.crm.table(entity).get(id);
    if (!record) return message(404, lang, t[kind], t.notFound);
    const name =
      kind === 'contact'
        ? [record.fields.NAME, record.fields.LAST_NAME].filter(Boolean).join(' ')
        : strval(record.fields.TITLE);
    const title = name || `${t[kind]} #${id}`;
    const tab = strval(params.tab).toUpperCase();
    const binding = state.placements.find((p) => p.placement === tab);
    if (!tab.startsWith(`CRM_${entity}_DETAIL_`) || !binding || !state.installed || !state.installFinished) {
      return message(404, lang, title, t.noPlacement);
    }
    const post = controls.frame({
      placement: tab,
      placementOptions: { ID: String(id) },
      userId: who.userId,
      lang,
    });
    const frame = framed(post, binding.handler, who.userId, false, parsedOptions(post));
    const tabTitle = binding.langAll[lang]?.TITLE || binding.title || state.app.code;
    const width = Number(params.width);
    const column =
      Number.isInteger(width) && width >= 200 && width <= 4000 ? `.b24-column { width: ${width}px; }` : '';
    const content = `<div class="b24-card">
<nav class="b24-tabs"><span class="b24-tab">${esc(t.general)}</span><span class="b24-tab">${esc(
      t.history,
    )}</span><span class="b24-tab b24-tab-active">${esc(tabTitle)}</span></nav>
<div class="b24-tab-body"><div class="b24-column">${frame.html}</div></div>
</div>`;
    return page(200, lang, title, content, {
      style: column,
      script: frame.script,
      appOrigin: frame.appOrigin,
      userId: who.userId,
    });
  }

  function ajax(body: string): HostResponse {
    const params = parseStr(body);
    const json = (status: number, value: JsonValue): HostResponse => ({
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: JSON.stringify(value),
    });
    const session = sessions.get(strval(params.sid));
    if (!session) return json(403, { error: 'ACCESS_DENIED' });
    const user = state.users.get(session.userId);
    if (!user?.active) return json(403, { error: 'ACCESS_DENIED' });
    switch (strval(params.action)) {
      case 'access_refresh': {
        if (!state.installed) return json(403, { error: 'ACCESS_DENIED' });
        const pair = state.tokens.issuePair(user.id);
        return json(200, {
          access_token: pair.access.token,
          expires_in: state.tokens.ttlSeconds,
          refresh_token: pair.refreshToken,
        });
      }
      case 'set_installed': {
        if (!user.admin || !state.installed) return json(200, { result: false });
        if (strval(params.v) === 'N') state.installFinished = false;
        else controls.installFinish();
        return json(200, { result: true });
      }
      case 'set_install':
        if (strval(params.install) === '1') state.firstRunDone.add(user.id);
        return json(200, { result: true });
      case 'set_option':
        if (!user.admin) return json(200, { result: false });
        state.appOptions[strval(params.name)] = strval(params.value);
        return json(200, { result: true });
      case 'open_application': {
        // BX24.openApplication: the app's "Application URL" in a slider, PLACEMENT=DEFAULT, the
        // opener's params (bx24_* settings taken out by the page script) as PLACEMENT_OPTIONS.
        if (!state.installed || !state.installFinished || !state.app.appUrl) {
          return json(200, { error: 'APPLICATION_NOT_AVAILABLE' });
        }
        let options: JsonObject = {};
        try {
          const parsed = JSON.parse(strval(params.options) || '{}') as JsonValue;
          if (isMap(parsed)) options = parsed as JsonObject;
        } catch {
          return json(400, { error: 'WRONG_OPTIONS' });
        }
        const post = controls.frame({
          placement: 'DEFAULT',
          placementOptions: options,
          userId: user.id,
          lang: strval(params.lang) || state.lang,
        });
        return json(200, { frame: frameSetup(post, state.app.appUrl, user.id, false, parsedOptions(post)) });
      }
      case 'set_user_option': {
        const options = state.userOptions.get(user.id) ?? {};
        options[strval(params.name)] = strval(params.value);
        state.userOptions.set(user.id, options);
        return json(200, { result: true });
      }
      default:
        return json(400, { error: 'WRONG_ACTION' });
    }
  }

  return {
    handles: (path) => path === '/marketplace/app/' || path === '/marketplace/app/ajax/' || CARD.test(path),
    handle(method, path, query, body) {
      const params = Object.fromEntries(new URLSearchParams(query));
      if (path === '/marketplace/app/ajax/') {
        return method === 'POST' ? ajax(body) : { status: 405, headers: {}, body: '' };
      }
      if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: {}, body: '' };
      try {
        if (path === '/marketplace/app/') return appPage(params);
        const card = CARD.exec(path);
        return cardPage(card?.[1] as 'contact' | 'deal', Number(card?.[2]), params);
      } catch (error) {
        // The frame() control refuses what the portal would not show.
        const lang = state.lang === 'en' ? 'en' : 'ru';
        return message(404, lang, TEXT[lang].app, error instanceof Error ? error.message : String(error));
      }
    },
  };
}
