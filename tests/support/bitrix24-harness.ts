import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { findTenant as findTenantRow, type Tenant } from '@/db/queries/tenants';
import { embedTokenKey } from '@/lib/auth/embed-token';
import { tabCodeKey } from '@/lib/auth/tab-code';
import { APP_SCOPES } from '@/lib/crm/bitrix24/setup';
import { createSecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest, JobServices } from '@/lib/queue/lanes';
import {
  type Bitrix24Simulator,
  type Bitrix24SimulatorOptions,
  startBitrix24Simulator,
} from '@/lib/simulators/bitrix24';
import type { Bitrix24RouteDeps } from '@/lib/sync/bitrix24/deps';
import {
  bitrix24EventsHandler,
  bitrix24FrameHandler,
  bitrix24HooksHandler,
  bitrix24InstallHandler,
  bitrix24RobotHandler,
  bitrix24WebhookConnectHandler,
} from '@/lib/sync/bitrix24/handlers';
import { runJobsInline } from './inline-jobs';
import { serveHandler } from './serve-handler';

/**
 * Our Bitrix24 endpoints served on 127.0.0.1 next to a Bitrix24 simulator that has our app
 * registered (client id and secret, the installation event handler URL), over a test database.
 * Jobs the endpoints send are kept and run on demand (`runJobs`) through the real job definitions,
 * so a test decides when the "worker" runs.
 */

export const TEST_APP = { clientId: 'app.lime-bridge.test', clientSecret: 'test-client-secret-0123456789' };

export interface Bitrix24Harness {
  sim: Bitrix24Simulator;
  appUrl: string;
  deps: Bitrix24RouteDeps;
  jobs: EnqueueRequest[];
  /** Runs this portal's queued jobs (and those they send) until none is left; returns how many ran. */
  runJobs(options?: { kinds?: string[] }): Promise<number>;
  /** The admin installs the app: the installer frame's POST to our install endpoint. */
  installViaFrame(): Promise<Response>;
  postEvent(form: Record<string, unknown> | string): Promise<Response>;
  tenant(): Promise<Tenant | null>;
  /** Our endpoints go down (the simulator's deliveries then fail) or come back on the same port. */
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  close(): Promise<void>;
}

const findTenant = (database: Database, memberId: string) =>
  findTenantRow(database.db, { kind: 'bitrix24', externalId: memberId });

function formBody(form: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const add = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) add(prefix ? `${prefix}[${key}]` : key, inner);
    } else if (value !== undefined) params.append(prefix, String(value));
  };
  add('', form);
  return params.toString();
}

export async function startBitrix24Harness(
  database: Database,
  options: {
    sim?: Partial<Bitrix24SimulatorOptions>;
    cancelTenantJobs?: (tenantId: string) => Promise<number>;
    /** Trust this CA (PEM): the simulator's https certificate in webhook mode. */
    ca?: string;
    /** The key tokens are stored under (a worker process of the test must know it); default random. */
    secretKey?: Buffer;
  } = {},
): Promise<Bitrix24Harness> {
  const secrets = createSecretBox(options.secretKey ?? randomBytes(32));
  const jobs: EnqueueRequest[] = [];
  const enqueue = async (job: EnqueueRequest) => {
    jobs.push(job);
    return `job-${jobs.length}`;
  };
  const deps: Bitrix24RouteDeps = {
    database,
    secrets,
    allowHttpLoopback: true,
    app: TEST_APP,
    appUrl: '',
    enqueue,
    cancelTenantJobs: options.cancelTenantJobs ?? (async () => 0),
    ca: options.ca,
    frameHostKey: randomBytes(32),
    embedKey: embedTokenKey(randomBytes(32)),
    tabCodeKey: tabCodeKey(randomBytes(32)),
  };
  const events = bitrix24EventsHandler(async () => deps);
  const install = bitrix24InstallHandler(async () => deps);
  const frame = bitrix24FrameHandler(async () => deps);
  const hooks = bitrix24HooksHandler(async () => deps);
  const connect = bitrix24WebhookConnectHandler(async () => deps);
  const robot = bitrix24RobotHandler(async () => deps);
  let port = 0;
  let server: Awaited<ReturnType<typeof serveHandler>> | null = null;
  const startApp = async () => {
    server = await serveHandler(
      (request, context) => {
        const path = new URL(request.url).pathname;
        const handler = path.includes('/hooks/')
          ? hooks
          : path.endsWith('/webhook-connections')
            ? connect
            : path.endsWith('/install')
              ? install
              : path.endsWith('/events')
                ? events
                : path.endsWith('/robot')
                  ? robot
                  : frame;
        return handler(request, context);
      },
      /^\/api\/bitrix24\/(?:events|install|app|placement|robot|webhook-connections|hooks\/(?<connectionId>[^/]+))$/,
      port,
    );
    port = Number(new URL(server.url).port);
    deps.appUrl = server.url;
  };
  await startApp();
  const sim = await startBitrix24Simulator({
    ...options.sim,
    app: {
      ...TEST_APP,
      installEventUrl: `${deps.appUrl}/api/bitrix24/events`,
      scope: [...APP_SCOPES],
      ...options.sim?.app,
    },
  });
  const services: JobServices = {
    secrets,
    allowHttpLoopback: true,
    crm: { appUrl: deps.appUrl, bitrix24: TEST_APP, ca: options.ca },
    enqueue,
  };

  async function runJobs(runOptions: { kinds?: string[] } = {}): Promise<number> {
    const ownTenants = new Set([
      (await findTenant(database, sim.memberId))?.id,
      (await findTenantRow(database.db, { kind: 'bitrix24_webhook', externalId: sim.domain }))?.id,
    ]);
    return runJobsInline({ database, services, jobs, ownTenants, kinds: runOptions.kinds });
  }

  return {
    sim,
    get appUrl() {
      return deps.appUrl;
    },
    deps,
    jobs,
    runJobs,
    async installViaFrame() {
      const { query, form } = await sim.controls.install({ sendInstallEvent: false });
      return fetch(`${deps.appUrl}/api/bitrix24/install?${new URLSearchParams(query)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
    },
    postEvent(form) {
      return fetch(`${deps.appUrl}/api/bitrix24/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: typeof form === 'string' ? form : formBody(form),
      });
    },
    tenant: () => findTenant(database, sim.memberId),
    async stopApp() {
      await server?.close();
      server = null;
    },
    startApp,
    async close() {
      await server?.close();
      await sim.close();
    },
  };
}

export { formBody };
