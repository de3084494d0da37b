import { DateTime } from 'luxon';
import type { WeekHours } from './bookings';

/**
 * The booking calendar's geometry (deal card, issue 7): days of the venue's wall clock, the hours
 * the board shows (from the earliest opening to the latest closing of the resources on those
 * days), and where a range of instants falls on it — cut at each local midnight, as fractions of
 * the hours shown. A day the clocks change still reads in wall-clock hours.
 */

export interface BoardDay {
  /** The venue's date, YYYY-MM-DD. */
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local midnight and the next one, as epoch milliseconds. */
  startMs: number;
  endMs: number;
}

export interface HourSpan {
  /** The first hour shown and the hour the board ends at (24 = midnight). */
  from: number;
  to: number;
}

export interface Segment {
  /** Index of the day in the board. */
  day: number;
  /** Left edge and width within that day's shown hours, 0…1. */
  left: number;
  width: number;
}

const DAY_MIN = 24 * 60;
const DEFAULT_SPAN: HourSpan = { from: 9, to: 21 };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function boardDays(from: string, days: number, zone: string): BoardDay[] {
  const first = DateTime.fromISO(from, { zone }).startOf('day');
  return Array.from({ length: days }, (_, i) => {
    const day = first.plus({ days: i });
    return {
      date: day.toISODate() as string,
      weekday: day.weekday,
      startMs: day.toMillis(),
      endMs: day.plus({ days: 1 }).startOf('day').toMillis(),
    };
  });
}

/** From the earliest opening to the latest closing of any resource on the days shown. */
export function hourSpan(resources: { hours: WeekHours }[], days: BoardDay[]): HourSpan {
  let from = 24;
  let to = 0;
  for (const r of resources) {
    for (const d of days) {
      const open = r.hours[d.weekday - 1];
      if (!open) continue;
      from = Math.min(from, Math.floor(minutesOf(open.from) / 60));
      to = Math.max(to, Math.ceil(minutesOf(open.to) / 60));
    }
  }
  return from < to ? { from, to } : DEFAULT_SPAN;
}

/** Minutes since the local midnight of `day` for an instant within it (its end: 24:00). */
function wallMinutes(ms: number, day: BoardDay, zone: string): number {
  if (ms >= day.endMs) return DAY_MIN;
  const local = DateTime.fromMillis(ms, { zone });
  return local.hour * 60 + local.minute;
}

function place(day: number, fromMin: number, toMin: number, span: HourSpan): Segment | null {
  const lo = span.from * 60;
  const hi = span.to * 60;
  const a = Math.max(fromMin, lo);
  const b = Math.min(toMin, hi);
  if (b <= a) return null;
  return { day, left: (a - lo) / (hi - lo), width: (b - a) / (hi - lo) };
}

/** Where a range of instants lies on the board: one segment per day it touches within the hours shown. */
export function segmentsOf(
  range: { startsAt: string; endsAt: string },
  days: BoardDay[],
  span: HourSpan,
  zone: string,
): Segment[] {
  const start = Date.parse(range.startsAt);
  const end = Date.parse(range.endsAt);
  const out: Segment[] = [];
  days.forEach((d, i) => {
    const a = Math.max(start, d.startMs);
    const b = Math.min(end, d.endMs);
    if (b <= a) return;
    const segment = place(i, wallMinutes(a, d, zone), wallMinutes(b, d, zone), span);
    if (segment) out.push(segment);
  });
  return out;
}

/** Where a local date and times lie on the board (the form's choice); an end not after the start is midnight. */
export function localSegments(
  local: { date: string; start: string; end: string },
  days: BoardDay[],
  span: HourSpan,
): Segment[] {
  const index = days.findIndex((d) => d.date === local.date);
  if (index < 0) return [];
  const from = minutesOf(local.start);
  const to = local.end > local.start ? minutesOf(local.end) : DAY_MIN;
  const segment = place(index, from, to, span);
  return segment ? [segment] : [];
}

/** The hours a resource does not work, within the hours shown, per day. */
export function closedSegments(hours: WeekHours, days: BoardDay[], span: HourSpan): Segment[] {
  const out: Segment[] = [];
  days.forEach((d, i) => {
    const open = hours[d.weekday - 1];
    const parts = open
      ? [
          [0, minutesOf(open.from)],
          [minutesOf(open.to), DAY_MIN],
        ]
      : [[0, DAY_MIN]];
    for (const [a, b] of parts) {
      const segment = place(i, a as number, b as number, span);
      if (segment) out.push(segment);
    }
  });
  return out;
}

/** The time at a point of a day's shown hours, rounded down to `step` minutes: "HH:MM". */
export function timeAt(fraction: number, span: HourSpan, step = 30): string {
  const minutes = span.from * 60 + Math.max(0, Math.min(1, fraction)) * (span.to - span.from) * 60;
  return hhmm(Math.floor(minutes / step) * step);
}

/** "HH:MM" of minutes since midnight; 24:00 and later wrap to the next day's clock. */
export function hhmm(minutes: number): string {
  const m = ((minutes % DAY_MIN) + DAY_MIN) % DAY_MIN;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "HH:MM" plus minutes, capped at the end of the day shown (an end at 24:00 is "00:00"). */
export function plusMinutes(time: string, minutes: number, capHour = 24): string {
  return hhmm(Math.min(minutesOf(time) + minutes, capHour * 60));
}

/** Minutes from one "HH:MM" to another (the next day when not after it). */
export function lengthMinutes(start: string, end: string): number {
  const d = minutesOf(end) - minutesOf(start);
  return d > 0 ? d : d + DAY_MIN;
}

/** The local clock time of an instant in the zone. */
export function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
}

/** Today's date in the zone, and the date `days` away from a date. */
export function todayIn(zone: string): string {
  return DateTime.now().setZone(zone).toISODate() as string;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return day.minus({ days: day.weekday - 1 }).toISODate() as string;
}
