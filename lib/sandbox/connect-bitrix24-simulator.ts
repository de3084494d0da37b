import type { Logger } from 'pino';
import { SANDBOX_MEMBER_ID } from '@/db/queries/tenants';
import { embedTokenKey } from '@/lib/auth/embed-token';
import { tabCodeKey } from '@/lib/auth/tab-code';
import { frameFormSchema, frameQuerySchema } from '@/lib/crm/bitrix24/inbound';
import { APP_SCOPES } from '@/lib/crm/bitrix24/setup';
import { frameHostKey } from '@/lib/http/frame-host';
import type { Runtime } from '@/lib/runtime';
import { type Bitrix24Simulator, startBitrix24Simulator } from '@/lib/simulators/bitrix24';
import type { LimeSimulator } from '@/lib/simulators/lime';
import type { Bitrix24RouteDeps } from '@/lib/sync/bitrix24/deps';
import { installFromFrame } from '@/lib/sync/bitrix24/install';

/**
 * The sandbox's Bitrix24: a simulated portal in this process with our app registered under the
 * sandbox's simulated keys (handler URLs on our own APP_URL), installed the way the installer frame
 * installs it, with contacts for some of the simulated park's adults, so a contact card shows their
 * Lime side, and a deal for each of the first few (the deal tab books halls and staff). Its host
 * pages (a simulated Bitrix24 card around our frames) are what the sandbox page links to, and what
 * the end-to-end suite opens.
 */

const CONTACTS = 12;
/** Deals of the first few contacts, for booking a hall and staff from the deal card's tab. */
const DEALS = 4;

export interface SandboxBitrix24 {
  sim: Bitrix24Simulator;
  /** CRM contact id → the Lime adult it was made for. */
  contacts: { id: number; name: string; limeClientId: number }[];
  deals: { id: number; name: string }[];
}

export async function startSandboxBitrix24(
  runtime: Runtime,
  lime: LimeSimulator,
  log: Logger,
): Promise<SandboxBitrix24> {
  const app = runtime.config.bitrix24;
  if (!app)
    throw new Error('The sandbox needs Bitrix24 app keys (simulated ones are generated when none are set)');
  const base = runtime.config.appUrl;
  const sim = await startBitrix24Simulator({
    app: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      installEventUrl: `${base}/api/bitrix24/events`,
      appUrl: `${base}/api/bitrix24/app`,
      installUrl: `${base}/api/bitrix24/install`,
      scope: [...APP_SCOPES],
    },
    memberId: SANDBOX_MEMBER_ID,
    portalPort: Number(process.env.B24_SIM_PORT ?? 0),
  });
  const deps: Bitrix24RouteDeps = {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: true,
    app,
    appUrl: base,
    enqueue: runtime.queue.enqueue,
    cancelTenantJobs: runtime.queue.cancelTenantJobs,
    frameHostKey: frameHostKey(runtime.config.encryptionKey),
    embedKey: embedTokenKey(runtime.config.encryptionKey),
    tabCodeKey: tabCodeKey(runtime.config.encryptionKey),
  };
  // What the installer frame does, without a browser: the same verified install and binding.
  const { query, form } = await sim.controls.install({ sendInstallEvent: false });
  const result = await installFromFrame(deps, {
    ...frameQuerySchema.parse(query),
    ...frameFormSchema.parse(form),
  });
  if (result.setupError) log.warn({ error: result.setupError }, 'sandbox Bitrix24 setup will be retried');

  const contacts: SandboxBitrix24['contacts'] = [];
  for (const client of lime.park
    .adults()
    .filter((c) => c.phoneNumber)
    .slice(0, CONTACTS)) {
    const id = await sim.controls.addContact({
      NAME: client.firstName,
      LAST_NAME: client.lastName,
      PHONE: [{ VALUE: `+${client.phoneNumber}`, VALUE_TYPE: 'MOBILE' }],
      ...(client.email ? { EMAIL: [{ VALUE: client.email, VALUE_TYPE: 'HOME' }] } : {}),
    });
    contacts.push({ id, name: client.displayName, limeClientId: client.id });
  }
  const deals: SandboxBitrix24['deals'] = [];
  for (const contact of contacts.slice(0, DEALS)) {
    const name = `День рождения: ${contact.name}`;
    const id = await sim.controls.addDeal({ TITLE: name, CONTACT_ID: contact.id, OPPORTUNITY: 15_000 });
    deals.push({ id, name });
  }
  // Only now: until installFinish the portal delivers no events. Events posted to our own endpoints
  // while this start-up is still running would wait for it: a deadlock.
  sim.controls.installFinish();
  log.info(
    { portal: sim.portalUrl, contacts: contacts.length, deals: deals.length },
    'sandbox Bitrix24 portal ready',
  );
  return { sim, contacts, deals };
}
