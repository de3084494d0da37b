import { DateTime } from 'luxon';

/**
 * When mailings may go out (issue 8, setting `mailingLimits`): never in the quiet hours — from
 * `quietFrom` to `quietTo`, the venue's local "HH:MM", wrapping midnight when `quietFrom` is the
 * later one; equal ends mean no quiet hours — and at most `dailyCap` sends a venue's day. Pure: the
 * instant is given, nothing reads a clock.
 */

export interface MailingLimits {
  quietFrom: string;
  quietTo: string;
  dailyCap: number;
}

const minutesOf = (hm: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!match) throw new RangeError(`"${hm}" is not a time (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** Whether the local minute of the day `minute` (0..1439) falls in the quiet hours. */
export function isQuietMinute(minute: number, limits: Pick<MailingLimits, 'quietFrom' | 'quietTo'>): boolean {
  const from = minutesOf(limits.quietFrom);
  const to = minutesOf(limits.quietTo);
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

export function isQuiet(
  at: Date,
  limits: Pick<MailingLimits, 'quietFrom' | 'quietTo'>,
  zone: string,
): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  return isQuietMinute(local.hour * 60 + local.minute, limits);
}

/**
 * The first instant at or after `at` outside the quiet hours: `at` itself, or the end of the quiet
 * hours it falls in (today's `quietTo`, or tomorrow's when they wrap midnight and `at` is before it).
 * A local time a daylight-saving jump skips is moved forward by luxon, never back into the quiet.
 */
export function nextAllowedInstant(
  at: Date,
  limits: Pick<MailingLimits, 'quietFrom' | 'quietTo'>,
  zone: string,
): Date {
  if (!isQuiet(at, limits, zone)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  const to = minutesOf(limits.quietTo);
  const minute = local.hour * 60 + local.minute;
  const day = minute < to ? local.startOf('day') : local.startOf('day').plus({ days: 1 });
  return day.set({ hour: Math.floor(to / 60), minute: to % 60 }).toJSDate();
}

/** The venue's calendar day holding `at`: its first instant, the next day's first instant, and its date. */
export function localDay(at: Date, zone: string): { start: Date; end: Date; day: string } {
  const start = DateTime.fromJSDate(at, { zone }).startOf('day');
  return {
    start: start.toJSDate(),
    end: start.plus({ days: 1 }).toJSDate(),
    day: start.toISODate() as string,
  };
}

/** The first instant of the venue's calendar day `day` (YYYY-MM-DD). */
export function dayStart(day: string, zone: string): Date {
  return DateTime.fromISO(day, { zone }).startOf('day').toJSDate();
}

/** How many more sends the day allows, with `used` sent (or being sent) already. */
export function capLeft(limits: Pick<MailingLimits, 'dailyCap'>, used: number): number {
  return Math.max(0, limits.dailyCap - used);
}
