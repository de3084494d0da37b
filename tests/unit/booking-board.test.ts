import { describe, expect, it } from 'vitest';
import {
  boardDays,
  closedSegments,
  hourSpan,
  lengthMinutes,
  localSegments,
  mondayOf,
  plusMinutes,
  segmentsOf,
  timeAt,
} from '@/lib/domain/booking-board';
import { ALWAYS_OPEN, type WeekHours } from '@/lib/domain/bookings';

/** The booking calendar's geometry: venue days, the hours shown, where bookings fall on them. */

const TEN_TO_TEN: WeekHours = Array.from({ length: 7 }, () => ({ from: '10:00', to: '22:00' }));

describe('booking board', () => {
  it('shows from the earliest opening to the latest closing of the resources on the days shown', () => {
    const days = boardDays('2026-11-23', 7, 'Europe/Moscow');
    expect(days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const weekend: WeekHours = [null, null, null, null, null, { from: '09:30', to: '23:00' }, null];
    expect(hourSpan([{ hours: TEN_TO_TEN }, { hours: weekend }], days)).toEqual({ from: 9, to: 23 });
    // Only Monday shown: the weekend hours do not widen it.
    expect(hourSpan([{ hours: TEN_TO_TEN }, { hours: weekend }], days.slice(0, 1))).toEqual({
      from: 10,
      to: 22,
    });
    expect(hourSpan([{ hours: ALWAYS_OPEN }], days)).toEqual({ from: 0, to: 24 });
    expect(hourSpan([], days)).toEqual({ from: 9, to: 21 });
  });

  it('places a booking by the venue clock, cut at midnight across days', () => {
    const zone = 'Asia/Yekaterinburg'; // UTC+5
    const days = boardDays('2026-11-23', 2, zone);
    const span = { from: 10, to: 22 };
    // 14:00–16:00 local on the first day.
    expect(
      segmentsOf({ startsAt: '2026-11-23T09:00:00Z', endsAt: '2026-11-23T11:00:00Z' }, days, span, zone),
    ).toEqual([{ day: 0, left: 4 / 12, width: 2 / 12 }]);
    // 21:00 to 11:00 the next day: the end of day one, then the first hour shown on day two.
    expect(
      segmentsOf({ startsAt: '2026-11-23T16:00:00Z', endsAt: '2026-11-24T06:00:00Z' }, days, span, zone),
    ).toEqual([
      { day: 0, left: 11 / 12, width: 1 / 12 },
      { day: 1, left: 0, width: 1 / 12 },
    ]);
    // Outside the hours shown: nothing.
    expect(
      segmentsOf({ startsAt: '2026-11-23T01:00:00Z', endsAt: '2026-11-23T03:00:00Z' }, days, span, zone),
    ).toEqual([]);
  });

  it('reads wall-clock hours on the day the clocks go forward', () => {
    const zone = 'Europe/Berlin';
    const days = boardDays('2026-03-29', 1, zone);
    const [day] = days;
    expect(day && day.endMs - day.startMs).toBe(23 * 3600_000);
    // 10:00–12:00 CEST is 08:00–10:00 UTC.
    expect(
      segmentsOf(
        { startsAt: '2026-03-29T08:00:00Z', endsAt: '2026-03-29T10:00:00Z' },
        days,
        { from: 8, to: 20 },
        zone,
      ),
    ).toEqual([{ day: 0, left: 2 / 12, width: 2 / 12 }]);
  });

  it('draws closed hours, the chosen time, and turns a click into a half hour', () => {
    const days = boardDays('2026-11-23', 1, 'Europe/Moscow');
    const span = { from: 9, to: 23 };
    expect(closedSegments(TEN_TO_TEN, days, span)).toEqual([
      { day: 0, left: 0, width: 1 / 14 },
      { day: 0, left: 13 / 14, width: 1 / 14 },
    ]);
    expect(localSegments({ date: '2026-11-23', start: '12:00', end: '14:30' }, days, span)).toEqual([
      { day: 0, left: 3 / 14, width: 2.5 / 14 },
    ]);
    expect(localSegments({ date: '2026-11-24', start: '12:00', end: '14:00' }, days, span)).toEqual([]);
    expect(timeAt(0.5, span)).toBe('16:00');
    expect(timeAt(0.52, span)).toBe('16:00');
    expect(timeAt(1, span)).toBe('23:00');
    expect(plusMinutes('21:30', 120, 23)).toBe('23:00');
    expect(plusMinutes('22:30', 120)).toBe('00:00');
    expect(lengthMinutes('22:00', '01:00')).toBe(180);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
  });
});
