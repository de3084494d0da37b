import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepConnectionsLikeTheRealServices } from '../shared/keep-alive';
import { seedAccount } from './account-seed';
import { type AmocrmSimControls, createControls } from './controls';
import type { AccountCore } from './core';
import { CrmStore } from './crm-store';
import { type AmocrmHostPage, type AmocrmHostPageOptions, amocrmHostPath } from './host-pages';
import { Ids, Random } from './ids';
import { RateLimiter } from './limits';
import { createHandler } from './server';
import { TokenStore } from './tokens';
import type {
  Catalog,
  CatalogElement,
  Contact,
  CustomFieldDef,
  DeliveryRecord,
  Lead,
  Link,
  Note,
  Pipeline,
  RecordedRequest,
  SimUser,
  Task,
  WebhookSubscription,
} from './types';
import { WebhookDispatcher } from './webhook-dispatch';
import { bakedApiOrigin } from './widget-assets';
import { createWidgetHost } from './widget-host';

/**
 * The amoCRM simulator: one account host as a real HTTP server on 127.0.0.1 (it plays
 * https://{subdomain}.amocrm.ru), speaking amoCRM's OAuth 2.0 (single-use refresh tokens), API
 * v4 (HAL+JSON, problem+json, 204 for empty lists, string prices, null custom fields), its
 * limits (7 req/s, 429, the 403 account block), form-encoded webhooks, disposable widget tokens
 * and the disconnect hook. Tests, benchmarks and the sandbox use it; production code never
 * imports it. See README.md.
 */

export type { AmocrmSimControls } from './controls';
export {
  type AmocrmHostPage,
  type AmocrmHostPageOptions,
  amocrmHostPath,
  DEFAULT_COLUMN_PX,
} from './host-pages';
export { CARD_CHROME_PX } from './host-style';
export type * from './types';

export interface AmocrmSimulatorOptions {
  integration: {
    clientId: string;
    clientSecret: string;
    redirectUri: string /** the disconnect hook URL of the integration form */;
    disconnectUrl?: string;
  };
  /** Default 'kidburg'. */
  subdomain?: string;
  /** Default deterministic from the seed. */
  accountId?: number;
  /** Default 42. */
  seed?: number;
  /** Per integration per account; default the real 7 req/s. Tests may shrink and say so. */
  limits?: { perSecond: number };
  /** Default: more than 7 429s within 60 s → every request 403 plain text for 300 s. */
  block?: { after429s: number; windowSeconds: number; blockSeconds: number };
  /** Default 86400. */
  accessTokenTtlSeconds?: number;
  now?: () => Date;
  /** Default 0 (a free port). */
  port?: number;
  /**
   * Our widget installed in the account: its code there (e.g. 'lime_bridge') and its files as
   * `amocrmWidgetFiles(apiUrl)` gives them (script.js baked). The host then serves them under
   * `/upl/<code>/widget/` and its own pages that run the widget (cards, lists, the advanced
   * settings page; README "Account pages"). `appOrigin` (the widget's API origin, allowed by the
   * pages' CSP) defaults to the origin baked into script.js.
   */
  widget?: { code: string; files: Record<string, string>; appOrigin?: string };
}

export interface AmocrmSimState {
  readonly contacts: readonly Contact[];
  readonly leads: readonly Lead[];
  readonly pipelines: readonly Pipeline[];
  readonly users: readonly SimUser[];
  readonly customFields: {
    readonly contacts: readonly CustomFieldDef[];
    readonly leads: readonly CustomFieldDef[];
    readonly catalogs: readonly CustomFieldDef[];
  };
  readonly catalogs: readonly (Catalog & { elements: CatalogElement[] })[];
  readonly links: readonly Link[];
  readonly notes: readonly Note[];
  readonly tasks: readonly Task[];
  readonly webhooks: readonly WebhookSubscription[];
  readonly deliveries: readonly DeliveryRecord[];
  readonly refreshCount: number;
  readonly blockedUntil: Date | null;
}

export interface AmocrmSimulator {
  url: string;
  host: string;
  accountId: number;
  subdomain: string;
  requests: RecordedRequest[];
  state: AmocrmSimState;
  controls: AmocrmSimControls;
  /** The full URL of one of the account pages (needs the `widget` option); fills the widget code. */
  hostUrl(page: AmocrmHostPage, options?: AmocrmHostPageOptions): string;
  close(): Promise<void>;
}

export async function startAmocrmSimulator(options: AmocrmSimulatorOptions): Promise<AmocrmSimulator> {
  const widget = options.widget && {
    code: options.widget.code,
    files: options.widget.files,
    appOrigin: options.widget.appOrigin ?? bakedApiOrigin(options.widget.files['script.js'] ?? ''),
  };
  if (widget && !/^[a-z0-9_-]+$/i.test(widget.code)) throw new Error(`bad widget code ${widget.code}`);
  const seed = options.seed ?? 42;
  const random = new Random(seed);
  const accountId = options.accountId ?? 28_000_000 + random.int(0, 999_999);
  const subdomain = options.subdomain ?? 'kidburg';
  const clock = options.now ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const ids = new Ids({
    user: 5_000_000 + random.int(0, 99_999),
    pipeline: 7_000_000 + random.int(0, 99_999),
    status: 60_000_000 + random.int(0, 999_999),
    enum: 400_000 + random.int(0, 9_999),
    field: 900_000 + random.int(0, 9_999),
    catalog: 2_000 + random.int(0, 999),
    contact: 30_000_000 + random.int(0, 999_999),
    lead: 20_000_000 + random.int(0, 999_999),
    element: 170_000 + random.int(0, 9_999),
    note: 100_000_000,
    task: 40_000_000,
    webhook: 1_000 + random.int(0, 999),
  });
  const account = seedAccount(ids);
  const requests: RecordedRequest[] = [];
  const limiter = new RateLimiter(
    options.limits?.perSecond ?? 7,
    options.block ?? { after429s: 7, windowSeconds: 60, blockSeconds: 300 },
  );

  const server = createServer();
  keepConnectionsLikeTheRealServices(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;

  let core: AccountCore;
  const dispatcher = new WebhookDispatcher(() => core);
  core = {
    accountId,
    subdomain,
    base: url,
    ids,
    random,
    account,
    crm: new CrmStore(ids, account),
    links: [],
    notes: [],
    tasks: [],
    webhooks: [],
    nowMs,
    emit: (events) => dispatcher.emit(events),
  };
  const tokens = new TokenStore(
    random,
    `sim-signing-${random.hex(32)}`,
    { accountId, clientId: options.integration.clientId, host: `${subdomain}.amocrm.ru` },
    options.accessTokenTtlSeconds ?? 86_400,
  );
  const controls = createControls({
    core,
    tokens,
    limiter,
    dispatcher,
    integration: options.integration,
    host,
  });
  server.on(
    'request',
    createHandler({
      core,
      limiter,
      requests,
      tokens,
      integration: options.integration,
      accountId,
      subdomain,
      nowMs,
      userIsAdmin: (id) => account.users.some((u) => u.id === id && u.is_admin),
      ...(widget
        ? {
            widgetHost: createWidgetHost({
              core,
              widget,
              clientId: options.integration.clientId,
              mint: (userId) => controls.mintDisposableToken({ userId }),
            }),
          }
        : {}),
    }),
  );

  const state: AmocrmSimState = {
    get contacts() {
      return core.crm.contacts;
    },
    get leads() {
      return core.crm.leads;
    },
    pipelines: account.pipelines,
    users: account.users,
    customFields: account.fields,
    catalogs: account.catalogs,
    links: core.links,
    notes: core.notes,
    tasks: core.tasks,
    webhooks: core.webhooks,
    deliveries: dispatcher.deliveries,
    get refreshCount() {
      return tokens.refreshCount;
    },
    get blockedUntil() {
      limiter.isBlocked(nowMs());
      return limiter.blockedUntil;
    },
  };

  return {
    url,
    host,
    accountId,
    subdomain,
    requests,
    state,
    controls,
    hostUrl(page, pageOptions) {
      if (!widget) throw new Error('the account pages need the widget option');
      const filled = page.kind === 'advanced-settings' ? { ...page, code: page.code ?? widget.code } : page;
      return `${url}${amocrmHostPath(filled, pageOptions)}`;
    },
    async close() {
      await dispatcher.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
