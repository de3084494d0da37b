import { and, desc, eq, sql } from 'drizzle-orm';
import { limeAppliedEvents, limeClients, limeGoods, limeTransactions } from '@/db/schema-lime';
import type { Kopecks } from '@/lib/domain/money';
import { getRuntime } from '@/lib/runtime';
import { getSandbox } from './sandbox';
import { type LimeRecords, limeRecords } from './sandbox-lime-records';

export interface SandboxView {
  limeUrl: string;
  /** The simulated Bitrix24 portal: its app page and contact cards, each framing our pages. */
  bitrix24: {
    portalUrl: string;
    appPageUrl: string;
    contacts: { id: number; name: string; limeClientId: number; cardUrl: string }[];
    deals: { id: number; name: string; cardUrl: string }[];
  };
  /** The simulated amoCRM account: its cards, lists and widget settings, each running our widget. */
  amocrm: {
    contacts: { id: number; name: string; cardUrl: string }[];
    leads: { id: number; name: string; cardUrl: string }[];
    contactsListUrl: string;
    leadsListUrl: string;
    settingsUrl: string;
  };
  counts: { goods: number; clients: number; transactions: number; events: number };
  parkEvents: number;
  /** The simulated Lime's own pre-orders and bonus credits (not the mirror). */
  lime: LimeRecords;
  transactions: {
    id: number;
    type: string;
    occurredAt: Date;
    total: Kopecks;
    client: string | null;
    lines: number;
  }[];
}

/** What the sandbox page shows: the mirror of the simulated park, newest first. */
export async function getSandboxView(): Promise<SandboxView | null> {
  const sandbox = await getSandbox();
  if (!sandbox) return null;
  const { db } = (await getRuntime()).database;
  const scope = { tenantId: sandbox.tenantId, connectionId: sandbox.connectionId };
  const count = async (
    table: typeof limeGoods | typeof limeClients | typeof limeTransactions | typeof limeAppliedEvents,
  ) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(and(eq(table.tenantId, scope.tenantId), eq(table.connectionId, scope.connectionId)));
    return Number(row?.n ?? 0);
  };
  const rows = await db
    .select({
      id: limeTransactions.id,
      type: limeTransactions.type,
      occurredAt: limeTransactions.occurredAt,
      total: limeTransactions.totalKopecks,
      lines: sql<number>`jsonb_array_length(${limeTransactions.lines})`,
      client: limeClients.displayName,
    })
    .from(limeTransactions)
    .leftJoin(
      limeClients,
      and(
        eq(limeClients.connectionId, limeTransactions.connectionId),
        eq(limeClients.id, limeTransactions.clientId),
      ),
    )
    .where(
      and(
        eq(limeTransactions.tenantId, scope.tenantId),
        eq(limeTransactions.connectionId, scope.connectionId),
      ),
    )
    .orderBy(desc(limeTransactions.occurredAt), desc(limeTransactions.id))
    .limit(15);
  const b24 = sandbox.bitrix24;
  const amo = sandbox.amocrm;
  return {
    limeUrl: sandbox.lime.url,
    bitrix24: {
      portalUrl: b24.sim.portalUrl,
      appPageUrl: b24.sim.hostPageUrl({ kind: 'app' }),
      contacts: b24.contacts.map((c) => ({
        id: c.id,
        name: c.name,
        limeClientId: c.limeClientId,
        cardUrl: b24.sim.hostPageUrl({ kind: 'contact', id: c.id, tab: 'CRM_CONTACT_DETAIL_TAB' }),
      })),
      deals: b24.deals.map((d) => ({
        id: d.id,
        name: d.name,
        cardUrl: b24.sim.hostPageUrl({ kind: 'deal', id: d.id, tab: 'CRM_DEAL_DETAIL_TAB' }),
      })),
    },
    amocrm: {
      contacts: amo.contacts.map((c) => ({
        id: c.id,
        name: c.name,
        cardUrl: amo.sim.hostUrl({ kind: 'contact', id: c.id }),
      })),
      leads: amo.leads.map((l) => ({
        id: l.id,
        name: l.name,
        cardUrl: amo.sim.hostUrl({ kind: 'lead', id: l.id }),
      })),
      contactsListUrl: amo.sim.hostUrl({ kind: 'contacts-list' }),
      leadsListUrl: amo.sim.hostUrl({ kind: 'leads-list' }),
      settingsUrl: amo.sim.hostUrl({ kind: 'advanced-settings' }),
    },
    counts: {
      goods: await count(limeGoods),
      clients: await count(limeClients),
      transactions: await count(limeTransactions),
      events: await count(limeAppliedEvents),
    },
    parkEvents: sandbox.lime.park.events.length,
    lime: limeRecords(sandbox.lime.park),
    transactions: rows.map((r) => ({ ...r, lines: Number(r.lines), total: Number(r.total) })),
  };
}

/** "A visitor buys", "passes the turnstile", "edits a client": make something happen in the park. */
export async function sandboxAct(action: 'buy' | 'pass' | 'edit'): Promise<void> {
  const sandbox = await getSandbox();
  if (!sandbox) return;
  const { controls, park } = sandbox.lime;
  const adults = park.adults();
  const client = adults[Math.floor(Math.random() * adults.length)];
  if (!client) return;
  if (action === 'buy') controls.visitorBuys(client.id);
  if (action === 'pass') controls.passesTurnstile(client.id);
  if (action === 'edit')
    controls.editsClient(client.id, { email: `guest${Date.now() % 100000}@kidburg.example.ru` });
  await controls.deliverWebhooks();
}
