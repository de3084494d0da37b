import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type NpsCrmStatus, npsAnswers } from '../schema-mailings';

/**
 * NPS answers (db/schema-mailings.ts): one per send, the first kept — a second submit of the page
 * finds the first (`ON CONFLICT DO NOTHING`). The CRM write is tracked by `crm_status`.
 */

export type NpsAnswerRow = typeof npsAnswers.$inferSelect;

/** The new answer, or null when the send has one already. */
export async function insertNpsAnswer(
  db: Db,
  params: {
    tenantId: string;
    sendId: string;
    clientId: number;
    contactId: string | null;
    score: number;
    comment: string | null;
    answeredAt: Date;
  },
): Promise<NpsAnswerRow | null> {
  const [row] = await db.insert(npsAnswers).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

export async function getNpsAnswerForSend(
  db: Db,
  params: { tenantId: string; sendId: string },
): Promise<NpsAnswerRow | null> {
  const [row] = await db
    .select()
    .from(npsAnswers)
    .where(and(eq(npsAnswers.tenantId, params.tenantId), eq(npsAnswers.sendId, params.sendId)));
  return row ?? null;
}

/** Answers still to be written into the CRM, oldest first. */
export async function listWaitingNpsAnswers(
  db: Db,
  params: { tenantId: string; limit: number },
): Promise<NpsAnswerRow[]> {
  return db
    .select()
    .from(npsAnswers)
    .where(and(eq(npsAnswers.tenantId, params.tenantId), eq(npsAnswers.crmStatus, 'waiting')))
    .orderBy(asc(npsAnswers.answeredAt))
    .limit(params.limit);
}

export async function setNpsCrmStatus(
  db: Db,
  params: { tenantId: string; id: string; status: NpsCrmStatus },
): Promise<void> {
  await db
    .update(npsAnswers)
    .set({ crmStatus: params.status, updatedAt: sql`now()` })
    .where(and(eq(npsAnswers.tenantId, params.tenantId), eq(npsAnswers.id, params.id)));
}

export interface NpsDay {
  /** YYYY-MM-DD in the zone asked for. */
  day: string;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  scoreSum: number;
}

/** Answers per calendar day of `zone` in [from, to): counts of each group and the sum of scores. */
export async function npsByDay(
  db: Db,
  params: { tenantId: string; from: Date; to: Date; zone: string },
): Promise<NpsDay[]> {
  const day = sql<string>`to_char(${npsAnswers.answeredAt} at time zone ${params.zone}, 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      answers: sql<number>`count(*)::int`,
      promoters: sql<number>`count(*) filter (where ${npsAnswers.score} >= 9)::int`,
      passives: sql<number>`count(*) filter (where ${npsAnswers.score} between 7 and 8)::int`,
      detractors: sql<number>`count(*) filter (where ${npsAnswers.score} <= 6)::int`,
      scoreSum: sql<number>`sum(${npsAnswers.score})::int`,
    })
    .from(npsAnswers)
    .where(
      and(
        eq(npsAnswers.tenantId, params.tenantId),
        gte(npsAnswers.answeredAt, params.from),
        lt(npsAnswers.answeredAt, params.to),
      ),
    )
    // By position: the zone is a parameter, and each mention of it would be another one.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows;
}
