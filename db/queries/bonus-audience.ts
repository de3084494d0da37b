import { and, asc, count, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import { childYearMasks } from '@/lib/domain/child-years';
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
    // A child in a year the range covers whole decides by the bits; one in a year it covers in part,
    // by the birth dates (both on the parent's row: lime_clients_parents_born_idx, read alone).
    const { inner, edge } = childYearMasks(q.childBorn.after, q.childBorn.onOrBefore);
    parts.push(
      sql`${c.childrenYears} is not null and ((${c.childrenYears} & ${String(inner)}::bigint) <> 0
        or ((${c.childrenYears} & ${String(edge)}::bigint) <> 0 and ${bornIn(q.childBorn)}))`,
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

function bornIn(born: NonNullable<AudienceQuery['childBorn']>): SQL {
  return sql`${limeClients.childrenBorn} && daterange(${born.after}::date, ${born.onOrBefore}::date, '(]')`;
}

export async function countAudience(db: Db, q: AudienceQuery): Promise<number> {
  if (q.childBorn) return countByChildBorn(db, q, q.childBorn);
  const [row] = await db.select({ n: count() }).from(limeClients).where(audienceConditions(q));
  return row?.n ?? 0;
}

/**
 * The count by a child's age in two reads, so that no parent's birth dates are read when its years
 * decide: the parents per value of children_years (lime_clients_parents_years_idx, a few MB), those
 * whose value has a year the range covers whole counted at once; then, for each value with only
 * partly covered years, its parents' birth dates tested (lime_clients_parents_born_idx, that value's
 * rows only). Same people as audienceConditions.
 */
async function countByChildBorn(
  db: Db,
  q: AudienceQuery,
  born: NonNullable<AudienceQuery['childBorn']>,
): Promise<number> {
  const c = limeClients;
  const others = audienceConditions({ ...q, childBorn: undefined });
  const { inner, edge } = childYearMasks(born.after, born.onOrBefore);
  const result = (await db.execute(sql`
    with years as (
      select ${c.childrenYears} as bits, count(*) as n from ${c}
       where ${others} and ${c.childrenYears} is not null group by ${c.childrenYears})
    select (coalesce(sum(n) filter (where (bits & ${String(inner)}::bigint) <> 0), 0)
          + coalesce((select sum(tested.n) from years as part, lateral (
              select count(*) as n from ${c}
               where ${others} and ${c.childrenYears} = part.bits and ${bornIn(born)}) as tested
             where (part.bits & ${String(inner)}::bigint) = 0 and (part.bits & ${String(edge)}::bigint) <> 0), 0)
           )::int as n
      from years`)) as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
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
