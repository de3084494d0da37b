import type { Database } from '@/db/client';
import { findMirrorClient, getClientBalances, getClientChildren } from '@/db/queries/lime-client-card';
import type { CrmContact, CrmPort } from '@/lib/crm/crm-port';

/**
 * The rows a user ticked in a CRM list (amoCRM contacts or leads), each matched to its Lime client in
 * the mirror the way a card is (Lime id on the contact, else phone, else e-mail): who they are in
 * Lime, balances, last visit. What the list tools (mass bonus credit, a manual mailing) act on.
 */

export interface SelectionClient {
  id: number;
  name: string;
  phone: string | null;
  children: number;
  /** Kopecks; null until Lime reported a balance. */
  deposit: number | null;
  bonus: number | null;
  lastVisitAt: string | null;
}

export interface SelectionRow {
  /** The ticked row's id in the CRM (contact or lead). */
  id: string;
  /** The contact's name, or the lead's title. */
  title: string;
  contact: { id: string; name: string; phone: string | null } | null;
  client: SelectionClient | null;
}

export interface SelectionView {
  type: 'contact' | 'lead';
  rows: SelectionRow[];
  /** Ticked rows the CRM no longer has. */
  missing: number;
  matched: number;
}

const contactName = (c: CrmContact) => [c.firstName, c.lastName].filter(Boolean).join(' ');

async function limeClientOf(db: Database['db'], tenantId: string, contact: CrmContact) {
  const client = await findMirrorClient(db, {
    tenantId,
    limeClientId: contact.limeClientId,
    phones: contact.phones,
    emails: contact.emails,
  });
  if (!client) return null;
  const scope = { tenantId, connectionId: client.connectionId, clientId: client.id };
  const [children, balances] = await Promise.all([
    getClientChildren(db, scope),
    getClientBalances(db, scope),
  ]);
  return {
    id: client.id,
    name: client.displayName,
    phone: client.phone,
    children: children.length,
    deposit: balances?.depositKopecks ?? null,
    bonus: balances?.bonusKopecks ?? null,
    lastVisitAt: client.lastVisitAt ? new Date(client.lastVisitAt).toISOString() : null,
  } satisfies SelectionClient;
}

export async function getSelection(
  deps: { database: Database; crm: CrmPort },
  params: { tenantId: string; type: 'contact' | 'lead'; ids: string[] },
): Promise<SelectionView> {
  const { db } = deps.database;
  const deals = params.type === 'lead' ? await deps.crm.getDealSummaries(params.ids) : [];
  const contactIds =
    params.type === 'contact' ? params.ids : deals.flatMap((d) => (d.contactIds[0] ? [d.contactIds[0]] : []));
  const contacts = new Map(
    (await deps.crm.getContacts([...new Set(contactIds)])).map((c) => [c.id, c] as const),
  );
  const clients = new Map<string, SelectionClient | null>();
  for (const contact of contacts.values()) {
    clients.set(contact.id, await limeClientOf(db, params.tenantId, contact));
  }
  const rowOf = (id: string, title: string, contact: CrmContact | undefined): SelectionRow => ({
    id,
    title,
    contact: contact
      ? { id: contact.id, name: contactName(contact), phone: contact.phones[0] ?? null }
      : null,
    client: contact ? (clients.get(contact.id) ?? null) : null,
  });
  const rows =
    params.type === 'contact'
      ? params.ids.flatMap((id) => {
          const contact = contacts.get(id);
          return contact ? [rowOf(id, contactName(contact), contact)] : [];
        })
      : deals.map((deal) => rowOf(deal.id, deal.title, contacts.get(deal.contactIds[0] ?? '')));
  return {
    type: params.type,
    rows,
    missing: params.ids.length - rows.length,
    matched: rows.filter((r) => r.client !== null).length,
  };
}
