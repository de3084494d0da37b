import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type RestLogOutcome, type RestLogSystem, restLog } from '../schema-rest-log';

export type RestLogRow = typeof restLog.$inferSelect;

export interface RestLogInput {
  /** A tenant's id; rate-limit owners that are no tenant yet (`portal:<host>`) are left out. */
  tenantId: string;
  system: RestLogSystem;
  method: string;
  operation: string;
  url: string;
  status: number | null;
  durationMs: number;
  outcome: RestLogOutcome;
  error: string | null;
  requestBody: string | null;
  responseBody: string | null;
  at: Date;
}

/**
 * Many entries in one statement, ids in the order given. Entries of a tenant that does not exist (deleted meanwhile, or an
 * owner that is not a tenant) are dropped rather than failing the batch.
 */
export async function insertRestLog(db: Db, entries: RestLogInput[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = JSON.stringify(
    entries.map((e) => ({
      tenant_id: e.tenantId,
      system: e.system,
      method: e.method,
      operation: e.operation,
      url: e.url,
      status: e.status,
      duration_ms: Math.round(e.durationMs),
      outcome: e.outcome,
      error: e.error,
      request_body: e.requestBody,
      response_body: e.responseBody,
      at: e.at.toISOString(),
    })),
  );
  await db.execute(sql`
    insert into rest_log (tenant_id, system, method, operation, url, status, duration_ms, outcome, error,
                          request_body, response_body, at)
    select t.id, r.system, r.method, r.operation, r.url, r.status, r.duration_ms, r.outcome, r.error,
           r.request_body, r.response_body, r.at
    from jsonb_array_elements(${rows}::jsonb) with ordinality as e(item, n)
    cross join lateral jsonb_to_record(e.item) as r(
      tenant_id text, system text, method text, operation text, url text, status int, duration_ms int,
      outcome text, error text, request_body text, response_body text, at timestamptz)
    join tenants t on t.id::text = r.tenant_id
    order by e.n`);
}

/** A tenant's most recent calls, newest first, optionally of one system. */
export async function listRestLog(
  db: Db,
  params: { tenantId: string; system?: RestLogSystem; limit: number; beforeId?: number },
): Promise<RestLogRow[]> {
  return db
    .select()
    .from(restLog)
    .where(
      and(
        eq(restLog.tenantId, params.tenantId),
        params.system ? eq(restLog.system, params.system) : undefined,
        params.beforeId ? sql`${restLog.id} < ${params.beforeId}` : undefined,
      ),
    )
    .orderBy(desc(restLog.id))
    .limit(params.limit);
}

/** Deletes every tenant's entries older than the retention; answers how many went. */
export async function pruneRestLog(db: Db, params: { olderThanDays: number }): Promise<number> {
  const result = (await db.execute(sql`
    with gone as (
      delete from rest_log where at < now() - make_interval(days => ${params.olderThanDays}) returning 1
    ) select count(*)::int as n from gone`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}
