import { and, desc, eq, lt, sql } from 'drizzle-orm';
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
  return db
    .select()
    .from(syncJournal)
    .where(
      and(
        eq(syncJournal.tenantId, params.tenantId),
        params.beforeId ? lt(syncJournal.id, params.beforeId) : undefined,
      ),
    )
    .orderBy(desc(syncJournal.id))
    .limit(params.limit ?? 50);
}

/** Retention: entries older than the given number of days go, for every tenant. */
export async function pruneJournal(db: Db, params: { olderThanDays: number }): Promise<number> {
  const rows = await db
    .delete(syncJournal)
    .where(lt(syncJournal.at, sql`now() - make_interval(days => ${params.olderThanDays})`))
    .returning({ id: syncJournal.id });
  return rows.length;
}
