import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { findTenant } from '@/db/queries/tenants';
import { embedTokenKey } from '@/lib/auth/embed-token';
import { createSecretBox, type SecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest, JobServices } from '@/lib/queue/lanes';
import {
  type AmocrmSimulator,
  type AmocrmSimulatorOptions,
  startAmocrmSimulator,
} from '@/lib/simulators/amocrm';
import {
  type AmocrmRouteDeps,
  amocrmDisconnectHandler,
  amocrmEmbedSessionHandlers,
  amocrmOAuthCallbackHandler,
  amocrmOAuthStartHandler,
  amocrmWebhookHandler,
} from '@/lib/sync/amocrm/handlers';
import { runJobsInline } from './inline-jobs';
import { serveHandler } from './serve-handler';

/**
 * Our amoCRM endpoints on 127.0.0.1 next to an amoCRM simulator that has our integration registered
 * (redirect URI and disconnect hook on these endpoints), over a test database. Jobs are kept and run
 * on demand through the real job definitions.
 */

export const TEST_INTEGRATION_KEYS = {
  clientId: 'c0ffee00-1111-4222-8333-444455556666',
  clientSecret: 'amocrm-test-secret-0123456789abcdef',
};

export interface AmocrmHarness {
  sim: AmocrmSimulator;
  appUrl: string;
  deps: AmocrmRouteDeps;
  jobs: EnqueueRequest[];
  runJobs(): Promise<number>;
  /** The admin connects: our start → amoCRM's consent (the simulator) → our callback. */
  connect(): Promise<Response>;
  tenantId(): Promise<string | null>;
  /** What the CRM flows need to reach this account through our adapter (crmForTenant). */
  crmDeps(): {
    database: Database;
    secrets: AmocrmRouteDeps['secrets'];
    allowHttpLoopback: true;
    bitrix24App: null;
    amocrmKeys: AmocrmRouteDeps['keys'];
  };
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  close(): Promise<void>;
}

export async function startAmocrmHarness(
  database: Database,
  options: {
    sim?: Partial<AmocrmSimulatorOptions>;
    cancelTenantJobs?: (tenantId: string) => Promise<number>;
    /** The secret box tokens are stored with (the app's own, when a test serves the real routes). */
    secrets?: SecretBox;
  } = {},
): Promise<AmocrmHarness> {
  const jobs: EnqueueRequest[] = [];
  const enqueue = async (job: EnqueueRequest) => {
    jobs.push(job);
    return `job-${jobs.length}`;
  };
  const deps: AmocrmRouteDeps = {
    database,
    secrets: options.secrets ?? createSecretBox(randomBytes(32)),
    allowHttpLoopback: true,
    keys: null,
    appUrl: '',
    enqueue,
    cancelTenantJobs: options.cancelTenantJobs ?? (async () => 0),
    embedKey: embedTokenKey(randomBytes(32)),
    stateKey: randomBytes(32),
    frameHostKey: randomBytes(32),
  };
  const get = async () => deps;
  const routes = {
    start: amocrmOAuthStartHandler(get),
    callback: amocrmOAuthCallbackHandler(get),
    disconnect: amocrmDisconnectHandler(get),
    session: amocrmEmbedSessionHandlers(get),
    webhook: amocrmWebhookHandler(get),
  };
  let port = 0;
  let server: Awaited<ReturnType<typeof serveHandler>> | null = null;
  const startApp = async () => {
    server = await serveHandler(
      (request, context) => {
        const path = new URL(request.url).pathname;
        if (path.includes('/webhooks/')) return routes.webhook(request, context);
        if (path.endsWith('/embed-session'))
          return (request.method === 'OPTIONS' ? routes.session.OPTIONS : routes.session.POST)(
            request,
            context,
          );
        if (path.endsWith('/start')) return routes.start(request, context);
        if (path.endsWith('/callback')) return routes.callback(request, context);
        return routes.disconnect(request, context);
      },
      /^\/api\/amocrm\/(?:oauth\/(?:start|callback|disconnect)|embed-session|webhooks\/(?<secret>[^/]+))$/,
      port,
    );
    port = Number(new URL(server.url).port);
    deps.appUrl = server.url;
  };
  await startApp();
  const integration = {
    ...TEST_INTEGRATION_KEYS,
    redirectUri: `${deps.appUrl}/api/amocrm/oauth/callback`,
    disconnectUrl: `${deps.appUrl}/api/amocrm/oauth/disconnect`,
  };
  deps.keys = integration;
  const sim = await startAmocrmSimulator({
    ...options.sim,
    integration: { ...integration, ...options.sim?.integration },
  });
  const services: JobServices = {
    secrets: deps.secrets,
    allowHttpLoopback: true,
    crm: { appUrl: deps.appUrl, bitrix24: null, amocrm: integration },
    enqueue,
  };
  const tenantId = async () =>
    (await findTenant(database.db, { kind: 'amocrm', externalId: String(sim.accountId) }))?.id ?? null;
  return {
    sim,
    get appUrl() {
      return deps.appUrl;
    },
    deps,
    jobs,
    async runJobs() {
      return runJobsInline({ database, services, jobs, ownTenants: new Set([await tenantId()]) });
    },
    async connect() {
      const start = await fetch(`${deps.appUrl}/api/amocrm/oauth/start`, { redirect: 'manual' });
      const state = new URL(start.headers.get('location') as string).searchParams.get('state') as string;
      const redirect = sim.controls.authorize({ state });
      const query = new URLSearchParams({
        code: redirect.code,
        referer: redirect.referer,
        state: redirect.state ?? '',
      });
      return fetch(`${deps.appUrl}/api/amocrm/oauth/callback?${query}`, { redirect: 'manual' });
    },
    tenantId,
    crmDeps: () => ({
      database,
      secrets: deps.secrets,
      allowHttpLoopback: true,
      bitrix24App: null,
      amocrmKeys: deps.keys,
    }),
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
