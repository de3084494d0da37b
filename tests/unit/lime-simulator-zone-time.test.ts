import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Prng } from '@/lib/simulators/lime/prng';
import { endOfLocalDay, formatLocal, localDaysAgo, startOfLocalDay } from '@/lib/simulators/lime/zone-time';

const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
const FORMAT = "yyyy-LL-dd'T'HH:mm:ss";

describe('lime simulator: venue-zone arithmetic (cached offsets)', () => {
  it('formats like luxon, across DST changes and odd offsets', () => {
    for (const zone of ZONES) {
      for (let ms = Date.UTC(2021, 0, 1); ms < Date.UTC(2022, 0, 1); ms += 97 * 60_000 + 11_000) {
        const expected = DateTime.fromMillis(ms, { zone }).toFormat(FORMAT);
        if (formatLocal(ms, zone) !== expected)
          expect(`${zone} ${formatLocal(ms, zone)}`).toBe(`${zone} ${expected}`);
      }
    }
  });

  it('finds local day boundaries and wall-clock times days ago', () => {
    for (const zone of ZONES) {
      const ms = Date.UTC(2021, 2, 28, 12, 34, 56);
      expect(startOfLocalDay(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).startOf('day').toMillis());
      expect(endOfLocalDay(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).endOf('day').toMillis() - 999);
      const tenDaysAgoAt15 = localDaysAgo(ms, 10, 15 * 3600, zone);
      expect(DateTime.fromMillis(tenDaysAgoAt15, { zone }).toFormat(FORMAT)).toBe(
        DateTime.fromMillis(ms, { zone })
          .minus({ days: 10 })
          .set({ hour: 15, minute: 0, second: 0 })
          .toFormat(FORMAT),
      );
    }
  });
});

describe('lime simulator: PRNG', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const draws = Array.from({ length: 1000 }, () => a.int(1, 6));
    expect(Array.from({ length: 1000 }, () => b.int(1, 6))).toEqual(draws);
    expect(new Set(draws)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(new Prng(43).int(1, 1_000_000)).not.toBe(new Prng(42).int(1, 1_000_000));
    expect(new Prng(1).hex(8)).toMatch(/^[0-9A-F]{8}$/);
  });
});
