/**
 * A parent's children's birth years as one bigint (`lime_clients.children_years`, kept with
 * `children_born`): bit i stands for the year CHILD_YEARS_BASE + i; the first bit also for every
 * earlier year and the last for every later one. A range of birth dates covers some years whole —
 * a child born in one of those is in the range, whatever the day — and at most two in part, where
 * the dates themselves decide; so most parents are decided by one AND of integers.
 */

export const CHILD_YEARS_BASE = 1980;
/** Bits 0..62: the sign bit stays unused, so every mask is a positive bigint. */
export const CHILD_YEARS_BITS = 63;

export function childYearBit(year: number): number {
  return Math.min(Math.max(year - CHILD_YEARS_BASE, 0), CHILD_YEARS_BITS - 1);
}

export interface ChildYearMasks {
  /** Years the range covers whole (never an end bit: it stands for years outside the span too). */
  inner: bigint;
  /** Years the range covers in part: a child born then needs its date tested. */
  edge: bigint;
}

/** The masks of the birth dates in (after, onOrBefore], both 'YYYY-MM-DD'. */
export function childYearMasks(after: string, onOrBefore: string): ChildYearMasks {
  const first = nextDay(after);
  if (first > onOrBefore) return { inner: 0n, edge: 0n };
  let inner = 0n;
  let edge = 0n;
  const last = childYearBit(yearOf(onOrBefore));
  for (let bit = childYearBit(yearOf(first)); bit <= last; bit++) {
    const year = String(CHILD_YEARS_BASE + bit);
    const whole =
      bit > 0 && bit < CHILD_YEARS_BITS - 1 && first <= `${year}-01-01` && `${year}-12-31` <= onOrBefore;
    if (whole) inner |= 1n << BigInt(bit);
    else edge |= 1n << BigInt(bit);
  }
  return { inner, edge };
}

function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
