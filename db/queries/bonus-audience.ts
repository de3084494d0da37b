import { and, asc, count, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { BonusReason } from '@/lib/domain/lime';
import type { Db } from '../client';
import { bonusCredits } from '../schema-bonuses';
import { limeBalances, limeClients, limeTransactions } from '../schema-lime';

/**
 * A mass run's people, picked from the Lime mirror by a filter already turned into bounds (days into
 * instants of the venue's zone, ages into birth dates: lib/bonuses/audience.ts). Each condition is
 * a column compare or an EXISTS / scalar subquery over an index of the mirror.
 */

export interface AudienceQuery {
  tenantId: string;
  connectionId: string;
  category?: 'adult' | 'child';
  /** Has a live child born in (after, onOrBefore]. */
  childBorn?: { after: string; onOrBefore: string };
  /** 1..12. */
  birthMonth?: number;
  lastVisitFrom?: Date;
  lastVisitBefore?: Date;
  bonusFrom?: number;
  bonusTo?: number;
  /** Purchases in [from, to) adding up to min..max kopecks. */
  spend?: { from: Date; to: Date; min: number; max?: number };
}

/** The filter as one SQL condition over `lime_clients` (campaign audiences reuse it). */
export function audienceConditions(q: AudienceQuery): SQL {
  const c = limeClients;
  const parts: (SQL | undefined)[] = [eq(c.tenantId, q.tenantId), eq(c.connectionId, q.connectionId)];
  if (q.category) parts.push(eq(c.category, q.category));
  if (q.childBorn) {
    // The parent's children's birth dates, kept on its row (lime_clients_parents_idx, read alone).
    parts.push(
      sql`${c.childrenBorn} && daterange(${q.childBorn.after}::date, ${q.childBorn.onOrBefore}::date, '(]')`,
    );
  }
  if (q.birthMonth !== undefined) {
    const month = String(q.birthMonth).padStart(2, '0');
    parts.push(gte(c.birthMonthDay, `${month}-01`), lte(c.birthMonthDay, `${month}-31`));
  }
  if (q.lastVisitFrom) parts.push(gte(c.lastVisitAt, q.lastVisitFrom));
  if (q.lastVisitBefore) parts.push(lt(c.lastVisitAt, q.lastVisitBefore));
  if (q.bonusFrom !== undefined || q.bonusTo !== undefined) {
    const bonus = sql`coalesce((select ${limeBalances.bonusKopecks} from ${limeBalances}
       where ${limeBalances.connectionId} = ${c.connectionId} and ${limeBalances.clientId} = ${c.id}), 0)`;
    if (q.bonusFrom !== undefined) parts.push(sql`${bonus} >= ${q.bonusFrom}`);
    if (q.bonusTo !== undefined) parts.push(sql`${bonus} <= ${q.bonusTo}`);
  }
  if (q.spend) {
    const spent = sql`(select coalesce(sum(${limeTransactions.totalKopecks}), 0) from ${limeTransactions}
       where ${limeTransactions.tenantId} = ${c.tenantId} and ${limeTransactions.clientId} = ${c.id}
         and ${limeTransactions.connectionId} = ${c.connectionId} and ${limeTransactions.type} = 'purchase'
         and ${limeTransactions.occurredAt} >= ${q.spend.from.toISOString()}::timestamptz
         and ${limeTransactions.occurredAt} < ${q.spend.to.toISOString()}::timestamptz)`;
    parts.push(sql`${spent} >= ${q.spend.min}`);
    if (q.spend.max !== undefined) parts.push(sql`${spent} <= ${q.spend.max}`);
  }
  return and(...parts) as SQL;
}

export async function countAudience(db: Db, q: AudienceQuery): Promise<number> {
  const [row] = await db.select({ n: count() }).from(limeClients).where(audienceConditions(q));
  return row?.n ?? 0;
}

/** The first few people by name (a preview). */
export async function sampleAudience(
  db: Db,
  q: AudienceQuery,
  limit: number,
): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: limeClients.id, name: limeClients.displayName })
    .from(limeClients)
    .where(audienceConditions(q))
    .orderBy(asc(limeClients.displayName), asc(limeClients.id))
    .limit(limit);
}

/**
 * Writes a run's credit for each person of the audience in one statement, keyed
 * `<keyPrefix><client id>` (lib/domain/bonus-keys.ts); a key written before is left as it is.
 */
export async function insertAudienceCredits(
  db: Db,
  q: AudienceQuery,
  run: {
    runId: string;
    keyPrefix: string;
    amountKopecks: number;
    reason: BonusReason;
    comment: string | null;
    requestedBy: string;
  },
): Promise<void> {
  const c = limeClients;
  await db.execute(sql`
    insert into ${bonusCredits}
      (tenant_id, key, connection_id, client_id, amount_kopecks, reason, comment, requested_by, run_id)
    select ${q.tenantId}::uuid, ${run.keyPrefix}::text || ${c.id}::text, ${q.connectionId}::uuid, ${c.id},
           ${run.amountKopecks}::bigint, ${run.reason}::text, ${run.comment}::text, ${run.requestedBy}::text,
           ${run.runId}::uuid
      from ${c}
     where ${audienceConditions(q)}
     order by ${c.id}
    on conflict (tenant_id, key) do nothing`);
}
