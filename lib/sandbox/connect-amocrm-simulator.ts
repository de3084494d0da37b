import type { Logger } from 'pino';
import { disableOtherLimeConnections } from '@/db/queries/lime-connections';
import { SANDBOX_AMOCRM_ACCOUNT_ID } from '@/db/queries/tenants';
import type { Runtime } from '@/lib/runtime';
import { type AmocrmSimulator, startAmocrmSimulator } from '@/lib/simulators/amocrm';
import type { LimeSimulator } from '@/lib/simulators/lime';
import { connectAmocrmAccount } from '@/lib/sync/amocrm/connect';
import type { AmocrmDeps } from '@/lib/sync/amocrm/deps';
import { POLL_JOB } from '@/lib/sync/lime/poll';
import { amocrmWidgetFiles } from '@/lib/widget/amocrm-widget-files';
import { connectTenantToLimeSimulator } from './connect-lime-simulator';
import { seedSandboxResources } from './seed-bookings';

/**
 * The sandbox's amoCRM: a simulated account in this process with our integration registered under
 * the sandbox's simulated keys (redirect URI and disconnect hook on our own APP_URL) and our widget
 * installed (script.js baked for APP_URL), connected the way the OAuth callback connects, with
 * contacts for some of the simulated park's adults and a lead on each of the first few. Its own
 * pages (a card with our widget's iframe in the right column, the lists, the advanced settings) are
 * what the sandbox page links to and what the end-to-end suite opens. The account is its own tenant,
 * connected to the same simulated park.
 */

const CONTACTS = 12;
/** The code amoCRM gives our widget in this account (amoCRM assigns it at upload). */
export const SANDBOX_WIDGET_CODE = 'lime_bridge';
const LEADS = 4;

export interface SandboxAmocrm {
  sim: AmocrmSimulator;
  tenantId: string;
  connectionId: string;
  contacts: { id: number; name: string; limeClientId: number }[];
  leads: { id: number; name: string }[];
}

export async function startSandboxAmocrm(
  runtime: Runtime,
  lime: LimeSimulator,
  log: Logger,
): Promise<SandboxAmocrm> {
  const keys = runtime.config.amocrm;
  if (!keys)
    throw new Error('The sandbox needs amoCRM keys (simulated ones are generated when none are set)');
  const base = runtime.config.appUrl;
  const sim = await startAmocrmSimulator({
    integration: {
      clientId: keys.clientId,
      clientSecret: keys.clientSecret,
      redirectUri: keys.redirectUri,
      disconnectUrl: `${base}/api/amocrm/oauth/disconnect`,
    },
    accountId: SANDBOX_AMOCRM_ACCOUNT_ID,
    port: Number(process.env.AMO_SIM_PORT ?? 0),
    widget: { code: SANDBOX_WIDGET_CODE, files: await amocrmWidgetFiles(base) },
  });
  // The account is filled before it is connected: no webhook reaches our own endpoints while this
  // start-up (which they would wait for) is still running.
  const contacts: SandboxAmocrm['contacts'] = [];
  for (const client of lime.park
    .adults()
    .filter((c) => c.phoneNumber)
    .slice(0, CONTACTS)) {
    const id = await sim.controls.addContact({
      first_name: client.firstName,
      last_name: client.lastName ?? '',
      custom_fields_values: [
        { field_code: 'PHONE', values: [{ value: `+${client.phoneNumber}`, enum_code: 'MOB' }] },
        ...(client.email
          ? [{ field_code: 'EMAIL', values: [{ value: client.email, enum_code: 'PRIV' }] }]
          : []),
      ],
    });
    contacts.push({ id, name: client.displayName, limeClientId: client.id });
  }
  const leads: SandboxAmocrm['leads'] = [];
  for (const contact of contacts.slice(0, LEADS)) {
    const name = `День рождения: ${contact.name}`;
    const id = await sim.controls.addLead({
      name,
      price: 15_000,
      _embedded: { contacts: [{ id: contact.id }] },
    });
    leads.push({ id, name });
  }

  const deps: AmocrmDeps = {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: true,
    keys,
    appUrl: base,
    enqueue: runtime.queue.enqueue,
    cancelTenantJobs: runtime.queue.cancelTenantJobs,
  };
  const grant = sim.controls.authorize();
  const { tenantId } = await connectAmocrmAccount(deps, {
    code: grant.code,
    referer: grant.referer,
    stateValid: true,
    fromWidget: false,
  });
  const { connectionId } = await connectTenantToLimeSimulator(
    { database: runtime.database, secrets: runtime.secrets, allowHttpLoopback: true },
    { tenantId, sim: lime, webhookBaseUrl: base },
  );
  await disableOtherLimeConnections(runtime.database.db, { tenantId, keepConnectionId: connectionId });
  await seedSandboxResources(runtime.database.db, tenantId);
  await runtime.queue.enqueue({ kind: POLL_JOB, tenantId, payload: { connectionId } });
  log.info(
    { account: sim.url, contacts: contacts.length, leads: leads.length },
    'sandbox amoCRM account ready',
  );
  return { sim, tenantId, connectionId, contacts, leads };
}
