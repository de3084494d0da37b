import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type InboxSource, inbox } from '../schema';

export type InboxRow = typeof inbox.$inferSelect;

export function dedupeKeyOf(rawBody: string | Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

/**
 * Stores an accepted inbound request before it is answered. A duplicate of a row not yet processed
 * is a no-op (partial unique index); the answer says whether a new row was written.
 */
export async function insertInbox(
  db: Db,
  params: { tenantId: string; source: InboxSource; kind: string; dedupeKey: string; payload: unknown },
): Promise<{ id: number; inserted: true } | { inserted: false }> {
  const rows = await db
    .insert(inbox)
    .values({
      tenantId: params.tenantId,
      source: params.source,
      kind: params.kind,
      dedupeKey: params.dedupeKey,
      payload: params.payload,
    })
    .onConflictDoNothing({
      target: [inbox.tenantId, inbox.source, inbox.dedupeKey],
      where: sql`${inbox.processedAt} is null`,
    })
    .returning({ id: inbox.id });
  const row = rows[0];
  return row ? { id: row.id, inserted: true } : { inserted: false };
}

/** Several rows in one statement (a page of Lime's feed); duplicates among unprocessed rows are skipped. */
export async function insertInboxMany(
  db: Db,
  params: {
    tenantId: string;
    rows: { source: InboxSource; kind: string; dedupeKey: string; payload: unknown }[];
  },
): Promise<number> {
  if (params.rows.length === 0) return 0;
  const inserted = await db
    .insert(inbox)
    .values(params.rows.map((row) => ({ ...row, tenantId: params.tenantId })))
    .onConflictDoNothing({
      target: [inbox.tenantId, inbox.source, inbox.dedupeKey],
      where: sql`${inbox.processedAt} is null`,
    })
    .returning({ id: inbox.id });
  return inserted.length;
}

/** Rows of kinds starting with `kindPrefix` (`ONCRM`: CRM events; a robot's runs are another kind). */
const ofKinds = (kindPrefix: string | undefined) =>
  kindPrefix === undefined ? undefined : sql`starts_with(${inbox.kind}, ${kindPrefix})`;

export async function listUnprocessedInbox(
  db: Db,
  params: { tenantId: string; source?: InboxSource; kindPrefix?: string; limit?: number },
): Promise<InboxRow[]> {
  return db
    .select()
    .from(inbox)
    .where(
      and(
        eq(inbox.tenantId, params.tenantId),
        isNull(inbox.processedAt),
        params.source ? eq(inbox.source, params.source) : undefined,
        ofKinds(params.kindPrefix),
      ),
    )
    .orderBy(asc(inbox.receivedAt), asc(inbox.id))
    .limit(params.limit ?? 100);
}

/** One row of the tenant's inbox, processed or not. */
export async function getInboxRow(
  db: Db,
  params: { tenantId: string; id: number },
): Promise<InboxRow | null> {
  const [row] = await db
    .select()
    .from(inbox)
    .where(and(eq(inbox.tenantId, params.tenantId), eq(inbox.id, params.id)));
  return row ?? null;
}

export async function markInboxProcessed(db: Db, params: { tenantId: string; ids: number[] }): Promise<void> {
  if (params.ids.length === 0) return;
  await db
    .update(inbox)
    .set({ processedAt: sql`now()` })
    .where(
      and(
        eq(inbox.tenantId, params.tenantId),
        sql`${inbox.id} = any(${sql.param(params.ids)}::bigint[])`,
        isNull(inbox.processedAt),
      ),
    );
}

export async function markInboxFailed(
  db: Db,
  params: { tenantId: string; id: number; error: string },
): Promise<void> {
  await db
    .update(inbox)
    .set({ attempts: sql`${inbox.attempts} + 1`, lastError: params.error.slice(0, 2000) })
    .where(and(eq(inbox.tenantId, params.tenantId), eq(inbox.id, params.id)));
}

/** Tenants whose inbox holds rows of a source older than `olderThanSeconds` that nothing has processed. */
export async function listTenantsWithStaleInbox(
  db: Db,
  params: { source: InboxSource; kindPrefix?: string; olderThanSeconds: number },
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: inbox.tenantId })
    .from(inbox)
    .where(
      and(
        eq(inbox.source, params.source),
        isNull(inbox.processedAt),
        ofKinds(params.kindPrefix),
        sql`${inbox.receivedAt} < now() - make_interval(secs => ${params.olderThanSeconds})`,
      ),
    );
  return rows.map((r) => r.tenantId);
}
