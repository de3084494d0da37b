import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  BookingTimeError,
  heldRange,
  isWeekHours,
  localInstant,
  moveByDays,
  rangeOf,
  toLocalRange,
  type WeekHours,
  withinHours,
} from '@/lib/domain/bookings';

/** The wall-clock rules of bookings (lib/domain/bookings.ts), without a database. */

const MOSCOW = 'Europe/Moscow';
const BERLIN = 'Europe/Berlin';
const weekdays = (from: string, to: string): WeekHours => [
  ...Array.from({ length: 5 }, () => ({ from, to })),
  null,
  null,
];

describe('local times → instants', () => {
  it('reads a local time in the venue zone', () => {
    expect(localInstant('2026-12-05', '10:00', MOSCOW).toISOString()).toBe('2026-12-05T07:00:00.000Z');
  });

  it('refuses a time the clocks skip, saying which', () => {
    const error = (() => {
      try {
        localInstant('2026-03-29', '02:15', BERLIN);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BookingTimeError);
    expect(error).toMatchObject({ reason: 'no-such-time', at: { date: '2026-03-29', time: '02:15' } });
  });

  it('takes the repeated hour of autumn as its later occurrence', () => {
    expect(localInstant('2026-10-25', '02:30', BERLIN).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('refuses an unknown zone and a malformed date', () => {
    expect(() => localInstant('2026-12-05', '10:00', 'Mars/Olympus')).toThrow(BookingTimeError);
    expect(() => localInstant('2026-13-05', '10:00', MOSCOW)).toThrow(BookingTimeError);
  });

  it('an end not after the start is the next day; more than a day is refused', () => {
    const night = rangeOf({ date: '2026-12-31', start: '22:00', end: '02:00' }, MOSCOW);
    expect(night.endsAt.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(toLocalRange(night, MOSCOW)).toEqual({ date: '2026-12-31', start: '22:00', end: '02:00' });
    expect(() => rangeOf({ date: '2026-12-31', start: '10:00', end: '10:00' }, MOSCOW)).not.toThrow();
  });

  it('moving by days keeps the wall clock across a change of offset', () => {
    const before = rangeOf({ date: '2026-10-24', start: '10:00', end: '12:00' }, BERLIN);
    const after = moveByDays(before, 1, BERLIN);
    expect(after.endsAt.getTime() - after.startsAt.getTime()).toBe(2 * 3600_000);
    expect(after.startsAt.getTime() - before.startsAt.getTime()).toBe(25 * 3600_000);
    expect(toLocalRange(after, BERLIN)).toEqual({ date: '2026-10-25', start: '10:00', end: '12:00' });
  });
});

describe('buffers and hours', () => {
  it('buffers widen the held range on each side', () => {
    const range = rangeOf({ date: '2026-12-05', start: '10:00', end: '12:00' }, MOSCOW);
    const held = heldRange(range, { bufferBeforeMin: 15, bufferAfterMin: 30 });
    expect(toLocalRange(held, MOSCOW)).toEqual({ date: '2026-12-05', start: '09:45', end: '12:30' });
  });

  it('a range must lie within the weekday’s hours', () => {
    const hours = weekdays('09:00', '18:00');
    const at = (date: string, start: string, end: string) => rangeOf({ date, start, end }, MOSCOW);
    expect(withinHours(at('2026-12-07', '09:00', '18:00'), hours, MOSCOW)).toBe(true); // Monday
    expect(withinHours(at('2026-12-07', '08:30', '10:00'), hours, MOSCOW)).toBe(false);
    expect(withinHours(at('2026-12-07', '17:00', '18:30'), hours, MOSCOW)).toBe(false);
    expect(withinHours(at('2026-12-05', '10:00', '12:00'), hours, MOSCOW)).toBe(false); // Saturday
  });

  it('"24:00" continues into a next day open from 00:00; otherwise a night is outside', () => {
    const lateFriday: WeekHours = [
      null,
      null,
      null,
      null,
      { from: '10:00', to: '24:00' },
      { from: '00:00', to: '03:00' },
      null,
    ];
    const party = rangeOf({ date: '2026-12-04', start: '22:00', end: '02:00' }, MOSCOW);
    expect(withinHours(party, lateFriday, MOSCOW)).toBe(true);
    expect(withinHours(party, weekdays('10:00', '24:00'), MOSCOW)).toBe(false);
    expect(withinHours(party, ALWAYS_OPEN, MOSCOW)).toBe(true);
  });

  it('week hours: seven days, each opening before it closes', () => {
    expect(isWeekHours(ALWAYS_OPEN)).toBe(true);
    expect(isWeekHours(weekdays('18:00', '09:00'))).toBe(false);
    expect(isWeekHours(weekdays('09:00', '18:00').slice(1))).toBe(false);
  });
});
