import { and, desc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { BonusReason } from '@/lib/domain/lime';
import type { Db } from '../client';
import { type BonusRunAudience, type BonusRunSkip, type BonusRunStatus, bonusRuns } from '../schema-bonuses';

/** Mass bonus runs (db/schema-bonuses.ts): one row per run, its totals kept as its credits go. */

export type BonusRunRow = typeof bonusRuns.$inferSelect;

export interface NewBonusRun {
  id: string;
  tenantId: string;
  connectionId: string;
  audience: BonusRunAudience;
  amountKopecks: number;
  reason: BonusReason;
  comment: string | null;
  requestedBy: string;
  skipped: BonusRunSkip[];
}

/**
 * The run with this id: written now (`created`), or the tenant's run written before under it;
 * null when the id is another tenant's.
 */
export async function insertBonusRun(
  db: Db,
  run: NewBonusRun,
): Promise<{ row: BonusRunRow; created: boolean } | null> {
  const [made] = await db.insert(bonusRuns).values(run).onConflictDoNothing().returning();
  if (made) return { row: made, created: true };
  const existing = await getBonusRun(db, { tenantId: run.tenantId, id: run.id });
  return existing ? { row: existing, created: false } : null;
}

export async function getBonusRun(db: Db, params: { tenantId: string; id: string }) {
  const [row] = await db
    .select()
    .from(bonusRuns)
    .where(and(eq(bonusRuns.tenantId, params.tenantId), eq(bonusRuns.id, params.id)));
  return row ?? null;
}

export async function listBonusRuns(db: Db, params: { tenantId: string; limit: number }) {
  return db
    .select()
    .from(bonusRuns)
    .where(eq(bonusRuns.tenantId, params.tenantId))
    .orderBy(desc(bonusRuns.createdAt))
    .limit(params.limit);
}

type RunRef = { tenantId: string; id: string };
type RunChange = PgUpdateSetSource<typeof bonusRuns>;

/**
 * Moves a run from one status to another with other changes, in one statement that only a run in
 * `from` passes: of two workers, one moves it. The run as moved, or null.
 */
async function moveRun(db: Db, run: RunRef, from: BonusRunStatus, change: RunChange) {
  const [row] = await db
    .update(bonusRuns)
    .set({ ...change, updatedAt: sql`now()` })
    .where(and(eq(bonusRuns.tenantId, run.tenantId), eq(bonusRuns.id, run.id), eq(bonusRuns.status, from)))
    .returning();
  return row ?? null;
}

/** queued → running, once: only the caller that moved it writes the run's credits. */
export const beginBonusRun = (db: Db, run: RunRef) =>
  moveRun(db, run, 'queued', { status: 'running', startedAt: sql`now()` });

/** An interrupted run started again goes on where it stopped. */
export const resumeBonusRun = (db: Db, run: RunRef) =>
  moveRun(db, run, 'interrupted', { status: 'running', error: null });

/** running → interrupted (Lime could not be reached for good); a start resumes it. */
export const interruptBonusRun = (db: Db, run: RunRef & { error: string }) =>
  moveRun(db, run, 'running', { status: 'interrupted', error: run.error.slice(0, 2000) });

/** running → done with the final totals, once: null when another worker finished it first. */
export const finishBonusRun = (db: Db, run: RunRef & { credited: number; failed: number }) =>
  moveRun(db, run, 'running', {
    status: 'done',
    credited: run.credited,
    failed: run.failed,
    finishedAt: sql`now()`,
  });

/** A run's totals as its credits go. */
export async function updateBonusRunTotals(
  db: Db,
  params: RunRef & { total?: number; already?: number; credited?: number; failed?: number },
): Promise<void> {
  const { tenantId, id, ...totals } = params;
  await db
    .update(bonusRuns)
    .set({ ...totals, updatedAt: sql`now()` })
    .where(and(eq(bonusRuns.tenantId, tenantId), eq(bonusRuns.id, id)));
}
