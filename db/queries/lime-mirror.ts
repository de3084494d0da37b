import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { LimeBalances, LimeClient, LimeGood, LimePreorder, LimeTransaction } from '@/lib/domain/lime';
import type { Db } from '../client';
import {
  limeAppliedEvents,
  limeBalances,
  limeClients,
  limeGoods,
  limePendingBalances,
  limePreorders,
  limeRelations,
  limeTransactions,
} from '../schema-lime';
import { remakeChildrenBorn } from './lime-children-born';

/**
 * Writes to the mirror. Callers pass a transaction: the ledger entry and the effect of one event
 * commit together. `seq` is the event's feed position: a row is only overwritten by a newer one.
 */

interface Scope {
  tenantId: string;
  connectionId: string;
}

/**
 * Records a batch of events in the ledger, in one statement; answers the ones seen for the first
 * time (as `connectionId:eventId`). Every repeat of an event id is left out, forever.
 */
export async function recordAppliedEvents(
  db: Db,
  params: { tenantId: string; events: { connectionId: string; eventId: number; type: string }[] },
): Promise<Set<string>> {
  if (params.events.length === 0) return new Set();
  const rows = await db
    .insert(limeAppliedEvents)
    .values(params.events.map((e) => ({ ...e, tenantId: params.tenantId })))
    .onConflictDoNothing()
    .returning({ connectionId: limeAppliedEvents.connectionId, eventId: limeAppliedEvents.eventId });
  return new Set(rows.map((r) => `${r.connectionId}:${r.eventId}`));
}

export async function upsertMirrorGood(
  db: Db,
  params: Scope & { good: LimeGood; seq: number },
): Promise<void> {
  const { good } = params;
  const values = {
    name: good.name,
    categoryId: good.categoryId,
    priceKopecks: good.price,
    kind: good.kind,
    active: good.active,
    sourceSeq: params.seq,
  };
  await db
    .insert(limeGoods)
    .values({ connectionId: params.connectionId, tenantId: params.tenantId, id: good.id, ...values })
    .onConflictDoUpdate({
      target: [limeGoods.connectionId, limeGoods.id],
      set: values,
      setWhere: sql`${limeGoods.sourceSeq} <= ${params.seq}`,
    });
}

export async function deactivateMirrorGood(
  db: Db,
  params: Scope & { goodId: number; seq: number },
): Promise<void> {
  await db
    .update(limeGoods)
    .set({ active: false, sourceSeq: params.seq })
    .where(
      and(
        eq(limeGoods.tenantId, params.tenantId),
        eq(limeGoods.connectionId, params.connectionId),
        eq(limeGoods.id, params.goodId),
        sql`${limeGoods.sourceSeq} <= ${params.seq}`,
      ),
    );
}

export async function upsertMirrorClient(
  db: Db,
  params: Scope & { client: LimeClient; seq: number },
): Promise<void> {
  const { client } = params;
  const values = {
    firstName: client.firstName,
    lastName: client.lastName,
    middleName: client.middleName,
    displayName: client.displayName,
    phone: client.phone,
    email: client.email,
    birthDate: client.birthDate,
    birthMonthDay: client.birthDate ? client.birthDate.slice(5, 10) : null,
    category: client.category,
    cardUids: client.cards.map((c) => c.uid),
    version: client.version,
    limeUpdatedAt: client.updatedAt,
    // Events arrive in any order: a visit stored before its client's row counts too.
    lastVisitAt: sql`greatest(${client.lastVisitAt?.toISOString() ?? null}::timestamptz, (
      select max(${limeTransactions.occurredAt}) from ${limeTransactions}
       where ${limeTransactions.connectionId} = ${params.connectionId}
         and ${limeTransactions.clientId} = ${client.id}
         and ${limeTransactions.type} in ('pass', 'purchase')))`,
    sourceSeq: params.seq,
  };
  const written = await db
    .insert(limeClients)
    .values({ connectionId: params.connectionId, tenantId: params.tenantId, id: client.id, ...values })
    .onConflictDoUpdate({
      target: [limeClients.connectionId, limeClients.id],
      // The visit time only moves forward; passes may have advanced it already.
      set: { ...values, lastVisitAt: sql`greatest(${limeClients.lastVisitAt}, excluded.last_visit_at)` },
      setWhere: sql`${limeClients.sourceSeq} <= ${params.seq}`,
    })
    .returning({ id: limeClients.id });
  if (written.length === 0) return;
  // The client as a child: its live relations carry its birth date (its parents' children_born), by
  // lime_relations_child_live_idx; a tombstone brought back takes the date again (writeRelation).
  const moved = await db
    .update(limeRelations)
    .set({ childBirthDate: client.birthDate })
    .where(
      and(
        eq(limeRelations.tenantId, params.tenantId),
        eq(limeRelations.connectionId, params.connectionId),
        eq(limeRelations.childId, client.id),
        eq(limeRelations.deleted, false),
        sql`${limeRelations.childBirthDate} is distinct from ${client.birthDate}::date`,
      ),
    )
    .returning({ parentId: limeRelations.parentId });
  const scope = and(
    eq(limeRelations.tenantId, params.tenantId),
    eq(limeRelations.connectionId, params.connectionId),
    eq(limeRelations.parentId, client.id),
  );
  const keep = client.children.map((c) => c.relationId);
  await db
    .update(limeRelations)
    .set({ deleted: true, sourceSeq: params.seq })
    .where(
      and(
        keep.length ? and(scope, notInArray(limeRelations.relationId, keep)) : scope,
        sql`${limeRelations.sourceSeq} <= ${params.seq}`,
      ),
    );
  for (const child of client.children) {
    await writeRelation(db, {
      ...params,
      relationId: child.relationId,
      parentId: client.id,
      childId: child.clientId,
      relationTypeId: child.relationTypeId,
      relationTypeName: child.relationTypeName,
      seq: params.seq,
      deleted: false,
    });
  }
  await remakeChildrenBorn(db, { ...params, parentIds: [client.id, ...moved.map((m) => m.parentId)] });
}

export async function upsertMirrorRelation(
  db: Db,
  params: Scope & {
    relationId: number;
    parentId: number;
    childId: number;
    relationTypeId?: number | null;
    relationTypeName?: string | null;
    seq: number;
  },
): Promise<void> {
  await writeRelation(db, { ...params, deleted: false });
  await remakeChildrenBorn(db, { ...params, parentIds: [params.parentId] });
}

/** A removed relation becomes a tombstone at its event's position in the feed. */
export async function deleteMirrorRelation(
  db: Db,
  params: Scope & { relationId: number; parentId: number; childId: number; seq: number },
): Promise<void> {
  await writeRelation(db, { ...params, deleted: true });
  await remakeChildrenBorn(db, { ...params, parentIds: [params.parentId] });
}

/**
 * The relation's child birth date is read from the child's row as it stands; a child written later
 * updates its relations itself (upsertMirrorClient). A tenant's events are applied one batch at a
 * time (its lane), so neither write can miss the other.
 */
async function writeRelation(
  db: Db,
  params: Scope & {
    relationId: number;
    parentId: number;
    childId: number;
    relationTypeId?: number | null;
    relationTypeName?: string | null;
    seq: number;
    deleted: boolean;
  },
): Promise<void> {
  await db
    .insert(limeRelations)
    .values({
      connectionId: params.connectionId,
      tenantId: params.tenantId,
      relationId: params.relationId,
      parentId: params.parentId,
      childId: params.childId,
      relationTypeId: params.relationTypeId ?? null,
      relationTypeName: params.relationTypeName ?? null,
      childBirthDate: sql`(select ${limeClients.birthDate} from ${limeClients}
         where ${limeClients.tenantId} = ${params.tenantId} and ${limeClients.connectionId} = ${params.connectionId}
           and ${limeClients.id} = ${params.childId})`,
      deleted: params.deleted,
      sourceSeq: params.seq,
    })
    .onConflictDoUpdate({
      target: [limeRelations.connectionId, limeRelations.relationId],
      set: {
        parentId: params.parentId,
        childId: params.childId,
        relationTypeId: sql`coalesce(excluded.relation_type_id, ${limeRelations.relationTypeId})`,
        relationTypeName: sql`coalesce(excluded.relation_type_name, ${limeRelations.relationTypeName})`,
        childBirthDate: sql`excluded.child_birth_date`,
        deleted: params.deleted,
        sourceSeq: params.seq,
      },
      setWhere: sql`${limeRelations.sourceSeq} <= ${params.seq}`,
    });
}

/** Stores a transaction once; a pass or a purchase moves its client's last visit forward. */
export async function insertMirrorTransaction(
  db: Db,
  params: Scope & { transaction: LimeTransaction },
): Promise<boolean> {
  const tx = params.transaction;
  const rows = await db
    .insert(limeTransactions)
    .values({
      connectionId: params.connectionId,
      tenantId: params.tenantId,
      id: tx.id,
      clientId: tx.clientId,
      type: tx.type,
      occurredAt: tx.occurredAt,
      totalKopecks: tx.total,
      checkId: tx.checkId,
      cardUid: tx.cardUid,
      lines: tx.lines,
      servicePoint: tx.servicePoint,
      writeOff: tx.writeOff,
      preorderId: tx.preorderId,
    })
    .onConflictDoNothing()
    .returning({ id: limeTransactions.id });
  if (rows.length === 0 || tx.clientId === null || (tx.type !== 'pass' && tx.type !== 'purchase')) {
    return rows.length === 1;
  }
  await db
    .update(limeClients)
    .set({
      lastVisitAt: sql`greatest(${limeClients.lastVisitAt}, ${tx.occurredAt.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        eq(limeClients.tenantId, params.tenantId),
        eq(limeClients.connectionId, params.connectionId),
        eq(limeClients.id, tx.clientId),
      ),
    );
  return true;
}

const preorderValues = (p: LimePreorder) => ({
  number: p.number,
  status: p.status,
  clientId: p.clientId,
  eventAt: p.eventAt,
  comment: p.comment,
  items: p.items,
  totalKopecks: p.total,
  externalRef: p.externalRef,
  version: p.version,
  limeUpdatedAt: p.updatedAt,
});

export async function upsertMirrorPreorder(
  db: Db,
  params: Scope & { preorder: LimePreorder; seq: number },
): Promise<void> {
  const p = params.preorder;
  const values = { ...preorderValues(p), sourceSeq: params.seq };
  await db
    .insert(limePreorders)
    .values({ connectionId: params.connectionId, tenantId: params.tenantId, id: p.id, ...values })
    .onConflictDoUpdate({
      target: [limePreorders.connectionId, limePreorders.id],
      set: values,
      setWhere: sql`${limePreorders.sourceSeq} <= ${params.seq}`,
    });
}

/**
 * Lime's reply to our own pre-order write, before its event comes: stored unless the mirror holds
 * that version or a later one already. The event's position (source_seq) stays as it was.
 */
export async function upsertMirrorPreorderReply(
  db: Db,
  params: Scope & { preorder: LimePreorder },
): Promise<void> {
  const p = params.preorder;
  const values = preorderValues(p);
  await db
    .insert(limePreorders)
    .values({ connectionId: params.connectionId, tenantId: params.tenantId, id: p.id, ...values })
    .onConflictDoUpdate({
      target: [limePreorders.connectionId, limePreorders.id],
      set: values,
      setWhere: sql`${limePreorders.version} < ${p.version}`,
    });
}

export async function upsertMirrorBalances(
  db: Db,
  params: Scope & { clientId: number; balances: LimeBalances },
): Promise<void> {
  const values = {
    depositKopecks: params.balances.deposit,
    bonusKopecks: params.balances.bonus,
    bonusExpiresAt: params.balances.bonusExpiresAt,
    refreshedAt: sql`now()`,
  };
  await db
    .insert(limeBalances)
    .values({
      connectionId: params.connectionId,
      tenantId: params.tenantId,
      clientId: params.clientId,
      ...values,
    })
    .onConflictDoUpdate({ target: [limeBalances.connectionId, limeBalances.clientId], set: values });
}

/** Visits (passes) per client, recomputed from the mirror's transactions. */
export async function countVisits(db: Db, params: Scope): Promise<Map<number, number>> {
  const rows = await db
    .select({ clientId: limeTransactions.clientId, visits: sql<number>`count(*)::int` })
    .from(limeTransactions)
    .where(
      and(
        eq(limeTransactions.tenantId, params.tenantId),
        eq(limeTransactions.connectionId, params.connectionId),
        eq(limeTransactions.type, 'pass'),
      ),
    )
    .groupBy(limeTransactions.clientId);
  return new Map(
    rows.filter((r) => r.clientId !== null).map((r) => [r.clientId as number, Number(r.visits)]),
  );
}

/** The card view: a client's last transactions, newest first. */
export async function listRecentTransactions(
  db: Db,
  params: { tenantId: string; clientId: number; connectionId?: string; limit?: number },
) {
  return db
    .select()
    .from(limeTransactions)
    .where(
      and(
        eq(limeTransactions.tenantId, params.tenantId),
        eq(limeTransactions.clientId, params.clientId),
        params.connectionId ? eq(limeTransactions.connectionId, params.connectionId) : undefined,
      ),
    )
    .orderBy(desc(limeTransactions.occurredAt), desc(limeTransactions.id))
    .limit(params.limit ?? 10);
}

export async function markBalancesStale(db: Db, params: Scope & { clientId: number }): Promise<void> {
  await db.insert(limePendingBalances).values(params).onConflictDoNothing();
}

export async function listPendingBalances(db: Db, params: { tenantId: string; limit?: number }) {
  return db
    .select()
    .from(limePendingBalances)
    .where(eq(limePendingBalances.tenantId, params.tenantId))
    .limit(params.limit ?? 200);
}

export async function clearPendingBalance(db: Db, params: Scope & { clientId: number }): Promise<void> {
  await db
    .delete(limePendingBalances)
    .where(
      and(
        eq(limePendingBalances.tenantId, params.tenantId),
        eq(limePendingBalances.connectionId, params.connectionId),
        eq(limePendingBalances.clientId, params.clientId),
      ),
    );
}
