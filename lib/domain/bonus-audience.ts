import { z } from 'zod';

/**
 * Who a mass bonus run credits when an admin picks people by a filter over the Lime mirror (issue 8):
 * every condition given must hold, an absent one does not filter. Dates are the venue's calendar
 * days, amounts kopecks. Pure: the query that applies it is db/queries/bonus-audience.ts.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.number().int().min(0).max(100_000_000_000);
const age = z.number().int().min(0).max(30);

export const audienceFilterSchema = z
  .object({
    /** The client's own category in Lime. */
    category: z.enum(['adult', 'child']).optional(),
    /** Has a child (a live relation) aged this many whole years today. */
    childAgeFrom: age.optional(),
    childAgeTo: age.optional(),
    /** The client's own birthday falls in this month. */
    birthMonth: z.number().int().min(1).max(12).optional(),
    /** Last visit on or after / before this day (clients never seen are left out by either). */
    lastVisitFrom: day.optional(),
    lastVisitBefore: day.optional(),
    /** Bonus balance in the mirror (none yet counts as 0). */
    bonusFrom: money.optional(),
    bonusTo: money.optional(),
    /** Purchases between these days (both included) add up to spendMin..spendMax (default: more than 0). */
    spendFrom: day.optional(),
    spendTo: day.optional(),
    spendMin: money.optional(),
    spendMax: money.optional(),
  })
  .strict()
  .refine(
    (f) => f.childAgeFrom === undefined || f.childAgeTo === undefined || f.childAgeFrom <= f.childAgeTo,
    {
      message: 'childAgeFrom is above childAgeTo',
    },
  )
  .refine((f) => f.bonusFrom === undefined || f.bonusTo === undefined || f.bonusFrom <= f.bonusTo, {
    message: 'bonusFrom is above bonusTo',
  })
  .refine((f) => (f.spendFrom === undefined) === (f.spendTo === undefined), {
    message: 'spendFrom and spendTo come together',
  })
  .refine((f) => f.spendFrom === undefined || f.spendTo === undefined || f.spendFrom <= f.spendTo, {
    message: 'spendFrom is after spendTo',
  })
  .refine((f) => f.spendFrom !== undefined || (f.spendMin === undefined && f.spendMax === undefined), {
    message: 'spendMin and spendMax need a period (spendFrom, spendTo)',
  });

export type AudienceFilter = z.output<typeof audienceFilterSchema>;

/** The children's ages as a range of whole years (one end alone: up to 30, or from 0). */
export function childAgeRange(filter: AudienceFilter): { from: number; to: number } | null {
  if (filter.childAgeFrom === undefined && filter.childAgeTo === undefined) return null;
  return { from: filter.childAgeFrom ?? 0, to: filter.childAgeTo ?? 30 };
}
