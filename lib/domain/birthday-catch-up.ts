import { addDays } from './campaigns';

/**
 * Which birthdays a scheduler pass reads (issue 8), so that a day the app was down, or a client the
 * mirror learnt after the day's first pass, is caught up — within what a park would want:
 *
 * - a birthday **mailing** ("N days before") missed on its day is sent late only while the birthday is
 *   still ahead or today: a greeting after the day is worse than none. So its birthdays run from today
 *   (never before the campaign's own first one: the enabled day + N) to today + N;
 * - a birthday **bonus** missed on its day is still welcome a few days after the birthday: its
 *   birthdays run from BIRTHDAY_BONUS_LATE_DAYS before today (never before the first birthday served
 *   since the rule was switched on) to today + its days before (the latest only from the rule's hour).
 *
 * A pass reads every birthday of that span once a venue day (the "sweep": the day's first pass, and
 * the first after downtime), and on every other pass only the two that change during a day: today's
 * birthdays (someone added on their birthday) and the span's newest day (someone added since the
 * first pass). What was recorded or credited before is found by its unique key and left as it is.
 * Pure: days are the venue's calendar days, YYYY-MM-DD.
 */

/** How many days after a birthday its bonus is still credited (the app was down, the client came late). */
export const BIRTHDAY_BONUS_LATE_DAYS = 7;

export interface BirthdaySpan {
  /** The earliest birthday still served. */
  from: string;
  /** The latest birthday served by now. */
  to: string;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** A birthday campaign's span: birthdays from today (or its first) to `daysBefore` days ahead. */
export function mailingSpan(p: { today: string; enabledDay: string; daysBefore: number }): BirthdaySpan {
  return { from: later(p.today, addDays(p.enabledDay, p.daysBefore)), to: addDays(p.today, p.daysBefore) };
}

/**
 * The birthday bonus's span: up to BIRTHDAY_BONUS_LATE_DAYS late, never before `since` (the first
 * birthday served since the rule was switched on), the newest day only from the rule's hour.
 */
export function bonusSpan(p: {
  today: string;
  since: string;
  daysBefore: number;
  hourReached: boolean;
}): BirthdaySpan {
  return {
    from: later(addDays(p.today, -BIRTHDAY_BONUS_LATE_DAYS), p.since),
    to: addDays(p.today, p.hourReached ? p.daysBefore : p.daysBefore - 1),
  };
}

/** The birthdays a pass reads: the whole span on a sweep, else today's and the newest (when in the span). */
export function birthdaysToRead(span: BirthdaySpan, p: { today: string; sweep: boolean }): string[] {
  if (span.to < span.from) return [];
  if (!p.sweep) return [...new Set([p.today, span.to])].filter((d) => d >= span.from && d <= span.to);
  const days: string[] = [];
  for (let day = span.from; day <= span.to; day = addDays(day, 1)) days.push(day);
  return days;
}
