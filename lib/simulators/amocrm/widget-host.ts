import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountCore } from './core';
import { createHostPages, type InstalledWidget, SESSION_HEADER, TOKEN_PATH } from './host-pages';
import { type StaticAnswer, vendorAnswer, widgetFileAnswer } from './widget-assets';

/**
 * The account host's browser side, present when our widget is installed (the simulator's `widget`
 * option): the widget's files under `/upl/<code>/widget/`, RequireJS and jQuery under
 * `/sim/assets/`, the pages (host-pages.ts), and `POST /sim/widget/token` — what
 * `$authorizedAjax` asks amoCRM for: a disposable token of the page's user, minted exactly as the
 * `mintDisposableToken` control mints it. A page gets a random session id; the endpoint answers
 * only to a request carrying one (header `X-Sim-Page-Session`), with `{token}`.
 */

const CARD = /^\/(contacts|leads)\/detail\/(\d+)$/;
const LIST = /^\/(contacts|leads)\/list$/;
const SETTINGS = /^\/settings\/widgets\/([^/]+)$/;
const UPL = /^\/upl\/([^/]+)\/widget\/(.+)$/;
const MAX_SESSIONS = 1000;

export interface WidgetHostDeps {
  core: AccountCore;
  widget: InstalledWidget;
  clientId: string;
  /** A disposable token of the user (controls.mintDisposableToken). */
  mint(userId: number): string;
}

export interface WidgetHost {
  handles(path: string): boolean;
  answer(req: IncomingMessage, path: string, query: string): StaticAnswer;
}

const plain = (status: number, text: string): StaticAnswer => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: text,
});

const json = (status: number, value: unknown): StaticAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  body: JSON.stringify(value),
});

export function createWidgetHost(deps: WidgetHostDeps): WidgetHost {
  const sessions = new Map<string, number>();
  const newSession = (userId: number) => {
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, userId);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    return sid;
  };
  const pages = createHostPages({
    core: deps.core,
    widget: deps.widget,
    clientId: deps.clientId,
    newSession,
  });

  function token(req: IncomingMessage): StaticAnswer {
    if (req.method !== 'POST') return plain(405, 'Method Not Allowed');
    const header = req.headers[SESSION_HEADER];
    const userId = typeof header === 'string' ? sessions.get(header) : undefined;
    if (userId === undefined) return json(403, { error: 'no such page session' });
    if (!deps.core.account.users.some((u) => u.id === userId)) return json(403, { error: 'no such user' });
    return json(200, { token: deps.mint(userId) });
  }

  function page(path: string, params: URLSearchParams): StaticAnswer {
    const card = CARD.exec(path);
    if (card) return pages.card(card[1] as 'contacts' | 'leads', Number(card[2]), params);
    const list = LIST.exec(path);
    if (list) return pages.list(list[1] as 'contacts' | 'leads', params);
    const settings = SETTINGS.exec(path);
    if (settings) return pages.advancedSettings(decodeURIComponent(settings[1] ?? ''), params);
    return pages.notFound(params);
  }

  return {
    handles: (path) =>
      path === TOKEN_PATH ||
      path.startsWith('/sim/assets/') ||
      UPL.test(path) ||
      CARD.test(path) ||
      LIST.test(path) ||
      SETTINGS.test(path),
    answer(req, path, query) {
      if (path === TOKEN_PATH) return token(req);
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method Not Allowed');
      const upl = UPL.exec(path);
      if (upl)
        return upl[1] === deps.widget.code
          ? widgetFileAnswer(deps.widget.files, upl[2] ?? '')
          : plain(404, 'Not Found');
      if (path.startsWith('/sim/assets/')) return vendorAnswer(path) ?? plain(404, 'Not Found');
      return page(path, new URLSearchParams(query));
    },
  };
}

/** Writes an answer (no body for HEAD). */
export function writeAnswer(res: ServerResponse, method: string, answer: StaticAnswer): number {
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(answer.status, {
      ...answer.headers,
      'Content-Length': String(Buffer.byteLength(answer.body)),
    });
    res.end(method === 'HEAD' ? undefined : answer.body);
  }
  return answer.status;
}
