import { describe, expect, it } from 'vitest';
import { birthdayInYear, bonusKeys } from '@/lib/domain/bonus-keys';
import { addDays, birthdaysOn, occasions, parseCampaignRules } from '@/lib/domain/campaigns';
import { capLeft, isQuiet, localDay, nextAllowedInstant } from '@/lib/domain/mailing-window';
import { WINBACK_CATCH_UP_DAYS, winbackWindow } from '@/lib/mailings/plan';

/** Campaign rules, occasions, the mailing window and win-back's window, without a database. */

const moscow = 'Europe/Moscow';
const at = (iso: string) => new Date(iso);

describe('occasions', () => {
  it('name what happened, so the same occasion is the same string', () => {
    expect(occasions.clientBirthday(777, 2027)).toBe('birthday:client:777:2027');
    expect(occasions.childBirthday(778, 2027)).toBe('birthday:child:778:2027');
    expect(occasions.winback('2026-05-03')).toBe('winback:2026-05-03');
    expect(occasions.dealMove('41', 'NEW', 'WON')).toBe('deal:41:NEW>WON');
    expect(occasions.manual(at('2026-11-23T10:00:00.000Z'))).toBe('manual:2026-11-23T10:00:00.000Z');
    const distinct = new Set([
      occasions.clientBirthday(1, 2027),
      occasions.clientBirthday(1, 2028),
      occasions.childBirthday(1, 2027),
      occasions.dealMove('1', 'A', 'B'),
      occasions.dealMove('1', 'B', 'C'),
      occasions.dealMove('1', 'A', 'C'),
    ]);
    expect(distinct.size).toBe(6);
  });

  it('are the birthday bonus keys, so a birthday campaign’s bonus and the automatic one are one credit', () => {
    expect(occasions.clientBirthday(777, 2027)).toBe(bonusKeys.birthday(777, 2027));
    expect(occasions.childBirthday(778, 2028)).toBe(bonusKeys.childBirthday(778, 2028));
  });

  it('celebrate a 29 February birthday on the 28th in other years, and on the 29th in leap years', () => {
    expect(birthdaysOn('2027-02-28')).toEqual({ monthDays: ['02-28', '02-29'], year: 2027 });
    expect(birthdaysOn('2028-02-28')).toEqual({ monthDays: ['02-28'], year: 2028 });
    expect(birthdaysOn('2028-02-29')).toEqual({ monthDays: ['02-29'], year: 2028 });
    expect(birthdaysOn('2027-03-01')).toEqual({ monthDays: ['03-01'], year: 2027 });
    // Every birth date is celebrated on exactly one day of each year, the day birthdayInYear names.
    for (const year of [2027, 2028]) {
      const days = Array.from({ length: 366 }, (_, i) => addDays(`${year}-01-01`, i)).filter((d) =>
        d.startsWith(String(year)),
      );
      for (const born of ['2016-02-29', '2019-02-28', '2019-03-01', '2020-12-31']) {
        const on = days.filter((d) => birthdaysOn(d).monthDays.includes(born.slice(5)));
        expect(on).toEqual([birthdayInYear(born, year)]);
      }
    }
  });

  it('count calendar days across months and years', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(() => addDays('1 May', 1)).toThrow(RangeError);
  });
});

describe('campaign rules', () => {
  it('take each kind’s rules and say what is wrong with the first bad one', () => {
    expect(parseCampaignRules('birthday', { daysBefore: 3, who: 'both' })).toEqual({
      ok: true,
      value: { kind: 'birthday', rules: { daysBefore: 3, who: 'both' } },
    });
    expect(parseCampaignRules('birthday', { daysBefore: 31, who: 'both' })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('daysBefore'),
    });
    expect(parseCampaignRules('winback', { daysWithout: 0 })).toMatchObject({ ok: false });
    expect(parseCampaignRules('winback', { daysWithout: 60 })).toMatchObject({ ok: true });
    expect(
      parseCampaignRules('nps', { pipelineId: '0', fromStageId: 'NEW', toStageId: 'NEW' }),
    ).toMatchObject({ ok: false, problem: expect.stringContaining('same stage') });
    expect(
      parseCampaignRules('nps', { pipelineId: '0', fromStageId: 'NEW', toStageId: 'WON' }),
    ).toMatchObject({ ok: true });
    expect(parseCampaignRules('manual', { filter: { birthMonth: 13 } })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('filter.birthMonth'),
    });
    expect(parseCampaignRules('manual', { filter: { category: 'adult' }, extra: 1 })).toMatchObject({
      ok: false,
    });
  });
});

describe('the mailing window', () => {
  const night = { quietFrom: '21:00', quietTo: '09:00' };
  const lunch = { quietFrom: '13:00', quietTo: '14:00' };

  it('lets a send go at once outside the quiet hours', () => {
    const noon = at('2027-06-01T09:00:00Z'); // 12:00 in Moscow
    expect(isQuiet(noon, night, moscow)).toBe(false);
    expect(nextAllowedInstant(noon, night, moscow)).toEqual(noon);
    expect(nextAllowedInstant(at('2027-06-01T11:00:00Z'), lunch, moscow)).toEqual(at('2027-06-01T11:00:00Z'));
  });

  it('moves a send in quiet hours that wrap midnight to their end, today’s or tomorrow’s', () => {
    // 22:30 Moscow → 09:00 the next morning; 03:00 → 09:00 the same morning.
    expect(nextAllowedInstant(at('2027-06-01T19:30:00Z'), night, moscow)).toEqual(at('2027-06-02T06:00:00Z'));
    expect(nextAllowedInstant(at('2027-06-02T00:00:00Z'), night, moscow)).toEqual(at('2027-06-02T06:00:00Z'));
    // The ends: 21:00 is quiet, 09:00 is not.
    expect(isQuiet(at('2027-06-01T18:00:00Z'), night, moscow)).toBe(true);
    expect(isQuiet(at('2027-06-01T06:00:00Z'), night, moscow)).toBe(false);
    expect(isQuiet(at('2027-06-01T05:59:00Z'), night, moscow)).toBe(true);
  });

  it('moves a send in quiet hours within a day to their end that day', () => {
    expect(nextAllowedInstant(at('2027-06-01T10:15:00Z'), lunch, moscow)).toEqual(at('2027-06-01T11:00:00Z'));
  });

  it('has no quiet hours when both ends are the same', () => {
    const none = { quietFrom: '00:00', quietTo: '00:00' };
    expect(isQuiet(at('2027-06-01T21:00:00Z'), none, moscow)).toBe(false);
  });

  it('reads the hours in the venue’s zone, daylight saving included', () => {
    const berlin = 'Europe/Berlin';
    // 30 March 2027 (summer time, UTC+2): 22:00 local is 20:00 UTC; the night ends at 07:00 UTC.
    expect(nextAllowedInstant(at('2027-03-30T20:00:00Z'), night, berlin)).toEqual(at('2027-03-31T07:00:00Z'));
    // The night of the change (28 March 2027, 02:00 → 03:00): the end is 09:00 summer time.
    expect(nextAllowedInstant(at('2027-03-27T22:00:00Z'), night, berlin)).toEqual(at('2027-03-28T07:00:00Z'));
    // Winter (UTC+1).
    expect(nextAllowedInstant(at('2027-01-10T21:00:00Z'), night, berlin)).toEqual(at('2027-01-11T08:00:00Z'));
  });

  it('counts the daily cap in the venue’s day', () => {
    const day = localDay(at('2027-06-01T22:30:00Z'), moscow); // 01:30 on 2 June in Moscow
    expect(day).toEqual({
      day: '2027-06-02',
      start: at('2027-06-01T21:00:00Z'),
      end: at('2027-06-02T21:00:00Z'),
    });
    expect(capLeft({ dailyCap: 5 }, 3)).toBe(2);
    expect(capLeft({ dailyCap: 5 }, 5)).toBe(0);
    expect(capLeft({ dailyCap: 5 }, 7)).toBe(0);
  });
});

describe('the win-back window', () => {
  const day = 86_400_000;
  const now = at('2027-06-30T12:00:00Z');
  const rules = { daysWithout: 30 };

  it('takes the visits that reached their days since the campaign was enabled', () => {
    const enabledAt = at('2027-06-29T12:00:00Z');
    expect(winbackWindow(now, rules, { enabledAt, plannedUntil: null })).toEqual({
      lastVisitFrom: new Date(enabledAt.getTime() - 30 * day),
      lastVisitBefore: new Date(now.getTime() - 30 * day),
    });
  });

  it('looks a day back from the last pass, and a week at most', () => {
    const enabledAt = at('2027-01-01T00:00:00Z');
    const plannedUntil = at('2027-06-30T11:55:00Z');
    expect(winbackWindow(now, rules, { enabledAt, plannedUntil }).lastVisitFrom).toEqual(
      new Date(plannedUntil.getTime() - day - 30 * day),
    );
    expect(winbackWindow(now, rules, { enabledAt, plannedUntil: null }).lastVisitFrom).toEqual(
      new Date(now.getTime() - WINBACK_CATCH_UP_DAYS * day - 30 * day),
    );
  });
});
