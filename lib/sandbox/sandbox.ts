import type { Logger } from 'pino';
import { disableOtherLimeConnections } from '@/db/queries/lime-connections';
import { SANDBOX_DOMAIN, SANDBOX_MEMBER_ID, upsertTenant } from '@/db/queries/tenants';
import type { Runtime } from '@/lib/runtime';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { POLL_JOB } from '@/lib/sync/lime/poll';
import { type SandboxAmocrm, startSandboxAmocrm } from './connect-amocrm-simulator';
import { type SandboxBitrix24, startSandboxBitrix24 } from './connect-bitrix24-simulator';
import { connectTenantToLimeSimulator } from './connect-lime-simulator';
import { seedSandboxResources } from './seed-bookings';

/**
 * The sandbox (SANDBOX=on): the Lime simulator runs inside the web process, a sandbox tenant is
 * connected to it exactly as a real park would be (webhooks to our own public URL, the change
 * feed polled), and the simulated park stays busy so data visibly flows in. A simulated Bitrix24
 * portal has the app installed, with contacts for some of the park's adults (its member_id is the
 * sandbox tenant's, so its cards show that park); a simulated amoCRM account, a tenant of its own
 * connected to the same park, has our integration and widget. Both tenants have halls and staff to
 * book from their deal cards.
 */

export interface Sandbox {
  tenantId: string;
  connectionId: string;
  lime: LimeSimulator;
  bitrix24: SandboxBitrix24;
  amocrm: SandboxAmocrm;
  stop(): Promise<void>;
}

/** The simulated portal's member_id is the sandbox tenant's: its Lime connection serves its cards. */
export const SANDBOX_TENANT = {
  kind: 'bitrix24' as const,
  externalId: SANDBOX_MEMBER_ID,
  domain: SANDBOX_DOMAIN,
};
const ACTIVITY_EVERY_MS = 5_000;

const holder = globalThis as typeof globalThis & { __limeBridgeSandbox?: Promise<Sandbox> };

export function getSandbox(): Promise<Sandbox> | null {
  return holder.__limeBridgeSandbox ?? null;
}

export function startSandbox(runtime: Runtime): Promise<Sandbox> {
  holder.__limeBridgeSandbox ??= boot(runtime);
  return holder.__limeBridgeSandbox;
}

async function boot(runtime: Runtime): Promise<Sandbox> {
  const log: Logger = runtime.log.child({ sandbox: true });
  const lime = await startLimeSimulator({
    port: Number(process.env.LIME_SIM_PORT ?? 0),
    clients: 120,
    onWebhookDelivery: (report) => {
      if (!report.ok) log.warn({ report }, 'sandbox webhook delivery failed');
    },
  });
  const tenant = await upsertTenant(runtime.database.db, SANDBOX_TENANT);
  await seedSandboxResources(runtime.database.db, tenant.id);
  const deps = { database: runtime.database, secrets: runtime.secrets, allowHttpLoopback: true };
  const { connectionId } = await connectTenantToLimeSimulator(deps, {
    tenantId: tenant.id,
    sim: lime,
    webhookBaseUrl: runtime.config.appUrl,
  });
  // Each start runs a new simulated park: the previous ones' connections would poll dead ports.
  await disableOtherLimeConnections(runtime.database.db, {
    tenantId: tenant.id,
    keepConnectionId: connectionId,
  });
  const bitrix24 = await startSandboxBitrix24(runtime, lime, log);
  const amocrm = await startSandboxAmocrm(runtime, lime, log);
  // History arrives through the change feed; what happens from now on arrives as webhooks too.
  await runtime.queue.enqueue({ kind: POLL_JOB, tenantId: tenant.id, payload: { connectionId } });
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      lime.controls.randomActivity(3);
      await lime.controls.deliverWebhooks();
    } catch (error) {
      log.warn({ err: error }, 'sandbox activity failed');
    } finally {
      busy = false;
    }
  }, ACTIVITY_EVERY_MS);
  timer.unref();
  log.info({ lime: lime.url, tenantId: tenant.id }, 'sandbox started');
  return {
    tenantId: tenant.id,
    connectionId,
    lime,
    bitrix24,
    amocrm,
    async stop() {
      clearInterval(timer);
      await lime.close();
      await bitrix24.sim.close();
      await amocrm.sim.close();
    },
  };
}
