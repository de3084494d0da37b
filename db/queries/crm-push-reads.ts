import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import {
  limeBalances,
  limeClients,
  limeGoods,
  limePreorders,
  limeRelations,
  limeTransactions,
} from '../schema-lime';

/** Mirror reads for the CRM push: many goods or clients of one connection at once, tenant-scoped. */

interface Scope {
  tenantId: string;
  connectionId: string;
}

export async function listMirrorGoods(db: Db, params: Scope & { ids: number[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(limeGoods)
    .where(
      and(
        eq(limeGoods.tenantId, params.tenantId),
        eq(limeGoods.connectionId, params.connectionId),
        inArray(limeGoods.id, params.ids),
      ),
    );
}

export async function listMirrorClients(db: Db, params: Scope & { ids: number[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(limeClients)
    .where(
      and(
        eq(limeClients.tenantId, params.tenantId),
        eq(limeClients.connectionId, params.connectionId),
        inArray(limeClients.id, params.ids),
      ),
    );
}

/** The living children of these parents, eldest first. */
export async function listChildrenOf(db: Db, params: Scope & { parentIds: number[] }) {
  if (params.parentIds.length === 0) return [];
  return db
    .select({
      parentId: limeRelations.parentId,
      id: limeClients.id,
      firstName: limeClients.firstName,
      lastName: limeClients.lastName,
      birthDate: limeClients.birthDate,
      relation: limeRelations.relationTypeName,
    })
    .from(limeRelations)
    .innerJoin(
      limeClients,
      and(
        eq(limeClients.connectionId, limeRelations.connectionId),
        eq(limeClients.id, limeRelations.childId),
      ),
    )
    .where(
      and(
        eq(limeRelations.tenantId, params.tenantId),
        eq(limeRelations.connectionId, params.connectionId),
        inArray(limeRelations.parentId, params.parentIds),
        eq(limeRelations.deleted, false),
      ),
    )
    .orderBy(limeClients.birthDate, limeClients.id);
}

export async function listBalances(db: Db, params: Scope & { clientIds: number[] }) {
  if (params.clientIds.length === 0) return [];
  return db
    .select()
    .from(limeBalances)
    .where(
      and(
        eq(limeBalances.tenantId, params.tenantId),
        eq(limeBalances.connectionId, params.connectionId),
        inArray(limeBalances.clientId, params.clientIds),
      ),
    );
}

/** Mirror clients of a tenant by Lime id, whichever connection they came from. */
export async function listTenantClients(db: Db, params: { tenantId: string; ids: number[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(limeClients)
    .where(and(eq(limeClients.tenantId, params.tenantId), inArray(limeClients.id, params.ids)));
}

export async function listMirrorTransactions(db: Db, params: Scope & { ids: number[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(limeTransactions)
    .where(
      and(
        eq(limeTransactions.tenantId, params.tenantId),
        eq(limeTransactions.connectionId, params.connectionId),
        inArray(limeTransactions.id, params.ids),
      ),
    );
}

/** Mirror pre-orders by Lime id: of one connection, or (no connection given) of any of the tenant's. */
export async function listMirrorPreorders(
  db: Db,
  params: { tenantId: string; connectionId?: string; ids: number[] },
) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(limePreorders)
    .where(
      and(
        eq(limePreorders.tenantId, params.tenantId),
        params.connectionId === undefined ? undefined : eq(limePreorders.connectionId, params.connectionId),
        inArray(limePreorders.id, params.ids),
      ),
    );
}

/** The first living parent of each of these children. */
export async function listParentsOf(db: Db, params: Scope & { childIds: number[] }) {
  if (params.childIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ childId: limeRelations.childId, parentId: limeRelations.parentId })
    .from(limeRelations)
    .where(
      and(
        eq(limeRelations.tenantId, params.tenantId),
        eq(limeRelations.connectionId, params.connectionId),
        inArray(limeRelations.childId, params.childIds),
        eq(limeRelations.deleted, false),
      ),
    )
    .orderBy(limeRelations.relationId);
  const parents = new Map<number, number>();
  for (const row of rows) if (!parents.has(row.childId)) parents.set(row.childId, row.parentId);
  return parents;
}
