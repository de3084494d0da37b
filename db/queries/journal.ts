import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { FALLBACK_KIND, JOURNAL_KIND_RULES, JOURNAL_KINDS, type JournalKind } from '@/lib/domain/journal';
import type { Db } from '../client';
import { type JournalDirection, type JournalStatus, syncJournal } from '../schema';

export type JournalEntry = typeof syncJournal.$inferSelect;

export interface JournalInput {
  tenantId: string;
  direction: JournalDirection;
  operation: string;
  status: JournalStatus;
  entity?: string;
  entityId?: string;
  error?: string;
  jobId?: string;
  details?: unknown;
}

export async function appendJournal(db: Db, params: JournalInput): Promise<number> {
  const [row] = await db
    .insert(syncJournal)
    .values({ ...params, error: params.error?.slice(0, 4000) ?? null })
    .returning({ id: syncJournal.id });
  return (row as { id: number }).id;
}

/** Several entries of one tenant in one statement (a batch of entities read together). */
export async function appendJournalMany(
  db: Db,
  params: { tenantId: string; entries: Omit<JournalInput, 'tenantId'>[] },
): Promise<number> {
  if (params.entries.length === 0) return 0;
  const rows = await db
    .insert(syncJournal)
    .values(
      params.entries.map((entry) => ({
        ...entry,
        tenantId: params.tenantId,
        error: entry.error?.slice(0, 4000) ?? null,
      })),
    )
    .returning({ id: syncJournal.id });
  return rows.length;
}

export async function listJournal(
  db: Db,
  params: { tenantId: string; limit?: number; beforeId?: number },
): Promise<JournalEntry[]> {
  return listJournalPage(db, { ...params, limit: params.limit ?? 50 });
}

/**
 * A row's entity kind in SQL: `details.kind` when the writer named it, else the first rule of
 * JOURNAL_KIND_RULES that matches the operation (the same rules journalKindOf applies in code).
 */
function kindExpression(): SQL<string> {
  const op = syncJournal.operation;
  const cases = JOURNAL_KIND_RULES.map((rule) => {
    const tests = [
      ...(rule.operations?.length ? [inArray(op, [...rule.operations])] : []),
      ...(rule.prefixes ?? []).map((prefix) => sql`starts_with(${op}, ${prefix})`),
    ];
    return sql`when ${sql.join(tests, sql` or `)} then ${rule.kind}`;
  });
  const named = sql`${syncJournal.details}->>'kind'`;
  const kinds = sql.join(
    JOURNAL_KINDS.map((k) => sql`${k}`),
    sql`, `,
  );
  return sql<string>`case when ${named} in (${kinds}) then ${named} ${sql.join(cases, sql` `)} else ${FALLBACK_KIND} end`;
}

export interface JournalFilter {
  tenantId: string;
  kind?: JournalKind;
  statuses?: JournalStatus[];
  direction?: JournalDirection;
  /** Cursor: only rows older than this id. */
  beforeId?: number;
  limit: number;
}

/** One page of a tenant's journal, newest first, filtered by kind, status and direction. */
export async function listJournalPage(db: Db, params: JournalFilter): Promise<JournalEntry[]> {
  return db
    .select()
    .from(syncJournal)
    .where(
      and(
        eq(syncJournal.tenantId, params.tenantId),
        params.kind ? sql`${kindExpression()} = ${params.kind}` : undefined,
        params.statuses?.length ? inArray(syncJournal.status, params.statuses) : undefined,
        params.direction ? eq(syncJournal.direction, params.direction) : undefined,
        params.beforeId ? lt(syncJournal.id, params.beforeId) : undefined,
      ),
    )
    .orderBy(desc(syncJournal.id))
    .limit(params.limit);
}

export async function getJournalEntry(
  db: Db,
  params: { tenantId: string; id: number },
): Promise<JournalEntry | null> {
  const [row] = await db
    .select()
    .from(syncJournal)
    .where(and(eq(syncJournal.tenantId, params.tenantId), eq(syncJournal.id, params.id)));
  return row ?? null;
}

/** Retention: entries older than the given number of days go, for every tenant. */
export async function pruneJournal(db: Db, params: { olderThanDays: number }): Promise<number> {
  const rows = await db
    .delete(syncJournal)
    .where(lt(syncJournal.at, sql`now() - make_interval(days => ${params.olderThanDays})`))
    .returning({ id: syncJournal.id });
  return rows.length;
}
