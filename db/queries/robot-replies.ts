import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type RobotReplyStatus, robotReplies } from '../schema-bonuses';
import { rowsOf } from './campaign-audience';

/**
 * The bonus robot's answers (db/schema-bonuses.ts robot_replies): recorded with the run's credit key
 * before its credit is asked for (so the credit's settling always finds the row), or with a refusal;
 * leased when ready, then finished. Every query names the tenant.
 */

/** The run will be answered about its credit (`creditKey`) or refused (`refusal`, which wins). */
export async function recordRobotReply(
  db: Db,
  params: { tenantId: string; inboxId: number; creditKey?: string; refusal?: string },
): Promise<void> {
  const insert = db.insert(robotReplies).values({
    tenantId: params.tenantId,
    inboxId: params.inboxId,
    creditKey: params.creditKey ?? null,
    refusal: params.refusal ?? null,
  });
  if (params.refusal === undefined) {
    await insert.onConflictDoNothing();
    return;
  }
  await insert.onConflictDoUpdate({
    target: [robotReplies.tenantId, robotReplies.inboxId],
    set: { refusal: params.refusal },
    where: eq(robotReplies.status, 'waiting'),
  });
}

export interface ReadyRobotReply {
  inboxId: number;
  refusal: string | null;
  creditKey: string | null;
  payload: unknown;
  credit: {
    status: string;
    amountKopecks: number;
    balanceAfterKopecks: number | null;
    error: string | null;
  } | null;
}

/**
 * Up to `limit` answers that are ready — refused, or their credit done or failed — and not held by
 * another worker, oldest first, leased for `leaseSeconds`; with the run (its inbox payload) and the
 * credit. Rows another worker has locked are skipped.
 */
export async function leaseReadyRobotReplies(
  db: Db,
  params: { tenantId: string; limit: number; leaseSeconds: number },
): Promise<ReadyRobotReply[]> {
  const rows = await rowsOf<{
    inbox_id: string | number;
    refusal: string | null;
    credit_key: string | null;
    payload: unknown;
    credit_status: string | null;
    amount_kopecks: string | number | null;
    balance_after_kopecks: string | number | null;
    credit_error: string | null;
  }>(
    db,
    sql`
    with ready as (
      select r.tenant_id, r.inbox_id
        from robot_replies r
        left join bonus_credits c on c.tenant_id = r.tenant_id and c.key = r.credit_key
       where r.tenant_id = ${params.tenantId}
         and r.status = 'waiting'
         and (r.lease_until is null or r.lease_until < now())
         and (r.refusal is not null or c.status in ('done', 'failed'))
       order by r.created_at, r.inbox_id
       limit ${params.limit}
       for update of r skip locked
    ), leased as (
      update robot_replies r
         set lease_until = now() + make_interval(secs => ${params.leaseSeconds}),
             attempts = r.attempts + 1
        from ready
       where r.tenant_id = ready.tenant_id and r.inbox_id = ready.inbox_id
      returning r.inbox_id, r.refusal, r.credit_key, r.created_at
    )
    select l.inbox_id, l.refusal, l.credit_key, i.payload,
           c.status as credit_status, c.amount_kopecks, c.balance_after_kopecks, c.error as credit_error
      from leased l
      join inbox i on i.tenant_id = ${params.tenantId} and i.id = l.inbox_id
      left join bonus_credits c on c.tenant_id = ${params.tenantId} and c.key = l.credit_key
     order by l.created_at, l.inbox_id`,
  );
  return rows.map((row) => ({
    inboxId: Number(row.inbox_id),
    refusal: row.refusal,
    creditKey: row.credit_key,
    payload: row.payload,
    credit:
      row.credit_status === null
        ? null
        : {
            status: row.credit_status,
            amountKopecks: Number(row.amount_kopecks),
            balanceAfterKopecks:
              row.balance_after_kopecks === null ? null : Number(row.balance_after_kopecks),
            error: row.credit_error,
          },
  }));
}

/** Answered (or the portal no longer waits): never sent again. */
export async function finishRobotReplies(
  db: Db,
  params: { tenantId: string; inboxIds: number[]; status: Exclude<RobotReplyStatus, 'waiting'> },
): Promise<void> {
  if (params.inboxIds.length === 0) return;
  await db
    .update(robotReplies)
    .set({ status: params.status, leaseUntil: null, answeredAt: sql`now()` })
    .where(and(eq(robotReplies.tenantId, params.tenantId), inArray(robotReplies.inboxId, params.inboxIds)));
}

/** Leased but not sent (the portal was out of reach): free for the next try at once. */
export async function releaseRobotReplies(
  db: Db,
  params: { tenantId: string; inboxIds: number[] },
): Promise<void> {
  if (params.inboxIds.length === 0) return;
  await db
    .update(robotReplies)
    .set({ leaseUntil: null })
    .where(
      and(
        eq(robotReplies.tenantId, params.tenantId),
        inArray(robotReplies.inboxId, params.inboxIds),
        eq(robotReplies.status, 'waiting'),
      ),
    );
}
