import type { Database } from '@/db/client';
import { listParentsOf } from '@/db/queries/crm-push-reads';
import { getLimeConnection } from '@/db/queries/lime-connections';
import { findLinksByLime } from '@/db/queries/links';
import type { CrmProductRow } from '@/lib/crm/crm-port';
import type { LimeTransactionLine } from '@/lib/domain/lime';
import { kopecks } from '@/lib/domain/money';

/**
 * What the pushes that make deals (transactions, pre-orders) share: since when Lime's records are
 * ours to push, the contact a client's deal goes to, and lines as product rows.
 */

type Db = Database['db'];
type Scope = { tenantId: string; connectionId: string };

/**
 * The moment the Lime connection was made, in ms, at Lime's resolution (whole seconds: a record of
 * the very second counts); what happened before is history, the import's. No connection: never.
 */
export async function connectedSince(db: Db, scope: Scope): Promise<number> {
  const connection = await getLimeConnection(db, scope);
  return connection
    ? Math.floor(new Date(connection.createdAt).getTime() / 1000) * 1000
    : Number.POSITIVE_INFINITY;
}

/** The contact of each client: its own, or for a child its first parent's. Clients without one are left out. */
export async function contactsOfClients(
  db: Db,
  scope: Scope,
  clientIds: (number | null)[],
): Promise<Map<number, string>> {
  const ids = [...new Set(clientIds.filter((id): id is number => id !== null))];
  const parents = await listParentsOf(db, { ...scope, childIds: ids });
  const links = await findLinksByLime(db, {
    tenantId: scope.tenantId,
    limeType: 'client',
    crmEntity: 'contact',
    limeIds: [...new Set([...ids, ...parents.values()])].map(String),
  });
  const contacts = new Map<number, string>();
  for (const id of ids) {
    const parent = parents.get(id);
    const contact =
      links.get(String(id))?.crmId ?? (parent === undefined ? undefined : links.get(String(parent))?.crmId);
    if (contact) contacts.set(id, contact);
  }
  return contacts;
}

/**
 * Turns Lime lines (a check's, a pre-order's items) into product rows, each linked to the catalog
 * product its good was pushed as (a free-text row otherwise). Reads the product links of every
 * line given once.
 */
export async function productRowsOf(
  db: Db,
  tenantId: string,
  lineSets: LimeTransactionLine[][],
): Promise<(lines: LimeTransactionLine[]) => CrmProductRow[]> {
  const productOf = await findLinksByLime(db, {
    tenantId,
    limeType: 'good',
    crmEntity: 'product',
    limeIds: [...new Set(lineSets.flat().map((l) => String(l.goodId)))],
  });
  return (lines) =>
    lines.map((line) => ({
      productId: productOf.get(String(line.goodId))?.crmId ?? null,
      name: line.name,
      price: kopecks(line.quantity > 0 ? Math.round(line.total / line.quantity) : line.price),
      quantity: line.quantity,
    }));
}
