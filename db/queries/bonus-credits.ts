import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { BonusReason } from '@/lib/domain/lime';
import type { Db } from '../client';
import { type BonusCreditStatus, type BonusTimelineStatus, bonusCredits } from '../schema-bonuses';

/**
 * Bonus credits (db/schema-bonuses.ts). A credit is written once per key; it is sent to Lime only
 * under a lease taken by one atomic statement (`FOR UPDATE SKIP LOCKED`), so concurrent workers
 * never hold the same credit, and a lease that ran out (its worker died) can be taken again.
 */

export type BonusCreditRow = typeof bonusCredits.$inferSelect;

export interface NewBonusCredit {
  tenantId: string;
  key: string;
  connectionId: string;
  clientId: number;
  relatedClientId?: number | null;
  crmContactId?: string | null;
  amountKopecks: number;
  reason: BonusReason;
  comment?: string | null;
  requestedBy?: string | null;
  runId?: string | null;
}

/** This credit of the tenant, in this status if one is given. */
const thisCredit = (params: { tenantId: string; id: string }, status?: BonusCreditStatus) =>
  and(
    eq(bonusCredits.tenantId, params.tenantId),
    eq(bonusCredits.id, params.id),
    status === undefined ? undefined : eq(bonusCredits.status, status),
  );

/** The credit of this key: written now (`created`), or the one written before for it. */
export async function insertBonusCredit(
  db: Db,
  credit: NewBonusCredit,
): Promise<{ row: BonusCreditRow; created: boolean }> {
  const [made] = await db.insert(bonusCredits).values(credit).onConflictDoNothing().returning();
  if (made) return { row: made, created: true };
  const existing = await getBonusCredit(db, { tenantId: credit.tenantId, key: credit.key });
  if (!existing) throw new Error(`bonus credit ${credit.key} vanished after a conflict`);
  return { row: existing, created: false };
}

/** Many credits in one statement (a run's list); keys written before are left as they are. Returns how many were new. */
export async function insertBonusCredits(db: Db, credits: NewBonusCredit[]): Promise<number> {
  if (credits.length === 0) return 0;
  const made = await db
    .insert(bonusCredits)
    .values(credits)
    .onConflictDoNothing()
    .returning({ id: bonusCredits.id });
  return made.length;
}

/** A credit by its id or by its key. */
export async function getBonusCredit(
  db: Db,
  params: { tenantId: string } & ({ id: string } | { key: string }),
): Promise<BonusCreditRow | null> {
  const which = 'id' in params ? eq(bonusCredits.id, params.id) : eq(bonusCredits.key, params.key);
  const [row] = await db
    .select()
    .from(bonusCredits)
    .where(and(eq(bonusCredits.tenantId, params.tenantId), which));
  return row ?? null;
}

/** A failed credit asked for again: pending once more (it goes to Lime with its same key). */
export async function reopenFailedCredit(db: Db, params: { tenantId: string; id: string }) {
  const [row] = await db
    .update(bonusCredits)
    .set({ status: 'pending', error: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(thisCredit(params, 'failed'))
    .returning();
  return row ?? null;
}

const claimable = sql`${bonusCredits.status} = 'pending' and (${bonusCredits.leaseUntil} is null or ${bonusCredits.leaseUntil} < now())`;

/**
 * Takes the lease of a pending credit — this one (`id`) or the next of a run (`runId`) — for
 * `leaseSeconds`; null when none is free (done, failed, or another worker holds it).
 */
export async function leaseBonusCredit(
  db: Db,
  params: { tenantId: string; leaseSeconds: number } & ({ id: string } | { runId: string }),
): Promise<BonusCreditRow | null> {
  const which = 'id' in params ? eq(bonusCredits.id, params.id) : eq(bonusCredits.runId, params.runId);
  const next = db
    .select({ id: bonusCredits.id })
    .from(bonusCredits)
    .where(and(eq(bonusCredits.tenantId, params.tenantId), which, claimable))
    .orderBy(asc(bonusCredits.createdAt), asc(bonusCredits.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(bonusCredits)
    .set({
      leaseUntil: sql`now() + make_interval(secs => ${params.leaseSeconds})`,
      attempts: sql`${bonusCredits.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    // `= (scalar subquery)` runs it once (an InitPlan); `in (…)` may run it again per row and lease several.
    .where(and(eq(bonusCredits.tenantId, params.tenantId), sql`${bonusCredits.id} = (${next})`))
    .returning();
  return row ?? null;
}

/** Lime credited it: done, with Lime's accrual, the lease given up. */
export async function markCreditDone(
  db: Db,
  params: { tenantId: string; id: string; accrualId: number; balanceAfterKopecks: number },
): Promise<BonusCreditRow | null> {
  const [row] = await db
    .update(bonusCredits)
    .set({
      status: 'done',
      accrualId: params.accrualId,
      balanceAfterKopecks: params.balanceAfterKopecks,
      error: null,
      leaseUntil: null,
      doneAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(thisCredit(params))
    .returning();
  return row ?? null;
}

/** Lime refused it (or could not be reached for good): failed with the reason; a done credit stays done. */
export async function markCreditFailed(
  db: Db,
  params: { tenantId: string; id: string; error: string },
): Promise<void> {
  await db
    .update(bonusCredits)
    .set({ status: 'failed', error: params.error.slice(0, 2000), leaseUntil: null, updatedAt: sql`now()` })
    .where(thisCredit(params, 'pending'));
}

/** Gives a lease back early (the send failed in a way worth trying again soon). */
export async function releaseCreditLease(db: Db, params: { tenantId: string; id: string }): Promise<void> {
  await db
    .update(bonusCredits)
    .set({ leaseUntil: null, updatedAt: sql`now()` })
    .where(thisCredit(params, 'pending'));
}

/** The latest credits asked for from a contact's card. */
export async function listContactCredits(
  db: Db,
  params: { tenantId: string; contactId: string; limit: number },
): Promise<BonusCreditRow[]> {
  return db
    .select()
    .from(bonusCredits)
    .where(and(eq(bonusCredits.tenantId, params.tenantId), eq(bonusCredits.crmContactId, params.contactId)))
    .orderBy(desc(bonusCredits.createdAt))
    .limit(params.limit);
}

/** Done credits whose timeline entry is still to be written, oldest first. */
export async function listCreditsForTimeline(
  db: Db,
  params: { tenantId: string; limit: number },
): Promise<BonusCreditRow[]> {
  return db
    .select()
    .from(bonusCredits)
    .where(
      and(
        eq(bonusCredits.tenantId, params.tenantId),
        eq(bonusCredits.status, 'done'),
        eq(bonusCredits.timelineStatus, 'waiting'),
      ),
    )
    .orderBy(asc(bonusCredits.doneAt), asc(bonusCredits.id))
    .limit(params.limit);
}

export async function markCreditTimeline(
  db: Db,
  params: {
    tenantId: string;
    id: string;
    status: Exclude<BonusTimelineStatus, 'waiting'>;
    contactId?: string;
  },
): Promise<void> {
  await db
    .update(bonusCredits)
    .set({
      timelineStatus: params.status,
      ...(params.contactId ? { crmContactId: params.contactId } : {}),
      updatedAt: sql`now()`,
    })
    .where(thisCredit(params));
}

/** How a run's credits stand: per status, and whether any pending one is free to take now. */
export async function runCreditCounts(
  db: Db,
  params: { tenantId: string; runId: string },
): Promise<{ pending: number; free: number; done: number; failed: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${bonusCredits.status} = 'pending')::int`,
      free: sql<number>`count(*) filter (where ${claimable})::int`,
      done: sql<number>`count(*) filter (where ${bonusCredits.status} = 'done')::int`,
      failed: sql<number>`count(*) filter (where ${bonusCredits.status} = 'failed')::int`,
    })
    .from(bonusCredits)
    .where(and(eq(bonusCredits.tenantId, params.tenantId), eq(bonusCredits.runId, params.runId)));
  return row ?? { pending: 0, free: 0, done: 0, failed: 0 };
}

/** When the earliest lease of a run's pending credits runs out (null: none is leased). */
export async function nextLeaseEnd(
  db: Db,
  params: { tenantId: string; runId: string },
): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | null>`min(${bonusCredits.leaseUntil})` })
    .from(bonusCredits)
    .where(
      and(
        eq(bonusCredits.tenantId, params.tenantId),
        eq(bonusCredits.runId, params.runId),
        eq(bonusCredits.status, 'pending'),
      ),
    );
  return row?.at ? new Date(row.at) : null;
}

/** A run's failed credits with the reasons, for its report. */
export async function listRunFailures(
  db: Db,
  params: { tenantId: string; runId: string; limit: number },
): Promise<BonusCreditRow[]> {
  return db
    .select()
    .from(bonusCredits)
    .where(
      and(
        eq(bonusCredits.tenantId, params.tenantId),
        eq(bonusCredits.runId, params.runId),
        eq(bonusCredits.status, 'failed'),
      ),
    )
    .orderBy(asc(bonusCredits.clientId))
    .limit(params.limit);
}
