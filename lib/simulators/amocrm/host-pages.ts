import { esc } from '../shared/html';
import type { AccountCore } from './core';
import { hostPage, type Lang, messagePage, TEXT, type Viewer } from './host-layout';
import { fieldsPanel, listEntities, listTable, selectedRow } from './host-views';
import type { SimUser } from './types';
import { type StaticAnswer, VENDOR_PATHS } from './widget-assets';

/**
 * The account's own pages that run our widget, as amoCRM runs it (reference §1.3–1.5): a lead or
 * contact card (area `lcard` / `ccard`; `AMOCRM.data.current_card = {id, entity}`, id 0 for a new
 * card) with the widgets' right column, the lead and contact lists (`llist` / `clist`) with
 * checkboxes and an actions menu holding the widget, and the widget's advanced settings page
 * (`advanced_settings`, `#work-area-<code>`). Each page embeds what the host script needs as JSON.
 */

export type AmocrmHostPage =
  | { kind: 'contact' | 'lead'; id: number }
  | { kind: 'contacts-list' | 'leads-list' }
  | { kind: 'advanced-settings'; code?: string };

export interface AmocrmHostPageOptions {
  /** The viewing user; default the account's admin. */
  userId?: number;
  /** The user's interface language (`AMOCRM.lang_id`); default ru. */
  lang?: Lang;
  /** Card pages: the width in px of the right column holding the widgets (default 300; 200..4000). */
  width?: number;
}

export const DEFAULT_COLUMN_PX = 300;

/** The page's path and query; `advanced-settings` needs the widget code (the simulator's hostUrl fills it). */
export function amocrmHostPath(page: AmocrmHostPage, options: AmocrmHostPageOptions = {}): string {
  const query = new URLSearchParams();
  if (options.userId !== undefined) query.set('user', String(options.userId));
  if (options.lang) query.set('lang', options.lang);
  if (options.width !== undefined && (page.kind === 'contact' || page.kind === 'lead'))
    query.set('width', String(options.width));
  const q = query.size ? `?${query}` : '';
  switch (page.kind) {
    case 'contact':
    case 'lead':
      return `/${page.kind}s/detail/${page.id}${q}`;
    case 'contacts-list':
      return `/contacts/list/${q}`;
    case 'leads-list':
      return `/leads/list/${q}`;
    case 'advanced-settings':
      if (!page.code) throw new Error('the advanced settings page needs the widget code');
      return `/settings/widgets/${encodeURIComponent(page.code)}/${q}`;
  }
}

export interface InstalledWidget {
  code: string;
  files: Record<string, string>;
  appOrigin: string;
}

export interface PageDeps {
  core: AccountCore;
  widget: InstalledWidget;
  clientId: string;
  /** A fresh page session of the user: what the token endpoint asks for. */
  newSession(userId: number): string;
}

type Area = 'ccard' | 'lcard' | 'clist' | 'llist' | 'advanced_settings';
export const TOKEN_PATH = '/sim/widget/token';
export const SESSION_HEADER = 'x-sim-page-session';

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

export function createHostPages(deps: PageDeps) {
  const { core, widget } = deps;
  const manifest = parseJson(widget.files['manifest.json']) ?? {};
  const version = String((manifest.widget as Record<string, unknown> | undefined)?.version ?? '1.0.0');
  const locales = (manifest.widget as { locale?: unknown } | undefined)?.locale;
  const i18n = (lang: Lang): Record<string, unknown> => {
    const order = [lang, ...(Array.isArray(locales) ? locales.map(String) : []), 'ru', 'en'];
    for (const locale of order) {
      const strings = parseJson(widget.files[`i18n/${locale}.json`]);
      if (strings) return strings;
    }
    return {};
  };
  const widgetName = (lang: Lang) => {
    const name = (i18n(lang).widget as Record<string, unknown> | undefined)?.name;
    return typeof name === 'string' ? name : widget.code;
  };
  const admin = () => core.account.users.find((u) => u.is_admin) as SimUser;
  const moduleId = `amo_widget_${widget.code}`;

  /** Who is looking: `user` (default the admin) must be a user of the account. */
  function viewer(params: URLSearchParams): { viewer: Viewer; user: SimUser | undefined } {
    const lang: Lang = params.get('lang') === 'en' ? 'en' : 'ru';
    const raw = params.get('user');
    const id = raw === null ? admin().id : Number(raw);
    const user = core.account.users.find((u) => u.id === id);
    return { viewer: { userId: user?.id ?? admin().id, lang, code: widget.code }, user };
  }

  function config(v: Viewer, user: SimUser, area: Area, extra: Record<string, unknown>) {
    const managers = Object.fromEntries(
      core.account.users.map((u) => [String(u.id), { id: u.id, title: u.name, login: u.email }]),
    );
    return {
      sid: deps.newSession(user.id),
      code: widget.code,
      area,
      lang: v.lang,
      tokenUrl: TOKEN_PATH,
      sessionHeader: SESSION_HEADER,
      widgetModule: moduleId,
      paths: {
        jquery: VENDOR_PATHS.jquery.replace(/\.js$/, ''),
        [moduleId]: `/upl/${widget.code}/widget/script`,
      },
      constants: {
        account: {
          id: core.accountId,
          subdomain: core.subdomain,
          timezone: 'Europe/Moscow',
          currency: 'RUB',
        },
        user: { id: user.id, name: user.name, login: user.email },
        managers,
      },
      system: {
        area,
        subdomain: core.subdomain,
        amouser_id: user.id,
        amouser: user.email,
        domain: `${core.subdomain}.amocrm.ru`,
      },
      settings: {
        widget_code: widget.code,
        oauth_client_uuid: deps.clientId,
        path: `/upl/${widget.code}/widget`,
        version,
        active: 'Y',
        status: 'installed',
      },
      i18n: i18n(v.lang),
      ...extra,
    };
  }

  const running = { appOrigin: widget.appOrigin };
  const stylesheet =
    widget.files['style.css'] !== undefined
      ? { stylesheet: `/upl/${widget.code}/widget/style.css?v=${version}` }
      : {};

  function card(kind: 'contacts' | 'leads', id: number, params: URLSearchParams): StaticAnswer {
    const { viewer: v, user } = viewer(params);
    const t = TEXT[v.lang];
    if (!user) return messagePage(404, v, kind === 'leads' ? t.lead : t.contact, t.noUser);
    const entity = id === 0 ? undefined : kind === 'leads' ? core.crm.lead(id) : core.crm.contact(id);
    if (id !== 0 && !entity) return messagePage(404, v, kind === 'leads' ? t.lead : t.contact, t.notFound);
    const width = Number(params.get('width') ?? DEFAULT_COLUMN_PX);
    const column = Number.isInteger(width) && width >= 200 && width <= 4000 ? width : DEFAULT_COLUMN_PX;
    const area: Area = kind === 'leads' ? 'lcard' : 'ccard';
    return hostPage({
      status: 200,
      viewer: v,
      title: entity?.name || (kind === 'leads' ? t.newLead : t.newContact),
      style: `.amo-widgets { width: ${column}px; }`,
      main: `<div class="amo-card">${fieldsPanel(core, v, t, kind, entity)}
<aside class="amo-widgets card-widgets" id="amo-widgets" data-width="${column}"></aside></div>`,
      config: config(v, user, area, {
        data: { current_card: { id, entity: kind }, current_entity: kind, is_card: true },
      }),
      ...running,
      ...stylesheet,
    });
  }

  function list(kind: 'contacts' | 'leads', params: URLSearchParams): StaticAnswer {
    const { viewer: v, user } = viewer(params);
    const t = TEXT[v.lang];
    const title = kind === 'leads' ? t.leads : t.contacts;
    if (!user) return messagePage(404, v, title, t.noUser);
    const entities = listEntities(core, kind);
    const rows = Object.fromEntries(entities.map((e) => [String(e.id), selectedRow(core, kind, e)]));
    return hostPage({
      status: 200,
      viewer: v,
      title,
      main: `<div class="amo-list-head"><h1 class="amo-title">${esc(title)}</h1>
<span class="amo-count">${esc(t.selected)}: <span id="amo-selected-count">0</span></span>
<div class="amo-actions"><button type="button" class="amo-button" id="amo-actions-more" aria-haspopup="true">${esc(
        t.more,
      )}</button><ul class="amo-actions__menu" id="amo-actions-menu" hidden><li><button type="button" class="amo-actions__item" id="amo-widget-action" data-widget-code="${esc(
        widget.code,
      )}">${esc(widgetName(v.lang))}</button></li></ul></div></div>
${listTable(core, v, t, kind, entities)}`,
      config: config(v, user, kind === 'leads' ? 'llist' : 'clist', {
        data: { current_entity: kind, is_card: false },
        entity: kind,
        rows,
      }),
      ...running,
      ...stylesheet,
    });
  }

  function advancedSettings(code: string, params: URLSearchParams): StaticAnswer {
    const { viewer: v, user } = viewer(params);
    const t = TEXT[v.lang];
    if (!user) return messagePage(404, v, t.settings, t.noUser);
    if (code !== widget.code) return messagePage(404, v, t.settings, t.notFound);
    const advanced = i18n(v.lang).advanced as Record<string, unknown> | undefined;
    const title = typeof advanced?.title === 'string' ? advanced.title : widgetName(v.lang);
    return hostPage({
      status: 200,
      viewer: v,
      title,
      main: `<h1 class="amo-title">${esc(title)}</h1>
<div class="amo-work-area" id="work-area-${esc(widget.code)}"></div>`,
      config: config(v, user, 'advanced_settings', {
        data: { current_entity: 'widgetsSettings', is_card: false },
      }),
      ...running,
      ...stylesheet,
    });
  }

  const notFound = (params: URLSearchParams) => {
    const { viewer: v } = viewer(params);
    return messagePage(404, v, TEXT[v.lang].notFound, TEXT[v.lang].notFound);
  };

  return { card, list, advancedSettings, notFound };
}
