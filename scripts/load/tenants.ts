import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { frameFormSchema, frameQuerySchema } from '@/lib/crm/bitrix24/inbound';
import { APP_SCOPES } from '@/lib/crm/bitrix24/setup';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { createLogger } from '@/lib/log/logger';
import type { EnqueueRequest, JobServices } from '@/lib/queue/lanes';
import { connectTenantToLimeSimulator } from '@/lib/sandbox/connect-lime-simulator';
import { type AmocrmSimulator, startAmocrmSimulator } from '@/lib/simulators/amocrm';
import { type Bitrix24Simulator, startBitrix24Simulator } from '@/lib/simulators/bitrix24';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { connectAmocrmAccount } from '@/lib/sync/amocrm/connect';
import { installFromFrame } from '@/lib/sync/bitrix24/install';
import { drainLimeInbox } from '@/lib/sync/lime/drain';
import { pollLimeFeed } from '@/lib/sync/lime/poll';
import { TEST_INTEGRATION_KEYS } from '@/tests/support/amocrm-harness';
import { TEST_APP } from '@/tests/support/bitrix24-harness';
import { runJobsInline } from '@/tests/support/inline-jobs';

/**
 * The load run's tenants, set up before the app starts the way the sandbox sets up its own: each
 * Bitrix24 portal installed through the installer frame's verified install, each amoCRM account
 * connected by its OAuth code, each tenant connected to its own Lime park (mirror filled from the
 * change feed). The jobs the set-up sends (the portal's bindings, the account's fields) run here,
 * inline, through the real job definitions. The simulators stay in this process at their real
 * limits and serve the app during the load.
 */

export const BITRIX24_APP = TEST_APP;
export const AMOCRM_KEYS = TEST_INTEGRATION_KEYS;

export interface LoadTenant {
  kind: 'bitrix24' | 'amocrm';
  tenantId: string;
  /** CRM contacts made for the load, one per CRM event or webhook it sends. */
  contactIds: number[];
  lime: { sim: LimeSimulator; connectionId: string; webhookSecret: string };
  bitrix24?: Bitrix24Simulator;
  amocrm?: { sim: AmocrmSimulator; webhookPath: string };
}

export interface SetupParams {
  database: Database;
  secrets: SecretBox;
  appUrl: string;
  perKind: number;
  contactsPerTenant: number;
}

const log = createLogger({ level: 'silent' });

export async function setUpTenants(params: SetupParams): Promise<LoadTenant[]> {
  const jobs: EnqueueRequest[] = [];
  const enqueue = async (job: EnqueueRequest) => {
    jobs.push(job);
    return `setup-${jobs.length}`;
  };
  const amocrmKeys = { ...AMOCRM_KEYS, redirectUri: `${params.appUrl}/api/amocrm/oauth/callback` };
  const services: JobServices = {
    secrets: params.secrets,
    allowHttpLoopback: true,
    crm: { appUrl: params.appUrl, bitrix24: BITRIX24_APP, amocrm: amocrmKeys },
    enqueue,
  };
  const common = {
    database: params.database,
    secrets: params.secrets,
    allowHttpLoopback: true,
    appUrl: params.appUrl,
    enqueue,
    cancelTenantJobs: async () => 0,
  };
  const tenants: LoadTenant[] = [];
  for (let i = 0; i < params.perKind; i++) {
    const sim = await startBitrix24Simulator({
      app: {
        ...BITRIX24_APP,
        installEventUrl: `${params.appUrl}/api/bitrix24/events`,
        appUrl: `${params.appUrl}/api/bitrix24/app`,
        installUrl: `${params.appUrl}/api/bitrix24/install`,
        scope: [...APP_SCOPES],
      },
      memberId: randomBytes(16).toString('hex'),
      seed: 100 + i,
    });
    // Made before the install: no event binding exists yet, so they cause no events of their own.
    const contactIds = await sim.controls.bulkAddContacts(params.contactsPerTenant, (n) => ({
      NAME: `Гость ${n + 1}`,
      LAST_NAME: `Нагрузка ${i + 1}`,
    }));
    const { query, form } = await sim.controls.install({ sendInstallEvent: false });
    const installed = await installFromFrame(
      { ...common, app: BITRIX24_APP },
      { ...frameQuerySchema.parse(query), ...frameFormSchema.parse(form) },
    );
    tenants.push({
      kind: 'bitrix24',
      tenantId: installed.tenantId,
      contactIds,
      lime: await connectLime(params, installed.tenantId, 200 + i),
      bitrix24: sim,
    });
  }
  for (let i = 0; i < params.perKind; i++) {
    const sim = await startAmocrmSimulator({
      integration: { ...amocrmKeys, disconnectUrl: `${params.appUrl}/api/amocrm/oauth/disconnect` },
      accountId: 31_000_001 + i,
      subdomain: `loadpark${i + 1}`,
      seed: 300 + i,
    });
    const contactIds: number[] = [];
    for (let n = 0; n < params.contactsPerTenant; n++)
      contactIds.push(
        await sim.controls.addContact({ first_name: `Гость ${n + 1}`, last_name: `Нагрузка ${i}` }),
      );
    const grant = sim.controls.authorize();
    const { tenantId } = await connectAmocrmAccount(
      { ...common, keys: amocrmKeys },
      { code: grant.code, referer: grant.referer, stateValid: true, fromWidget: false },
    );
    const hook = sim.state.webhooks.find((w) => w.destination.includes('/api/amocrm/webhooks/'));
    if (!hook) throw new Error('the amoCRM account has no webhook of ours');
    tenants.push({
      kind: 'amocrm',
      tenantId,
      contactIds,
      lime: await connectLime(params, tenantId, 400 + i),
      amocrm: { sim, webhookPath: new URL(hook.destination).pathname },
    });
  }
  await runJobsInline({
    database: params.database,
    services,
    jobs,
    ownTenants: new Set(tenants.map((t) => t.tenantId)),
  });
  // The state a park is in once synced: what the first mirror marked for the CRM counts as pushed.
  await params.database.query('DELETE FROM crm_outbox');
  return tenants;
}

/**
 * The tenant's own park, connected as an admin connects Lime; its history read from the change feed
 * into the mirror (what it marked for the CRM counts as pushed, below). Then the park's feed is switched off: during the load the webhooks are the only
 * way in, so the minute's poll cannot deliver an event a lost webhook carried.
 */
async function connectLime(params: SetupParams, tenantId: string, seed: number): Promise<LoadTenant['lime']> {
  const sim = await startLimeSimulator({ seed, clients: 40 });
  const deps = { database: params.database, secrets: params.secrets, allowHttpLoopback: true, log };
  const { connectionId, webhookSecret } = await connectTenantToLimeSimulator(deps, { tenantId, sim });
  for (let more = true; more; ) more = (await pollLimeFeed(deps, { tenantId, connectionId })).more;
  await drainLimeInbox(deps, { tenantId });
  sim.controls.setCapabilities({ changeFeed: false });
  return { sim, connectionId, webhookSecret };
}

export async function closeTenants(tenants: LoadTenant[]): Promise<void> {
  for (const t of tenants) {
    await t.lime.sim.close();
    await t.bitrix24?.close();
    await t.amocrm?.sim.close();
  }
}
