import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { limeBalances, limeClients } from '../schema-lime';
import { listChildrenOf } from './crm-push-reads';

/**
 * Reads for a CRM card: which mirrored Lime client a CRM contact is, and everything the card shows
 * of them (children, balances, the last transactions). Tenant-scoped like every query.
 */

export type MirrorClientRow = typeof limeClients.$inferSelect;

/** The Lime client a CRM contact is: by its stored Lime id first, then by phone, then by e-mail. */
export async function findMirrorClient(
  db: Db,
  params: { tenantId: string; limeClientId: string | null; phones: string[]; emails: string[] },
): Promise<MirrorClientRow | null> {
  const byId = params.limeClientId && /^\d+$/.test(params.limeClientId) ? Number(params.limeClientId) : null;
  const conditions = [
    byId !== null ? eq(limeClients.id, byId) : undefined,
    params.phones.length > 0 ? inArray(limeClients.phone, params.phones) : undefined,
    params.emails.length > 0
      ? inArray(
          sql`lower(${limeClients.email})`,
          params.emails.map((e) => e.toLowerCase()),
        )
      : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return null;
  const rows = await db
    .select()
    .from(limeClients)
    .where(and(eq(limeClients.tenantId, params.tenantId), or(...conditions)))
    .limit(20);
  const rank = (row: MirrorClientRow) =>
    row.id === byId ? 0 : row.phone && params.phones.includes(row.phone) ? 1 : 2;
  // Among equals, an adult before a child sharing the parent's phone.
  return (
    rows.sort(
      (a, b) => rank(a) - rank(b) || Number(a.category === 'child') - Number(b.category === 'child'),
    )[0] ?? null
  );
}

export async function getClientChildren(
  db: Db,
  params: { tenantId: string; connectionId: string; clientId: number },
) {
  return listChildrenOf(db, { ...params, parentIds: [params.clientId] });
}

export async function getClientBalances(
  db: Db,
  params: { tenantId: string; connectionId: string; clientId: number },
) {
  const [row] = await db
    .select()
    .from(limeBalances)
    .where(
      and(
        eq(limeBalances.tenantId, params.tenantId),
        eq(limeBalances.connectionId, params.connectionId),
        eq(limeBalances.clientId, params.clientId),
      ),
    );
  return row ?? null;
}
