import type { Database } from '@/db/client';
import { findMirrorClient, getClientBalances, getClientChildren } from '@/db/queries/lime-client-card';
import { listRecentTransactions } from '@/db/queries/lime-mirror';
import type { CrmPort } from '@/lib/crm/crm-port';
import type { LimeTransactionLine, TransactionType } from '@/lib/domain/lime';
import { NotFoundError } from '@/lib/http/errors';

/**
 * What a CRM contact card shows of Lime, in either CRM: the contact is read through CrmPort, the
 * Lime client found in the mirror (by the Lime id we wrote on the contact, else phone, else e-mail),
 * with the children, balances and last 10 transactions. Amounts stay in kopecks; the page formats.
 */

export const CARD_TRANSACTIONS = 10;

export interface ClientCard {
  contact: { id: string; name: string };
  client: {
    id: number;
    name: string;
    phone: string | null;
    email: string | null;
    birthDate: string | null;
    category: string | null;
    cards: string[];
    lastVisitAt: string | null;
    children: { id: number; name: string; birthDate: string | null; relation: string | null }[];
    balances: { deposit: number; bonus: number; bonusExpiresAt: string | null } | null;
    transactions: {
      id: number;
      type: TransactionType;
      occurredAt: string;
      total: number;
      lines: { name: string; quantity: number; total: number }[];
      servicePoint: string | null;
    }[];
  } | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export async function getContactCard(
  deps: { database: Database; crm: CrmPort },
  params: { tenantId: string; contactId: string },
): Promise<ClientCard> {
  const [contact] = await deps.crm.getContacts([params.contactId]);
  if (!contact) throw new NotFoundError('This contact no longer exists in the CRM');
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  const client = await findMirrorClient(deps.database.db, {
    tenantId: params.tenantId,
    limeClientId: contact.limeClientId,
    phones: contact.phones,
    emails: contact.emails,
  });
  if (!client) return { contact: { id: contact.id, name }, client: null };
  const scope = { tenantId: params.tenantId, connectionId: client.connectionId, clientId: client.id };
  const [children, balances, transactions] = await Promise.all([
    getClientChildren(deps.database.db, scope),
    getClientBalances(deps.database.db, scope),
    listRecentTransactions(deps.database.db, { ...scope, limit: CARD_TRANSACTIONS }),
  ]);
  return {
    contact: { id: contact.id, name },
    client: {
      id: client.id,
      name: client.displayName,
      phone: client.phone,
      email: client.email,
      birthDate: client.birthDate,
      category: client.category,
      cards: client.cardUids,
      lastVisitAt: iso(client.lastVisitAt),
      children: children.map((child) => ({
        id: child.id,
        name: [child.firstName, child.lastName].filter(Boolean).join(' '),
        birthDate: child.birthDate,
        relation: child.relation,
      })),
      balances: balances && {
        deposit: balances.depositKopecks,
        bonus: balances.bonusKopecks,
        bonusExpiresAt: iso(balances.bonusExpiresAt),
      },
      transactions: transactions.map((tx) => ({
        id: tx.id,
        type: tx.type as TransactionType,
        occurredAt: iso(tx.occurredAt) as string,
        total: tx.totalKopecks,
        lines: (tx.lines as LimeTransactionLine[]).map((line) => ({
          name: line.name,
          quantity: line.quantity,
          total: line.total,
        })),
        servicePoint: (tx.servicePoint as { name?: string } | null)?.name ?? null,
      })),
    },
  };
}
