import { describe, expect, it } from 'vitest';
import { birthDatesForAges } from '@/lib/domain/bonus-keys';
import { CHILD_YEARS_BASE, childYearBit, childYearMasks } from '@/lib/domain/child-years';

/** The children's birth years as bits and a range of birth dates as masks (lib/domain/child-years.ts). */

const bit = (year: number) => 1n << BigInt(childYearBit(year));
const bits = (...years: number[]) => years.reduce((mask, year) => mask | bit(year), 0n);
const yearsFrom = (from: number, to: number) =>
  bits(...Array.from({ length: to - from + 1 }, (_, i) => from + i));

describe('a range of birth dates as year masks', () => {
  it('a range inside one year covers it in part', () => {
    expect(childYearMasks('2021-03-01', '2021-06-30')).toEqual({ inner: 0n, edge: bit(2021) });
    expect(childYearMasks('2020-12-31', '2021-12-30')).toEqual({ inner: 0n, edge: bit(2021) });
  });

  it('a whole calendar year is inner; a range across a year end is two edges', () => {
    expect(childYearMasks('2020-12-31', '2021-12-31')).toEqual({ inner: bit(2021), edge: 0n });
    expect(childYearMasks('2020-06-15', '2021-06-15')).toEqual({ inner: 0n, edge: bits(2020, 2021) });
    expect(childYearMasks('2020-12-30', '2021-01-01')).toEqual({ inner: 0n, edge: bits(2020, 2021) });
  });

  it('ages 3 to 6 span five years: three whole and two in part, or four whole on 31 December; 29 February', () => {
    const cases: [string, string, string, bigint, bigint][] = [
      ['2027-01-15', '2020-01-15', '2024-01-15', yearsFrom(2021, 2023), bits(2020, 2024)],
      ['2024-12-31', '2017-12-31', '2021-12-31', yearsFrom(2018, 2021), 0n],
      ['2028-02-29', '2021-02-28', '2025-02-28', yearsFrom(2022, 2024), bits(2021, 2025)],
    ];
    for (const [day, bornAfter, bornOnOrBefore, inner, edge] of cases) {
      expect(birthDatesForAges(day, 3, 6)).toEqual({ bornAfter, bornOnOrBefore });
      expect(childYearMasks(bornAfter, bornOnOrBefore), day).toEqual({ inner, edge });
    }
    expect(childYearMasks('2024-02-28', '2024-02-29')).toEqual({ inner: 0n, edge: bit(2024) });
    expect(childYearMasks('2024-02-29', '2024-02-29')).toEqual({ inner: 0n, edge: 0n });
  });

  it('years outside the span share the end bits, which are never inner', () => {
    expect(childYearBit(1950)).toBe(0);
    expect(childYearBit(CHILD_YEARS_BASE)).toBe(0);
    expect(childYearBit(2042)).toBe(62);
    expect(childYearBit(2100)).toBe(62);
    expect(childYearMasks('1950-01-01', '1990-12-31')).toEqual({
      inner: yearsFrom(1981, 1990),
      edge: bit(1950),
    });
    expect(childYearMasks('2030-01-01', '2060-01-01')).toEqual({
      inner: yearsFrom(2031, 2041),
      edge: bits(2030, 2042),
    });
    expect(childYearMasks('1900-01-01', '1970-01-01')).toEqual({ inner: 0n, edge: bit(1900) });
    for (const mask of Object.values(childYearMasks('1900-01-01', '2200-01-01')))
      expect(mask > 0n).toBe(true);
  });

  it('agrees with the dates: a day in the range has its bit in a mask, a day of an inner bit is in it', () => {
    const ranges = [
      ['2019-11-24', '2023-11-24'],
      ['2020-02-28', '2020-03-01'],
      ['1979-06-30', '1982-01-01'],
      ['2039-12-31', '2043-03-01'],
      ['2021-12-31', '2022-12-31'],
    ];
    for (const [after, onOrBefore] of ranges as [string, string][]) {
      const { inner, edge } = childYearMasks(after, onOrBefore);
      expect(inner & edge).toBe(0n);
      const from = Date.parse(`${after.slice(0, 4)}-01-01T00:00:00Z`) - 366 * 86_400_000;
      const to = Date.parse(`${onOrBefore.slice(0, 4)}-12-31T00:00:00Z`) + 366 * 86_400_000;
      for (let at = from; at <= to; at += 86_400_000) {
        const day = new Date(at).toISOString().slice(0, 10);
        const inRange = day > after && day <= onOrBefore;
        const b = bit(Number(day.slice(0, 4)));
        if (inRange) expect((inner | edge) & b, day).not.toBe(0n);
        if (inner & b) expect(inRange, day).toBe(true);
      }
    }
  });
});
