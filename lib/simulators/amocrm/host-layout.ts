import { cspNonce, esc, htmlHeaders, jsonBlock } from '../shared/html';
import { HOST_SCRIPT } from './host-script';
import { HOST_STYLE } from './host-style';
import { type StaticAnswer, VENDOR_PATHS } from './widget-assets';

/**
 * The frame of every account page: amoCRM's dark left menu (leads, contacts, the widget's
 * settings page), the content, and — on pages that run the widget — RequireJS, the page's
 * configuration as JSON and the host script (host-script.ts). Each page has its own strict CSP:
 * scripts from the account host and the page's nonce only, styles by nonce (and the widget's
 * style.css from the host), connections to the host and the widget's API origin, frames from that
 * origin only.
 */

export type Lang = 'ru' | 'en';

export const TEXT = {
  ru: {
    leads: 'Сделки',
    contacts: 'Контакты',
    settings: 'Настройки',
    lead: 'Сделка',
    contact: 'Контакт',
    newLead: 'Новая сделка',
    newContact: 'Новый контакт',
    notFound: 'Такой страницы нет.',
    noUser: 'Пользователь не найден.',
    phone: 'Телефон',
    email: 'Email',
    responsible: 'Ответственный',
    price: 'Бюджет',
    stage: 'Этап',
    name: 'Название',
    fullName: 'Имя',
    more: 'Ещё',
    selected: 'Выбрано',
    empty: 'Список пуст',
    currency: '₽',
  },
  en: {
    leads: 'Leads',
    contacts: 'Contacts',
    settings: 'Settings',
    lead: 'Lead',
    contact: 'Contact',
    newLead: 'New lead',
    newContact: 'New contact',
    notFound: 'There is no such page.',
    noUser: 'User not found.',
    phone: 'Phone',
    email: 'Email',
    responsible: 'Responsible user',
    price: 'Budget',
    stage: 'Stage',
    name: 'Name',
    fullName: 'Name',
    more: 'More',
    selected: 'Selected',
    empty: 'The list is empty',
    currency: '₽',
  },
} as const;

export type Texts = (typeof TEXT)[Lang];

/** Where the page's user came from: kept on every link so that a test stays the same user. */
export interface Viewer {
  userId: number;
  lang: Lang;
  code: string;
}

export function viewerQuery(viewer: Viewer): string {
  return new URLSearchParams({ user: String(viewer.userId), lang: viewer.lang }).toString();
}

export interface PageParts {
  status: number;
  viewer: Viewer;
  title: string;
  main: string;
  /** The page's extra CSS (the right column's width). */
  style?: string;
  /** Present on pages that run the widget: the host script's configuration. */
  config?: Record<string, unknown>;
  /** The widget's API origin, allowed for connections and frames. */
  appOrigin?: string;
  /** The widget's style.css, when it has one. */
  stylesheet?: string;
}

function nav(viewer: Viewer): string {
  const t = TEXT[viewer.lang];
  const q = viewerQuery(viewer);
  const item = (href: string, label: string) =>
    `<a class="amo-nav__item" href="${esc(`${href}?${q}`)}">${esc(label)}</a>`;
  return `<nav class="amo-nav">${item('/leads/list/', t.leads)}${item('/contacts/list/', t.contacts)}${item(
    `/settings/widgets/${viewer.code}/`,
    t.settings,
  )}</nav>`;
}

export function hostPage(parts: PageParts): StaticAnswer {
  const nonce = cspNonce();
  const app = parts.appOrigin ? ` ${parts.appOrigin}` : '';
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    `connect-src 'self'${app}`,
    parts.appOrigin ? `frame-src ${parts.appOrigin}` : "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  const scripts = parts.config
    ? `<script type="application/json" id="amohost-config">${jsonBlock(parts.config)}</script>
<script src="${VENDOR_PATHS.requirejs}" nonce="${nonce}"></script>
<script nonce="${nonce}">${HOST_SCRIPT}</script>`
    : '';
  const body = `<!doctype html>
<html lang="${parts.viewer.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(parts.title)}</title>
<style nonce="${nonce}">${HOST_STYLE}${parts.style ?? ''}</style>
${parts.stylesheet ? `<link rel="stylesheet" href="${esc(parts.stylesheet)}">` : ''}
</head>
<body>
${nav(parts.viewer)}
<main class="amo-main">
${parts.main}
</main>
${scripts}
</body>
</html>`;
  return { status: parts.status, headers: htmlHeaders(csp), body };
}

export function messagePage(status: number, viewer: Viewer, title: string, text: string): StaticAnswer {
  return hostPage({
    status,
    viewer,
    title,
    main: `<section class="amo-message"><h1 class="amo-title">${esc(title)}</h1><p>${esc(text)}</p></section>`,
  });
}
