import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { effects } from '../schema';

/**
 * Claims a deterministic idempotency key. Only the first claim of a key succeeds (unique in the
 * database), so an effect guarded by it happens once however often a job is retried or duplicated.
 */
export async function claimEffect(
  db: Db,
  params: { tenantId: string; key: string; kind: string; result?: unknown },
): Promise<boolean> {
  const rows = await db
    .insert(effects)
    .values({ tenantId: params.tenantId, key: params.key, kind: params.kind, result: params.result ?? null })
    .onConflictDoNothing()
    .returning({ key: effects.key });
  return rows.length === 1;
}

export async function getEffect(db: Db, params: { tenantId: string; key: string }) {
  const [row] = await db
    .select()
    .from(effects)
    .where(and(eq(effects.tenantId, params.tenantId), eq(effects.key, params.key)));
  return row ?? null;
}

/** Gives a claimed key back when its effect failed before it happened, so a retry may do it. */
export async function releaseEffect(db: Db, params: { tenantId: string; key: string }): Promise<void> {
  await db.delete(effects).where(and(eq(effects.tenantId, params.tenantId), eq(effects.key, params.key)));
}
