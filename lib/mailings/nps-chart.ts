import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import { npsByDay } from '@/db/queries/nps-answers';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { InvalidRequestError } from '@/lib/http/errors';

/**
 * The settings' NPS chart (issue 8): answers per day of the venue's calendar over a period (default
 * the last 90 days), each day's NPS (% promoters − % detractors, −100…100) and average score, and the
 * period's promoters (9–10), passives (7–8), detractors (0–6) and NPS. Anyone who sees the settings.
 */

const DEFAULT_DAYS = 90;
const MAX_DAYS = 731;
const DEFAULT_ZONE = 'Europe/Moscow';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const querySchema = z.object({ from: day.optional(), to: day.optional() });

export interface NpsChart {
  from: string;
  to: string;
  points: { day: string; score: number; average: number; answers: number }[];
  promoters: number;
  passives: number;
  detractors: number;
  answers: number;
  /** Null without answers. */
  nps: number | null;
}

const npsOf = (promoters: number, detractors: number, answers: number) =>
  answers === 0 ? null : Math.round(((promoters - detractors) * 100) / answers);

const midnight = (date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day').toJSDate();

const plusDays = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;

export async function npsChartForClaims(
  deps: { database: Database; now?: () => Date },
  claims: EmbedClaims,
  params: URLSearchParams,
): Promise<NpsChart> {
  const query = querySchema.safeParse({
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  });
  const db = deps.database.db;
  const zone = (await getActiveLimeConnection(db, { tenantId: claims.tenantId }))?.timeZone ?? DEFAULT_ZONE;
  const today = DateTime.fromJSDate(deps.now?.() ?? new Date())
    .setZone(zone)
    .toISODate() as string;
  const to = query.data?.to ?? today;
  const from = query.data?.from ?? plusDays(to, -(DEFAULT_DAYS - 1));
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!query.success || !Number.isFinite(span) || span < 0 || span >= MAX_DAYS)
    throw new InvalidRequestError(
      claims.locale === 'en'
        ? 'The period is wrong: from and to are days (YYYY-MM-DD), from not after to, at most two years.'
        : 'Период задан неверно: from и to — даты (ГГГГ-ММ-ДД), from не позже to, не больше двух лет.',
    );
  const rows = await npsByDay(db, {
    tenantId: claims.tenantId,
    from: midnight(from, zone),
    to: midnight(plusDays(to, 1), zone),
    zone,
  });
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const promoters = sum((r) => r.promoters);
  const detractors = sum((r) => r.detractors);
  const answers = sum((r) => r.answers);
  return {
    from,
    to,
    points: rows.map((r) => ({
      day: r.day,
      score: npsOf(r.promoters, r.detractors, r.answers) ?? 0,
      average: Math.round((r.scoreSum / r.answers) * 10) / 10,
      answers: r.answers,
    })),
    promoters,
    passives: sum((r) => r.passives),
    detractors,
    answers,
    nps: npsOf(promoters, detractors, answers),
  };
}
