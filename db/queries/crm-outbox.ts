import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { crmOutbox, limeRelations } from '../schema-lime';

/**
 * Marks of mirror rows the CRM has not seen (db/schema-lime.ts `crm_outbox`). Marking twice bumps
 * the version; a push clears only the versions it read.
 */

export type OutboxKind = 'good' | 'client' | 'transaction' | 'preorder';

export interface OutboxEntry {
  connectionId: string;
  kind: OutboxKind;
  limeId: number;
  version: number;
}

export async function markForCrm(
  db: Db,
  params: { tenantId: string; connectionId: string; kind: OutboxKind; limeIds: number[] },
): Promise<void> {
  if (params.limeIds.length === 0) return;
  await db
    .insert(crmOutbox)
    .values(
      [...new Set(params.limeIds)].map((limeId) => ({
        tenantId: params.tenantId,
        connectionId: params.connectionId,
        kind: params.kind,
        limeId,
      })),
    )
    .onConflictDoUpdate({
      target: [crmOutbox.connectionId, crmOutbox.kind, crmOutbox.limeId],
      set: { version: sql`${crmOutbox.version} + 1`, markedAt: sql`now()` },
    });
}

/** Clients, and the adults each is a child of: a child's change shows on its parents' contacts. */
export async function markClientsWithParentsForCrm(
  db: Db,
  params: { tenantId: string; connectionId: string; clientIds: number[] },
): Promise<void> {
  if (params.clientIds.length === 0) return;
  const parents = await db
    .select({ id: limeRelations.parentId })
    .from(limeRelations)
    .where(
      and(
        eq(limeRelations.tenantId, params.tenantId),
        eq(limeRelations.connectionId, params.connectionId),
        inArray(limeRelations.childId, params.clientIds),
        eq(limeRelations.deleted, false),
      ),
    );
  await markForCrm(db, {
    tenantId: params.tenantId,
    connectionId: params.connectionId,
    kind: 'client',
    limeIds: [...params.clientIds, ...parents.map((p) => p.id)],
  });
}

/** The oldest marks of one kind. */
export async function takeOutbox(
  db: Db,
  params: { tenantId: string; kind: OutboxKind; limit: number },
): Promise<OutboxEntry[]> {
  const rows = await db
    .select({
      connectionId: crmOutbox.connectionId,
      kind: crmOutbox.kind,
      limeId: crmOutbox.limeId,
      version: crmOutbox.version,
    })
    .from(crmOutbox)
    .where(and(eq(crmOutbox.tenantId, params.tenantId), eq(crmOutbox.kind, params.kind)))
    .orderBy(asc(crmOutbox.markedAt), asc(crmOutbox.limeId))
    .limit(params.limit);
  return rows as OutboxEntry[];
}

/** Removes the marks as read; one marked again since keeps its row (a higher version). */
export async function clearOutbox(
  db: Db,
  params: { tenantId: string; entries: OutboxEntry[] },
): Promise<void> {
  const byVersion = new Map<string, OutboxEntry[]>();
  for (const e of params.entries) {
    const key = `${e.connectionId}|${e.kind}|${e.version}`;
    byVersion.set(key, [...(byVersion.get(key) ?? []), e]);
  }
  for (const group of byVersion.values()) {
    const first = group[0] as OutboxEntry;
    await db.delete(crmOutbox).where(
      and(
        eq(crmOutbox.tenantId, params.tenantId),
        eq(crmOutbox.connectionId, first.connectionId),
        eq(crmOutbox.kind, first.kind),
        eq(crmOutbox.version, first.version),
        inArray(
          crmOutbox.limeId,
          group.map((e) => e.limeId),
        ),
      ),
    );
  }
}

export async function countOutbox(db: Db, params: { tenantId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(crmOutbox)
    .where(eq(crmOutbox.tenantId, params.tenantId));
  return Number(row?.n ?? 0);
}
