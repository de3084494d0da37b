import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { keepConnectionsLikeTheRealServices } from '../shared/keep-alive';
import type { AutomationStore } from './automation-store';
import type { BizprocRegistration, BizprocRun } from './bizproc-store';
import type { BookingRecord, ResourceRecord, ResourceTypeRecord, SlotRecord } from './booking-store';
import { type Bitrix24SimControls, createControls } from './controls';
import type { ProductRow } from './crm-store';
import { EventDispatcher } from './event-dispatch';
import { createHostPages, type HostPage, type HostPageOptions, hostPagePath } from './host-pages';
import { IdSource } from './ids';
import { Faults, LeakyBucket, OperatingLedger } from './limits';
import { buildMethodTable } from './methods';
import { createOAuthHandler } from './oauth-server';
import { createPortalHandler } from './portal-server';
import {
  APP_SCOPE,
  PortalState,
  type TimelineComment,
  type TimelineLogMessage,
  type TodoActivity,
} from './portal-state';
import type {
  CrmRecord,
  DeliveryRecord,
  EventBinding,
  JsonObject,
  OfflineRecord,
  PlacementBinding,
  RecordedRequest,
  SimUser,
  UserFieldDef,
} from './types';

/**
 * The Bitrix24 simulator: a portal and its authorization server as two real HTTP servers on
 * 127.0.0.1, speaking Bitrix24's protocols (REST v2 wire format, OAuth, errors, leaky bucket,
 * events and offline events, placements, CRM) with the quirks of the real thing. Tests,
 * benchmarks and the sandbox use it; production code never imports it. See README.md.
 */

export type { TriggerExecution } from './automation-store';
export type { DocumentId, WorkflowDelivery, WorkflowStart } from './bizproc-run';
export type { BizprocRegistration, BizprocReply, BizprocRun } from './bizproc-store';
export type { BookingRecord, ResourceRecord, ResourceTypeRecord, SlotRecord } from './booking-store';
export type { Bitrix24SimControls, CrmActionOptions, InstallResult } from './controls';
export type { FramePost } from './frames';
export type { HostPage, HostPageOptions } from './host-pages';
export type { FaultSpec } from './limits';
export type { TimelineComment, TimelineLogMessage, TodoActivity } from './portal-state';
export type * from './types';

export interface Bitrix24SimulatorOptions {
  /** Our Market app as registered in the vendor console. */
  app: {
    clientId: string;
    clientSecret: string;
    /** Default 'lime.bridge'. */
    code?: string;
    /** Default 1. */
    version?: number;
    /** "Installation event handler URL": ONAPPINSTALL is posted here on install. */
    installEventUrl?: string;
    /** "Application URL": the main frame once the install is finished (host page /marketplace/app/). */
    appUrl?: string;
    /** "Application installer URL": the main frame for an admin until installFinish. */
    installUrl?: string;
    /** The scopes the app is registered with; default crm, placement, user_brief. */
    scope?: string[];
  };
  /** Default: 32 hex chars derived from the seed. */
  memberId?: string;
  /** Default 42; ids and tokens are deterministic. */
  seed?: number;
  /** Leaky bucket per portal; default the real 2 req/s, 50 burst (Enterprise 5/250). Tests may shrink it and say so. */
  limits?: { rate: number; burst: number };
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 'ru'; affects LANG, the license prefix, the zone of times and the currency. */
  region?: 'ru' | 'com';
  /** Injectable clock for token expiry, TIMESTAMP_X, the leaky bucket and ONOFFLINEEVENT windows. */
  now?: () => Date;
  /** Serve the portal over https with this key/cert (webhook mode; B24Hook requires https). */
  tls?: { key: string; cert: string };
  /** Minimum seconds between ONOFFLINEEVENT pings when a binding sets no options.minTimeout; default 1 (the portal's). */
  offlinePingMinTimeoutSeconds?: number;
  /**
   * Whether the portal has the booking module (booking.v1.*, "Онлайн-запись"); default true. Without
   * it every booking method is 404 ERROR_METHOD_NOT_FOUND (`controls.setBookingModule` switches it).
   */
  bookingModule?: boolean;
  /** Ports; default 0 (free ports). */
  portalPort?: number;
  oauthPort?: number;
}

/** A read-only view of the portal for assertions. */
export interface Bitrix24SimState {
  readonly contacts: readonly CrmRecord[];
  readonly deals: readonly CrmRecord[];
  /** crm.lead.add, in id order. */
  readonly leads: readonly CrmRecord[];
  readonly userFields: {
    readonly CRM_CONTACT: readonly UserFieldDef[];
    readonly CRM_DEAL: readonly UserFieldDef[];
  };
  readonly eventBindings: readonly EventBinding[];
  readonly placements: readonly PlacementBinding[];
  readonly offlineQueue: readonly OfflineRecord[];
  readonly deliveries: readonly DeliveryRecord[];
  readonly installed: boolean;
  readonly installFinished: boolean;
  readonly applicationToken: string;
  readonly refreshCount: number;
  readonly users: readonly SimUser[];
  /** crm.timeline.comment.add, in the order they were added. */
  readonly timelineComments: readonly TimelineComment[];
  readonly timelineLogMessages: readonly TimelineLogMessage[];
  /** crm.activity.todo.add, in the order they were added. */
  readonly todoActivities: readonly TodoActivity[];
  /** Deal product rows (crm.item.productrow.set), by deal id. */
  readonly productRows: ReadonlyMap<number, readonly ProductRow[]>;
  /** Catalog products and prices (catalog.product.*, catalog.price.*), as REST answers them. */
  readonly catalogProducts: readonly JsonObject[];
  readonly catalogPrices: readonly JsonObject[];
  /** The booking module's records (booking.v1.*), in id order. */
  readonly booking: {
    readonly resourceTypes: readonly ResourceTypeRecord[];
    readonly resources: readonly ResourceRecord[];
    /** A resource's slots (booking.v1.resource.slots.set). */
    slotsOf(resourceId: number): readonly SlotRecord[];
    readonly bookings: readonly BookingRecord[];
  };
  /** The app's robots and workflow actions, and the runs that reached them (with our answers). */
  readonly bizproc: {
    readonly registrations: readonly BizprocRegistration[];
    readonly runs: readonly BizprocRun[];
  };
  /** App triggers and their executions; business-process templates and started workflows. */
  readonly automation: Pick<AutomationStore, 'triggers' | 'links' | 'executions' | 'templates' | 'started'>;
  /** The leaky bucket's current level. */
  readonly bucketLevel: number;
}

export interface Bitrix24Simulator {
  /** 'http://127.0.0.1:P' (https with tls). */
  portalUrl: string;
  /** `${portalUrl}/rest/` */
  clientEndpoint: string;
  /** '127.0.0.1:P' */
  domain: string;
  /** 'http://127.0.0.1:Q': the authorization server (oauth.bitrix.info / oauth.bitrix24.tech). */
  oauthUrl: string;
  /** `${oauthUrl}/rest/` */
  serverEndpoint: string;
  memberId: string;
  /** Every request to either server. */
  requests: RecordedRequest[];
  state: Bitrix24SimState;
  controls: Bitrix24SimControls;
  /**
   * A page of the portal at its own origin that frames our app the way Bitrix24 does (host-pages.ts):
   * `{kind: 'app'}` is the app's main page (the installer for an admin until installFinish),
   * `{kind: 'contact' | 'deal', id, tab}` a CRM card with our placement `tab` in its tab area.
   */
  hostPageUrl(page: HostPage, options?: HostPageOptions): string;
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startBitrix24Simulator(options: Bitrix24SimulatorOptions): Promise<Bitrix24Simulator> {
  const seed = options.seed ?? 42;
  const ids = new IdSource(seed);
  const now = options.now ?? (() => new Date());
  const memberId = options.memberId ?? ids.hex(32);
  let dispatcher: EventDispatcher | null = null;
  const state = new PortalState({
    ids,
    now,
    memberId,
    region: options.region ?? 'ru',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    app: {
      clientId: options.app.clientId,
      clientSecret: options.app.clientSecret,
      code: options.app.code ?? 'lime.bridge',
      version: options.app.version ?? 1,
      installEventUrl: options.app.installEventUrl ?? null,
      appUrl: options.app.appUrl ?? null,
      installUrl: options.app.installUrl ?? null,
      scope: [...(options.app.scope ?? APP_SCOPE)],
    },
    onCrmChange: (entity, action, id, actor) => dispatcher?.onCrmChange(entity, action, id, actor),
    bookingModule: options.bookingModule ?? true,
  });
  dispatcher = new EventDispatcher(state, options.offlinePingMinTimeoutSeconds ?? 1);
  const limits = options.limits ?? { rate: 2, burst: 50 };
  const bucket = new LeakyBucket(limits.rate, limits.burst, now);
  const ledger = new OperatingLedger(now);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const env = { state, dispatcher, faults, ledger, bucket, methods: buildMethodTable() };
  const controls = createControls({ state, dispatcher, faults, bucket, ledger });

  const portalHandler = createPortalHandler(env, requests, createHostPages(state, controls));
  const portal = options.tls
    ? createHttpsServer(options.tls, portalHandler)
    : createHttpServer(portalHandler);
  const oauth = createHttpServer(createOAuthHandler(state, requests));
  keepConnectionsLikeTheRealServices(portal, oauth);
  const portalPort = await listen(portal, options.portalPort ?? 0);
  const oauthPort = await listen(oauth, options.oauthPort ?? 0);

  const scheme = options.tls ? 'https' : 'http';
  const domain = `127.0.0.1:${portalPort}`;
  const portalUrl = `${scheme}://${domain}`;
  const oauthUrl = `http://127.0.0.1:${oauthPort}`;
  Object.assign(state.identity, {
    domain,
    portalUrl,
    clientEndpoint: `${portalUrl}/rest/`,
    oauthUrl,
    serverEndpoint: `${oauthUrl}/rest/`,
    oauthDomain: `127.0.0.1:${oauthPort}`,
    https: Boolean(options.tls),
  });

  const view: Bitrix24SimState = {
    get contacts() {
      return [...state.crm.contacts.values()];
    },
    get deals() {
      return [...state.crm.deals.values()];
    },
    get leads() {
      return [...state.crm.leads.values()];
    },
    userFields: state.userFields.defs,
    eventBindings: state.eventBindings,
    placements: state.placements,
    offlineQueue: state.offline.records,
    deliveries: state.deliveries,
    get installed() {
      return state.installed;
    },
    get installFinished() {
      return state.installFinished;
    },
    get applicationToken() {
      return state.applicationToken;
    },
    get refreshCount() {
      return state.refreshCount;
    },
    get users() {
      return [...state.users.values()];
    },
    timelineComments: state.timelineComments,
    timelineLogMessages: state.timelineLogMessages,
    todoActivities: state.todoActivities,
    productRows: state.crm.productRows,
    get catalogProducts() {
      return [...state.catalog.products.values()];
    },
    get catalogPrices() {
      return [...state.catalog.prices.values()];
    },
    booking: {
      get resourceTypes() {
        return [...state.booking.resourceTypes.values()];
      },
      get resources() {
        return [...state.booking.resources.values()];
      },
      slotsOf: (resourceId) => state.booking.slots.get(resourceId) ?? [],
      get bookings() {
        return [...state.booking.bookings.values()];
      },
    },
    bizproc: { registrations: state.bizproc.registrations, runs: state.bizproc.runs },
    automation: state.automation,
    get bucketLevel() {
      return bucket.current;
    },
  };

  let closing: Promise<void> | null = null;
  return {
    portalUrl,
    clientEndpoint: state.identity.clientEndpoint,
    domain,
    oauthUrl,
    serverEndpoint: state.identity.serverEndpoint,
    memberId,
    requests,
    state: view,
    controls,
    hostPageUrl: (page, pageOptions = {}) => `${portalUrl}${hostPagePath(page, pageOptions)}`,
    close() {
      closing ??= (async () => {
        await dispatcher?.settled();
        await Promise.all(
          [portal, oauth].map(
            (server) =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              }),
          ),
        );
      })();
      return closing;
    },
  };
}
