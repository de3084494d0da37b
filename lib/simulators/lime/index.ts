import type { AddressInfo } from 'node:net';
import { IANAZone } from 'luxon';
import { Auth } from './auth';
import { API_USER_ID, PROCESSING_ID } from './catalog';
import { createControlApi } from './control-api';
import { createControls, type LimeSimulatorControls } from './controls';
import { Faults } from './faults';
import { seedPark } from './park-seed';
import { ParkState } from './park-state';
import { Prng } from './prng';
import { assumedRoutes } from './routes-assumed';
import { clientRoutes } from './routes-clients';
import { observedRoutes } from './routes-observed';
import { createLimeServer, type RecordedRequest } from './server';
import type { JsonValue, SimCapabilities, SimPark } from './types';
import { type DeliveryReport, WebhookDeliverer } from './webhooks';

/**
 * The Lime simulator: a real HTTP server on 127.0.0.1 speaking Lime's API as docs/lime-api.md
 * describes it (observed calls, assumed calls, quirks, errors), over a deterministic park.
 * Tests, benchmarks and the sandbox use it; production code never imports it.
 */

export type { LimeSimulatorControls } from './controls';
export type { FaultKind, FaultSpec } from './faults';
export type { RecordedRequest } from './server';
export type * from './types';
export type { DeliverOptions, DeliveryReport } from './webhooks';
export { signature as webhookSignature } from './webhooks';

export interface LimeSimulatorOptions {
  /** 0/undefined = a random free port. */
  port?: number;
  /** Deterministic park; default 42. */
  seed?: number;
  /** Adults (≈40% with 1–3 children, who are clients too); default 300. */
  clients?: number;
  /** Venue zone; default 'Europe/Moscow'. */
  timeZone?: string;
  installationId?: number;
  cashdeskId?: number;
  /** Access-token lifetime; default 3600. */
  tokenTtlSeconds?: number;
  /** Injectable clock; default () => new Date(). */
  now?: () => Date;
  /** Seed past transactions, pre-orders and events; default true. */
  history?: boolean;
  /** Deliver pending webhooks every this many ms (0/undefined: only on deliverWebhooks()). */
  webhookIntervalMs?: number;
  /** Called after every webhook delivery attempt. */
  onWebhookDelivery?: (report: DeliveryReport) => void;
}

export interface LimeSimulator {
  url: string;
  installationId: number;
  cashdeskId: number;
  processingId: number;
  apiUserId: number;
  depositGoodTypeId: number;
  bonusGoodTypeId: number;
  timeZone: string;
  /** `token`: the LimeToken value; `login` (an e-mail; `loginPhone` works too) and `password` for /connect/token. */
  credentials: { token: string; login: string; password: string; loginPhone: string };
  park: SimPark;
  controls: LimeSimulatorControls;
  /** The capabilities now in force (change them with controls.setCapabilities). */
  capabilities: Readonly<SimCapabilities>;
  /** Every request to Lime's API and token endpoint (not /__sim/), the last 5,000. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLimeSimulator(options: LimeSimulatorOptions = {}): Promise<LimeSimulator> {
  const seed = options.seed ?? 42;
  const timeZone = options.timeZone ?? 'Europe/Moscow';
  if (!IANAZone.isValidZone(timeZone)) throw new Error(`Unknown time zone "${timeZone}"`);
  const installationId = options.installationId ?? 2;
  const cashdeskId = options.cashdeskId ?? 10;
  const now = options.now ?? (() => new Date());

  const park = new ParkState({ seed, timeZone, installationId, cashdeskId, now });
  seedPark(park, { seed, clients: options.clients ?? 300, history: options.history ?? true });

  const credentials = {
    token: new Prng(seed).fork(3).uuid(),
    login: 'crm-bridge@kidburg.example.ru',
    loginPhone: '79990000001',
    password: 'Kidburg-sim-2026',
  };
  const auth = new Auth({
    token: credentials.token,
    logins: [credentials.login, credentials.loginPhone],
    password: credentials.password,
    ttlSeconds: options.tokenTtlSeconds ?? 3600,
    now,
  });
  const faults = new Faults();
  const capabilities: SimCapabilities = {
    assumed: true,
    changeFeed: true,
    preorders: true,
    bonusAccruals: true,
    webhooks: true,
  };
  const webhooks = new WebhookDeliverer(park, seed, options.onWebhookDelivery);
  const controls = createControls({ park, auth, faults, capabilities, webhooks });
  const requests: RecordedRequest[] = [];
  let url = '';

  const summary = (): JsonValue => ({
    url,
    installationId,
    cashdeskId,
    processingId: PROCESSING_ID,
    apiUserId: API_USER_ID,
    depositGoodTypeId: park.depositGoodTypeId,
    bonusGoodTypeId: park.bonusGoodTypeId,
    timeZone,
    credentials,
    capabilities: { ...capabilities },
    counts: {
      clients: park.clients.size,
      goods: [...park.goods.values()].filter((g) => !g.deleted).length,
      transactions: park.transactions.length,
      preorders: park.preorders.size,
      events: park.events.length,
      webhooks: park.webhooks.size,
    },
    lastEventId: park.events[park.events.length - 1]?.id ?? null,
    sampleClients: sampleClients(park),
  });

  const { server, held } = createLimeServer({
    park,
    auth,
    faults,
    capabilities,
    routes: [...observedRoutes, ...clientRoutes(timeZone), ...assumedRoutes(timeZone)],
    requests,
    control: createControlApi(park, controls, summary),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const timer =
    options.webhookIntervalMs && options.webhookIntervalMs > 0
      ? setInterval(() => {
          void webhooks.deliver({ backoff: true });
        }, options.webhookIntervalMs)
      : null;
  timer?.unref();

  let closing: Promise<void> | null = null;
  return {
    url,
    installationId,
    cashdeskId,
    processingId: PROCESSING_ID,
    apiUserId: API_USER_ID,
    depositGoodTypeId: park.depositGoodTypeId,
    bonusGoodTypeId: park.bonusGoodTypeId,
    timeZone,
    credentials,
    park,
    controls,
    capabilities,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        for (const res of held) res.socket?.destroy();
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function sampleClients(park: ParkState): JsonValue[] {
  return park
    .adults()
    .filter((c) => park.relationsOf(c.id).length > 0 && c.phoneNumber && c.email && c.cardIds.length > 0)
    .slice(0, 5)
    .map((c) => ({
      id: c.id,
      name: c.displayName,
      phoneNumber: c.phoneNumber,
      email: c.email,
      cardUid: park.cards.get(c.cardIds[0] ?? 0)?.uid ?? null,
      children: park.relationsOf(c.id).map((r) => r.childId),
      balances: { deposit: park.balances(c.id).deposit, bonus: park.balances(c.id).bonus },
    }));
}
