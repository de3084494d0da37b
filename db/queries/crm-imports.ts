import { and, asc, count, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { limeClients, limeGoods, limeRelations, limeTransactions } from '../schema-lime';
import { crmImports, type ImportCounts, type ImportPhase, type ImportStatus } from '../schema-sync';

/** A tenant's initial imports into its CRM (db/schema-sync.ts) and the mirror pages they walk. */

export type ImportRow = typeof crmImports.$inferSelect;
type Scope = { tenantId: string; connectionId: string };

const ACTIVE: ImportStatus[] = ['running', 'paused'];

/** The new import, or null when one is running or paused already (the partial unique index). */
export async function insertImport(
  db: Db,
  params: Scope & { transactionsSince: Date; totals: ImportCounts; children: number },
): Promise<ImportRow | null> {
  const [row] = await db
    .insert(crmImports)
    .values({
      tenantId: params.tenantId,
      connectionId: params.connectionId,
      transactionsSince: params.transactionsSince,
      totals: params.totals,
      done: { goods: 0, clients: 0, transactions: 0 },
      outcome: { children: params.children },
      resumedAt: sql`now()`,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function getActiveImport(db: Db, params: { tenantId: string }): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(crmImports)
    .where(and(eq(crmImports.tenantId, params.tenantId), inArray(crmImports.status, ACTIVE)));
  return row ?? null;
}

/** The running or paused import, else the latest one. */
export async function getCurrentImport(db: Db, params: { tenantId: string }): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(crmImports)
    .where(eq(crmImports.tenantId, params.tenantId))
    .orderBy(sql`${crmImports.status} in ('running', 'paused') desc`, desc(crmImports.startedAt))
    .limit(1);
  return row ?? null;
}

const activeTime = sql`${crmImports.activeMs} + coalesce(floor(extract(epoch from now() - ${crmImports.resumedAt}) * 1000), 0)`;

/**
 * A round reached the CRM: the cursor moves and the counts grow, only while the import is still
 * the one running (a pause in between lets the round count but stops the next). Returns the row.
 */
export async function advanceImport(
  db: Db,
  params: {
    tenantId: string;
    importId: string;
    phase: ImportPhase;
    cursor: string | null;
    done: ImportCounts;
    outcome: Record<string, number>;
  },
): Promise<ImportRow | null> {
  const finished = params.phase === 'done';
  const [row] = await db
    .update(crmImports)
    .set({
      phase: params.phase,
      cursor: params.cursor,
      done: params.done,
      outcome: params.outcome,
      updatedAt: sql`now()`,
      ...(finished ? { status: 'done', finishedAt: sql`now()`, activeMs: activeTime, resumedAt: null } : {}),
    })
    .where(
      and(
        eq(crmImports.tenantId, params.tenantId),
        eq(crmImports.id, params.importId),
        inArray(crmImports.status, ACTIVE),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * running → paused (the active time is banked; with the error when a failure paused it), paused →
 * running (the error cleared), either → cancelled.
 */
export async function setImportStatus(
  db: Db,
  params: { tenantId: string; importId: string; from: ImportStatus[]; to: ImportStatus; error?: string },
): Promise<ImportRow | null> {
  const stopping = params.to !== 'running';
  const [row] = await db
    .update(crmImports)
    .set({
      status: params.to,
      updatedAt: sql`now()`,
      ...(stopping ? { activeMs: activeTime, resumedAt: null } : { resumedAt: sql`now()` }),
      ...(params.to === 'failed' || params.to === 'cancelled' ? { finishedAt: sql`now()` } : {}),
      error: params.error ?? null,
    })
    .where(
      and(
        eq(crmImports.tenantId, params.tenantId),
        eq(crmImports.id, params.importId),
        inArray(crmImports.status, params.from),
      ),
    )
    .returning();
  return row ?? null;
}

const adults = sql`${limeClients.category} is distinct from 'child'`;

export async function countImportable(
  db: Db,
  params: Scope & { transactionsSince: Date },
): Promise<ImportCounts & { children: number }> {
  const scopeOf = (table: typeof limeGoods | typeof limeClients | typeof limeTransactions) =>
    and(eq(table.tenantId, params.tenantId), eq(table.connectionId, params.connectionId));
  const [[goods], [clients], [children], [transactions]] = await Promise.all([
    db.select({ n: count() }).from(limeGoods).where(scopeOf(limeGoods)),
    db
      .select({ n: count() })
      .from(limeClients)
      .where(and(scopeOf(limeClients), adults)),
    db
      .select({ n: sql<number>`count(distinct ${limeRelations.childId})` })
      .from(limeRelations)
      .where(
        and(
          eq(limeRelations.tenantId, params.tenantId),
          eq(limeRelations.connectionId, params.connectionId),
          eq(limeRelations.deleted, false),
        ),
      ),
    db
      .select({ n: count() })
      .from(limeTransactions)
      .where(and(scopeOf(limeTransactions), gte(limeTransactions.occurredAt, params.transactionsSince))),
  ]);
  return {
    goods: Number(goods?.n ?? 0),
    clients: Number(clients?.n ?? 0),
    children: Number(children?.n ?? 0),
    transactions: Number(transactions?.n ?? 0),
  };
}

/** The next ids of a phase after the cursor, in id order. */
export async function nextImportIds(
  db: Db,
  params: Scope & {
    phase: Exclude<ImportPhase, 'done'>;
    after: number;
    limit: number;
    transactionsSince: Date;
  },
): Promise<number[]> {
  const { tenantId, connectionId, after, limit } = params;
  if (params.phase === 'goods') {
    const rows = await db
      .select({ id: limeGoods.id })
      .from(limeGoods)
      .where(
        and(
          eq(limeGoods.tenantId, tenantId),
          eq(limeGoods.connectionId, connectionId),
          gt(limeGoods.id, after),
        ),
      )
      .orderBy(asc(limeGoods.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }
  if (params.phase === 'clients') {
    const rows = await db
      .select({ id: limeClients.id })
      .from(limeClients)
      .where(
        and(
          eq(limeClients.tenantId, tenantId),
          eq(limeClients.connectionId, connectionId),
          gt(limeClients.id, after),
          adults,
        ),
      )
      .orderBy(asc(limeClients.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }
  const rows = await db
    .select({ id: limeTransactions.id })
    .from(limeTransactions)
    .where(
      and(
        eq(limeTransactions.tenantId, tenantId),
        eq(limeTransactions.connectionId, connectionId),
        gt(limeTransactions.id, after),
        gte(limeTransactions.occurredAt, params.transactionsSince),
      ),
    )
    .orderBy(asc(limeTransactions.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
