import { describe, expect, it } from 'vitest';
import { audienceFilterSchema, childAgeRange } from '@/lib/domain/bonus-audience';
import {
  ageOn,
  birthDatesForAges,
  birthdayInYear,
  bonusKeys,
  isLeapYear,
  yearsBefore,
} from '@/lib/domain/bonus-keys';

/** Bonus credits' keys and the birthday calendar (lib/domain/bonus-keys.ts), without a database. */

describe('idempotency keys', () => {
  it('name the occasion, not the attempt: the same inputs give the same key', () => {
    const request = '0b6f3c1e-58a4-4c3e-9d1e-7a1f0c2b9e44';
    expect(bonusKeys.manualForContact('4711', request)).toBe(`manual:contact:4711:${request}`);
    expect(bonusKeys.manualForContact('4711', request)).toBe(bonusKeys.manualForContact('4711', request));
    expect(bonusKeys.manualForClient(777, request)).toBe(`manual:client:777:${request}`);
    expect(bonusKeys.mass('run-1', 777)).toBe('mass:run-1:777');
    expect(bonusKeys.mass('run-1', 777).startsWith(bonusKeys.massPrefix('run-1'))).toBe(true);
    expect(bonusKeys.birthday(777, 2027)).toBe('birthday:client:777:2027');
    expect(bonusKeys.childBirthday(778, 2027)).toBe('birthday:child:778:2027');
    expect(bonusKeys.robotRun('55c1dc1c3f0d75.78875596', 'ab12')).toBe('robot:55c1dc1c3f0d75.78875596:ab12');
  });

  it('keep occasions apart: another contact, request, run, year or person is another key', () => {
    const keys = [
      bonusKeys.manualForContact('1', 'a'),
      bonusKeys.manualForContact('1', 'b'),
      bonusKeys.manualForContact('2', 'a'),
      bonusKeys.manualForClient(1, 'a'),
      bonusKeys.mass('r1', 1),
      bonusKeys.mass('r2', 1),
      bonusKeys.mass('r1', 11),
      bonusKeys.birthday(1, 2027),
      bonusKeys.birthday(1, 2028),
      bonusKeys.childBirthday(1, 2027),
      bonusKeys.robotRun('w1', 'token-a'),
      bonusKeys.robotRun('w1', 'token-b'),
      bonusKeys.robotRun('w2', 'token-a'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('29 February', () => {
  it('knows leap years (every 4th, not every 100th, every 400th)', () => {
    expect([2024, 2000, 2028].every(isLeapYear)).toBe(true);
    expect([2025, 1900, 2100].some(isLeapYear)).toBe(false);
  });

  it('is credited on 28 February in years without one, on the day itself in leap years', () => {
    expect(birthdayInYear('2016-02-29', 2027)).toBe('2027-02-28');
    expect(birthdayInYear('2016-02-29', 2028)).toBe('2028-02-29');
    expect(birthdayInYear('2016-02-29', 2100)).toBe('2100-02-28');
    expect(birthdayInYear('2016-02-29', 2000)).toBe('2000-02-29');
  });

  it('leaves every other birthday on its day', () => {
    expect(birthdayInYear('2016-02-28', 2027)).toBe('2027-02-28');
    expect(birthdayInYear('2015-03-01', 2028)).toBe('2028-03-01');
    expect(birthdayInYear('1990-12-31', 2027)).toBe('2027-12-31');
  });

  it('refuses what is not a date of the calendar', () => {
    expect(() => birthdayInYear('2015-02-29', 2027)).toThrow(RangeError);
    expect(() => birthdayInYear('29.02.2016', 2027)).toThrow(RangeError);
  });

  it('turns a year older on the day it is credited', () => {
    expect(ageOn('2016-02-29', '2027-02-27')).toBe(10);
    expect(ageOn('2016-02-29', '2027-02-28')).toBe(11);
    expect(ageOn('2016-02-29', '2028-02-28')).toBe(11);
    expect(ageOn('2016-02-29', '2028-02-29')).toBe(12);
    expect(ageOn('2016-03-01', '2027-02-28')).toBe(10);
  });

  it('moves days back by whole years the same way', () => {
    expect(yearsBefore('2027-02-28', 11)).toBe('2016-02-29');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
    expect(yearsBefore('2027-06-15', 7)).toBe('2020-06-15');
  });
});

describe('children’s ages as birth dates', () => {
  const days = (from: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const d = new Date(`${from}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + i);
      return d.toISOString().slice(0, 10);
    });

  it('agree with the age on that day for every birth date, 29 February and year ends included', () => {
    const births = [...days('2014-12-25', 80), ...days('2016-02-20', 20), ...days('2019-02-25', 10)];
    const todays = [...days('2027-02-20', 15), ...days('2028-02-25', 8), ...days('2027-12-28', 8)];
    for (const today of todays) {
      for (const [from, to] of [
        [5, 7],
        [8, 8],
        [0, 12],
        [11, 13],
      ] as const) {
        const range = birthDatesForAges(today, from, to);
        for (const birth of births) {
          const inRange = birth > range.bornAfter && birth <= range.bornOnOrBefore;
          const age = ageOn(birth, today);
          expect({ today, birth, from, to, inRange }).toEqual({
            today,
            birth,
            from,
            to,
            inRange: age >= from && age <= to,
          });
        }
      }
    }
  });

  it('refuses a range that is none', () => {
    expect(() => birthDatesForAges('2027-01-01', 7, 5)).toThrow(RangeError);
    expect(() => birthDatesForAges('2027-01-01', -1, 5)).toThrow(RangeError);
  });
});

describe('the mass-run filter', () => {
  it('takes what the mirror can answer and nothing else', () => {
    expect(audienceFilterSchema.parse({ category: 'adult', childAgeFrom: 5, birthMonth: 3 })).toEqual({
      category: 'adult',
      childAgeFrom: 5,
      birthMonth: 3,
    });
    expect(audienceFilterSchema.safeParse({ favouriteColour: 'green' }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ birthMonth: 13 }).success).toBe(false);
  });

  it('refuses ranges upside down and a spend without its period', () => {
    expect(audienceFilterSchema.safeParse({ childAgeFrom: 9, childAgeTo: 5 }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ bonusFrom: 500, bonusTo: 100 }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ spendMin: 100000 }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ spendFrom: '2027-01-01' }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ spendFrom: '2027-02-01', spendTo: '2027-01-01' }).success).toBe(
      false,
    );
  });

  it('reads one end of the children’s ages as open', () => {
    expect(childAgeRange({ childAgeFrom: 5 })).toEqual({ from: 5, to: 30 });
    expect(childAgeRange({ childAgeTo: 3 })).toEqual({ from: 0, to: 3 });
    expect(childAgeRange({})).toBeNull();
  });
});
