import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type LimeConnectionStatus, limeConnections } from '../schema-lime';

export type LimeConnectionRow = typeof limeConnections.$inferSelect;
export type LimeConnectionFields = Omit<
  typeof limeConnections.$inferInsert,
  'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'feedCursor' | 'status'
>;

export async function upsertLimeConnection(
  db: Db,
  params: { tenantId: string; fields: LimeConnectionFields },
): Promise<LimeConnectionRow> {
  const [row] = await db
    .insert(limeConnections)
    .values({ tenantId: params.tenantId, ...params.fields })
    .onConflictDoUpdate({
      target: [limeConnections.tenantId, limeConnections.baseUrl, limeConnections.installationId],
      set: { ...params.fields, status: 'active', lastError: null, updatedAt: sql`now()` },
    })
    .returning();
  return row as LimeConnectionRow;
}

export async function getLimeConnection(
  db: Db,
  params: { tenantId: string; connectionId: string },
): Promise<LimeConnectionRow | null> {
  const [row] = await db
    .select()
    .from(limeConnections)
    .where(and(eq(limeConnections.tenantId, params.tenantId), eq(limeConnections.id, params.connectionId)));
  return row ?? null;
}

/**
 * By id alone: only for Lime's webhook, whose URL carries the connection id and whose HMAC
 * (with that connection's secret) is what proves the tenant.
 */
export async function findLimeConnectionForWebhook(
  db: Db,
  params: { connectionId: string },
): Promise<LimeConnectionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(params.connectionId)) return null;
  const [row] = await db.select().from(limeConnections).where(eq(limeConnections.id, params.connectionId));
  return row ?? null;
}

export async function listLimeConnections(
  db: Db,
  params: { tenantId: string },
): Promise<LimeConnectionRow[]> {
  return db.select().from(limeConnections).where(eq(limeConnections.tenantId, params.tenantId));
}

/** The connection the tenant works with (the one not disabled), or null. */
export async function getActiveLimeConnection(
  db: Db,
  params: { tenantId: string },
): Promise<LimeConnectionRow | null> {
  return (await listLimeConnections(db, params)).find((c) => c.status !== 'disabled') ?? null;
}

/** Turns off a tenant's other connections (the sandbox's previous simulators). */
export async function disableOtherLimeConnections(
  db: Db,
  params: { tenantId: string; keepConnectionId: string },
): Promise<void> {
  await db
    .update(limeConnections)
    .set({ status: 'disabled', updatedAt: sql`now()` })
    .where(
      and(eq(limeConnections.tenantId, params.tenantId), ne(limeConnections.id, params.keepConnectionId)),
    );
}

/** For the scheduler (every tenant): active connections whose feed is not backing off. */
export async function listConnectionsDueForPolling(db: Db): Promise<LimeConnectionRow[]> {
  return db
    .select()
    .from(limeConnections)
    .where(
      and(
        eq(limeConnections.status, 'active'),
        or(isNull(limeConnections.feedBackoffUntil), lt(limeConnections.feedBackoffUntil, sql`now()`)),
      ),
    );
}

/** The cursor only moves forward, whatever order concurrent writers finish in. */
export async function advanceFeedCursor(
  db: Db,
  params: { tenantId: string; connectionId: string; cursor: number },
): Promise<void> {
  await db
    .update(limeConnections)
    .set({
      feedCursor: sql`greatest(${limeConnections.feedCursor}, ${params.cursor})`,
      lastPolledAt: sql`now()`,
      lastError: null,
    })
    .where(and(eq(limeConnections.tenantId, params.tenantId), eq(limeConnections.id, params.connectionId)));
}

export async function recordConnectionProblem(
  db: Db,
  params: {
    tenantId: string;
    connectionId: string;
    error: string;
    status?: LimeConnectionStatus;
    backoffSeconds?: number;
  },
): Promise<void> {
  await db
    .update(limeConnections)
    .set({
      lastError: params.error.slice(0, 1000),
      lastPolledAt: sql`now()`,
      ...(params.status ? { status: params.status } : {}),
      ...(params.backoffSeconds
        ? { feedBackoffUntil: sql`now() + make_interval(secs => ${params.backoffSeconds})` }
        : {}),
    })
    .where(and(eq(limeConnections.tenantId, params.tenantId), eq(limeConnections.id, params.connectionId)));
}

export async function recordConnectionCheck(
  db: Db,
  params: {
    tenantId: string;
    connectionId: string;
    capabilities: unknown;
    problem: string | null;
    /** Lime answered and refused our credentials (not: unreachable, timed out, failed). */
    credentialsRefused: boolean;
  },
): Promise<void> {
  await db
    .update(limeConnections)
    .set({
      capabilities: params.capabilities,
      lastError: params.problem,
      status: params.credentialsRefused ? 'auth_failed' : 'active',
      updatedAt: sql`now()`,
    })
    .where(and(eq(limeConnections.tenantId, params.tenantId), eq(limeConnections.id, params.connectionId)));
}
