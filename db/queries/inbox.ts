import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type InboxSource, inbox } from '../schema';

export type InboxRow = typeof inbox.$inferSelect;

export function dedupeKeyOf(rawBody: string | Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

export interface InboxInsert {
  tenantId: string;
  source: InboxSource;
  kind: string;
  dedupeKey: string;
  payload: unknown;
}

/**
 * Stores accepted inbound requests (of any tenants) in one statement, before they are answered. A
 * duplicate of a row not yet processed is a no-op (partial unique index), as is a repeat within
 * the rows. The answer holds, for each row in order, its new id, or null when nothing was written.
 */
export async function insertInboxRows(db: Db, rows: InboxInsert[]): Promise<(number | null)[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(inbox)
    .values(rows)
    .onConflictDoNothing({
      target: [inbox.tenantId, inbox.source, inbox.dedupeKey],
      where: sql`${inbox.processedAt} is null`,
    })
    .returning({ id: inbox.id, tenantId: inbox.tenantId, source: inbox.source, dedupeKey: inbox.dedupeKey });
  const idOf = new Map(inserted.map((row) => [`${row.tenantId} ${row.source} ${row.dedupeKey}`, row.id]));
  return rows.map((row) => {
    const key = `${row.tenantId} ${row.source} ${row.dedupeKey}`;
    const id = idOf.get(key) ?? null;
    idOf.delete(key); // a repeat within the rows wrote nothing
    return id;
  });
}

/** One row: the answer says whether a new row was written. */
export async function insertInbox(
  db: Db,
  params: InboxInsert,
): Promise<{ id: number; inserted: true } | { inserted: false }> {
  const [id] = await insertInboxRows(db, [params]);
  return id ? { id, inserted: true } : { inserted: false };
}

/** Several rows of one tenant (a page of Lime's feed); the answer is how many were new. */
export async function insertInboxMany(
  db: Db,
  params: {
    tenantId: string;
    rows: Omit<InboxInsert, 'tenantId'>[];
  },
): Promise<number> {
  const ids = await insertInboxRows(
    db,
    params.rows.map((row) => ({ ...row, tenantId: params.tenantId })),
  );
  return ids.filter((id) => id !== null).length;
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
