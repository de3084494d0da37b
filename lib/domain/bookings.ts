import { DateTime, IANAZone } from 'luxon';

/**
 * The rules of a booking's time (issue 7): a manager thinks in the venue's wall clock, the database
 * keeps instants. A local date and time becomes an instant in the venue's IANA zone; a time that
 * does not exist that day (the hour skipped when clocks go forward) is refused, and a repeated one
 * (the hour lived twice when they go back) is its later occurrence, as luxon resolves it. A move by
 * days keeps the wall-clock times, so a booking moved across a daylight-saving change still starts
 * at 10:00. Buffers widen the range a resource holds; opening hours are checked in local time.
 */

export class BookingTimeError extends Error {
  readonly code = 'BOOKING_TIME' as const;
  constructor(
    readonly reason: 'no-such-time' | 'bad-zone' | 'bad-range',
    message: string,
    /** The local date and time that does not exist (no-such-time). */
    readonly at: { date: string; time: string } | null = null,
  ) {
    super(message);
    this.name = 'BookingTimeError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function assertZone(zone: string): void {
  if (!isValidZone(zone)) throw new BookingTimeError('bad-zone', `Unknown time zone "${zone}"`);
}

/** The instant of a local date ("2026-03-29") and time ("10:00") in `zone`. */
export function localInstant(date: string, time: string, zone: string): Date {
  assertZone(zone);
  if (!DATE.test(date) || !TIME.test(time)) {
    throw new BookingTimeError('bad-range', `"${date} ${time}" is not a date and time`);
  }
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!local.isValid) throw new BookingTimeError('bad-range', `"${date} ${time}" is not a date and time`);
  if (local.toFormat('yyyy-MM-dd HH:mm') !== `${date} ${time}`) {
    throw new BookingTimeError(
      'no-such-time',
      `${time} does not exist on ${date} in ${zone}: the clocks skip it`,
      {
        date,
        time,
      },
    );
  }
  return local.toJSDate();
}

export interface LocalRange {
  date: string;
  start: string;
  /** At or before `start`: the next day (a party until 02:00). */
  end: string;
}

export interface InstantRange {
  startsAt: Date;
  endsAt: Date;
}

/** A local date with start and end times → instants; an end not after the start is the next day. */
export function rangeOf(local: LocalRange, zone: string): InstantRange {
  const startsAt = localInstant(local.date, local.start, zone);
  const endDate = local.end <= local.start ? nextDate(local.date) : local.date;
  const endsAt = localInstant(endDate, local.end, zone);
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) {
    throw new BookingTimeError('bad-range', 'A booking lasts at most 24 hours');
  }
  return { startsAt, endsAt };
}

function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as string;
}

/** The same wall-clock times `days` later (or earlier); refused if a time does not exist that day. */
export function moveByDays(range: InstantRange, days: number, zone: string): InstantRange {
  return rangeOf(shiftLocal(toLocalRange(range, zone), days), zone);
}

/** The same local times on the date `days` away. */
export function shiftLocal(local: LocalRange, days: number): LocalRange {
  return {
    ...local,
    date: DateTime.fromISO(local.date, { zone: 'UTC' }).plus({ days }).toISODate() as string,
  };
}

/** An instant range as the venue's wall clock. */
export function toLocalRange(range: InstantRange, zone: string): LocalRange {
  assertZone(zone);
  const start = DateTime.fromJSDate(range.startsAt, { zone });
  const end = DateTime.fromJSDate(range.endsAt, { zone });
  return { date: start.toISODate() as string, start: start.toFormat('HH:mm'), end: end.toFormat('HH:mm') };
}

export interface Buffers {
  bufferBeforeMin: number;
  bufferAfterMin: number;
}

/** The range a resource holds: the booking's, widened by that resource's buffers. */
export function heldRange(range: InstantRange, buffers: Buffers): InstantRange {
  return {
    startsAt: new Date(range.startsAt.getTime() - buffers.bufferBeforeMin * 60_000),
    endsAt: new Date(range.endsAt.getTime() + buffers.bufferAfterMin * 60_000),
  };
}

export interface DayHours {
  from: string;
  to: string;
}

/** Monday first; null: closed that day. */
export type WeekHours = (DayHours | null)[];

export const ALWAYS_OPEN: WeekHours = Array.from({ length: 7 }, () => ({ from: '00:00', to: '24:00' }));

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether the range lies within the opening hours in local time: the start's weekday opens at or
 * before the start, and the end is by its closing ("24:00": midnight, the next day open from 00:00
 * continues it).
 */
export function withinHours(range: InstantRange, hours: WeekHours, zone: string): boolean {
  let cursor = DateTime.fromJSDate(range.startsAt, { zone });
  const end = DateTime.fromJSDate(range.endsAt, { zone });
  while (cursor < end) {
    const day = hours[cursor.weekday - 1];
    if (!day) return false;
    const from = minutes(day.from);
    const to = minutes(day.to);
    const at = cursor.hour * 60 + cursor.minute;
    if (at < from || at >= to) return false;
    const dayEnd = cursor.startOf('day').plus({ days: 1 });
    const closing =
      to >= 24 * 60 ? dayEnd : cursor.startOf('day').set({ hour: Math.floor(to / 60), minute: to % 60 });
    if (end <= closing) return true;
    if (to < 24 * 60) return false;
    cursor = dayEnd;
  }
  return true;
}

/** "HH:MM" with "24:00" allowed (the end of a day). */
export function isHoursTime(value: string): boolean {
  return value === '24:00' || TIME.test(value);
}

export function isWeekHours(hours: WeekHours): boolean {
  return hours.length === 7 && hours.every((d) => d === null || minutes(d.from) < minutes(d.to));
}
