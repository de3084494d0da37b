import { describe, expect, it } from 'vitest';
import {
  BIRTHDAY_BONUS_LATE_DAYS,
  birthdaysToRead,
  bonusSpan,
  mailingSpan,
} from '@/lib/domain/birthday-catch-up';

/** Which birthdays a pass reads, so missed days are caught up only as late as a park would want. */

describe('a birthday mailing’s span', () => {
  it('runs from today to its days before ahead: a missed mail day is sent late, never after the birthday', () => {
    expect(mailingSpan({ today: '2027-06-12', enabledDay: '2027-01-01', daysBefore: 3 })).toEqual({
      from: '2027-06-12',
      to: '2027-06-15',
    });
    // On the day: nothing is caught up, yesterday's greeting is lost.
    expect(mailingSpan({ today: '2027-06-12', enabledDay: '2027-01-01', daysBefore: 0 })).toEqual({
      from: '2027-06-12',
      to: '2027-06-12',
    });
  });

  it('starts at the campaign’s first birthday: enabling does not mail the birthdays whose mail day came before', () => {
    expect(mailingSpan({ today: '2027-06-12', enabledDay: '2027-06-12', daysBefore: 3 })).toEqual({
      from: '2027-06-15',
      to: '2027-06-15',
    });
    expect(mailingSpan({ today: '2027-06-13', enabledDay: '2027-06-12', daysBefore: 3 })).toEqual({
      from: '2027-06-15',
      to: '2027-06-16',
    });
  });
});

describe('the birthday bonus’s span', () => {
  it('reaches a week back, never before the first birthday the rule served, the newest day from its hour', () => {
    expect(BIRTHDAY_BONUS_LATE_DAYS).toBe(7);
    expect(bonusSpan({ today: '2027-03-03', since: '2027-01-01', daysBefore: 0, hourReached: true })).toEqual(
      {
        from: '2027-02-24',
        to: '2027-03-03',
      },
    );
    expect(
      bonusSpan({ today: '2027-03-03', since: '2027-03-01', daysBefore: 2, hourReached: false }),
    ).toEqual({
      from: '2027-03-01',
      to: '2027-03-04',
    });
  });
});

describe('the birthdays a pass reads', () => {
  const span = { from: '2027-02-26', to: '2027-03-02' };
  it('are the whole span on the day’s sweep, across the month’s end', () => {
    expect(birthdaysToRead(span, { today: '2027-02-26', sweep: true })).toEqual([
      '2027-02-26',
      '2027-02-27',
      '2027-02-28',
      '2027-03-01',
      '2027-03-02',
    ]);
  });

  it('are today’s and the newest day on later passes, and none for an empty span', () => {
    expect(birthdaysToRead(span, { today: '2027-02-26', sweep: false })).toEqual([
      '2027-02-26',
      '2027-03-02',
    ]);
    expect(
      birthdaysToRead({ from: '2027-03-01', to: '2027-03-01' }, { today: '2027-03-01', sweep: false }),
    ).toEqual(['2027-03-01']);
    // Today before the span (a campaign's first birthday is ahead): only the newest day.
    expect(
      birthdaysToRead({ from: '2027-03-04', to: '2027-03-05' }, { today: '2027-03-01', sweep: false }),
    ).toEqual(['2027-03-05']);
    expect(
      birthdaysToRead({ from: '2027-03-04', to: '2027-03-03' }, { today: '2027-03-01', sweep: true }),
    ).toEqual([]);
  });
});
