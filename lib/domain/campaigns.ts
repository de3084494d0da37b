import { z } from 'zod';
import { audienceFilterSchema } from './bonus-audience';
import { isLeapYear } from './bonus-keys';

/**
 * Mailing campaigns (issue 8): each kind's rules, and the occasion a send is about. An occasion names
 * what happened, never when we noticed it, so a second pass of the scheduler, a retried job or a
 * second worker finds the same occasion — unique per campaign and person in the database — and
 * mails nobody twice. Pure: no I/O.
 *
 * - birthday: `birthday:client:<client>:<year>`, `birthday:child:<child>:<year>` (a child's birthday
 *   mails the parent); someone born on 29 February celebrates on the 28th in other years;
 * - win-back: `winback:<last visit day>` — another visit, later lapsed, is another occasion;
 * - NPS: `deal:<deal>:<from stage>><to stage>` — one consecutive move of the CRM's stage history;
 * - manual: `manual:<started at, ISO>` — one start over a filtered list.
 */

export const CAMPAIGN_KIND_VALUES = ['birthday', 'winback', 'nps', 'manual'] as const;
export type CampaignKindValue = (typeof CAMPAIGN_KIND_VALUES)[number];

const crmId = z.string().trim().min(1).max(64);

export const birthdayRulesSchema = z
  .object({
    /** Mailed this many days before the birthday (0: on the day). */
    daysBefore: z.number().int().min(0).max(30),
    /** Whose birthday: the clients' own, their children's (the parent is mailed), or both. */
    who: z.enum(['clients', 'children', 'both']),
  })
  .strict();

export const winbackRulesSchema = z
  .object({
    /** Mailed once this many days have passed since the last visit. */
    daysWithout: z.number().int().min(1).max(3650),
  })
  .strict();

export const npsRulesSchema = z
  .object({
    /** A deal of this pipeline moving from this stage straight into that one. */
    pipelineId: crmId,
    fromStageId: crmId,
    toStageId: crmId,
  })
  .strict()
  .refine((r) => r.fromStageId !== r.toStageId, { message: 'fromStageId and toStageId are the same stage' });

export const manualRulesSchema = z.object({ filter: audienceFilterSchema }).strict();

export const campaignRulesSchemas = {
  birthday: birthdayRulesSchema,
  winback: winbackRulesSchema,
  nps: npsRulesSchema,
  manual: manualRulesSchema,
} as const;

export type BirthdayRules = z.output<typeof birthdayRulesSchema>;
export type WinbackRules = z.output<typeof winbackRulesSchema>;
export type NpsRules = z.output<typeof npsRulesSchema>;
export type ManualRules = z.output<typeof manualRulesSchema>;

export type CampaignRules =
  | { kind: 'birthday'; rules: BirthdayRules }
  | { kind: 'winback'; rules: WinbackRules }
  | { kind: 'nps'; rules: NpsRules }
  | { kind: 'manual'; rules: ManualRules };

/** A kind's rules checked; the first problem in words (path: message) when they do not fit. */
export function parseCampaignRules(
  kind: CampaignKindValue,
  raw: unknown,
): { ok: true; value: CampaignRules } | { ok: false; problem: string } {
  const parsed = campaignRulesSchemas[kind].safeParse(raw);
  if (parsed.success) return { ok: true, value: { kind, rules: parsed.data } as CampaignRules };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${where}${issue?.message ?? 'invalid'}` };
}

/** A birthday occasion around the person's id, for the database to build many at once. */
export const birthdayOccasionParts = (whose: 'client' | 'child', year: number) => ({
  prefix: `birthday:${whose}:`,
  suffix: `:${year}`,
});

const birthdayOccasion = (whose: 'client' | 'child', id: number, year: number) => {
  const { prefix, suffix } = birthdayOccasionParts(whose, year);
  return `${prefix}${id}${suffix}`;
};

export const occasions = {
  clientBirthday: (clientId: number, year: number) => birthdayOccasion('client', clientId, year),
  childBirthday: (childId: number, year: number) => birthdayOccasion('child', childId, year),
  /** The database builds `winback:` and the day. */
  winbackPrefix: 'winback:',
  /** `lastVisitDay`: the venue's calendar day of the last visit, YYYY-MM-DD. */
  winback: (lastVisitDay: string) => `${occasions.winbackPrefix}${lastVisitDay}`,
  dealMove: (dealId: string, fromStageId: string, toStageId: string) =>
    `deal:${dealId}:${fromStageId}>${toStageId}`,
  manualPrefix: 'manual:',
  manual: (startedAt: Date) => `${occasions.manualPrefix}${startedAt.toISOString()}`,
} as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day `days` later (earlier when negative), YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return at.toISOString().slice(0, 10);
}

/**
 * Whose birthday is celebrated on `day`: the birth dates' 'MM-DD' (as lime_clients.birth_month_day
 * holds them) and the year of the birthday. On 28 February of a year without a 29th, those born on
 * 29 February celebrate too (lib/domain/bonus-keys.ts birthdayInYear).
 */
export function birthdaysOn(day: string): { monthDays: string[]; year: number } {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  const year = Number(match[1]);
  const monthDay = `${match[2]}-${match[3]}`;
  if (monthDay === '02-28' && !isLeapYear(year)) return { monthDays: ['02-28', '02-29'], year };
  return { monthDays: [monthDay], year };
}
