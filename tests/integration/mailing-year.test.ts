import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBonusCredit } from '@/db/queries/bonus-credits';
import { listCampaignSends } from '@/db/queries/campaign-sends';
import { insertCampaign, setCampaignEnabled } from '@/db/queries/campaigns';
import { birthdayInYear, bonusKeys } from '@/lib/domain/bonus-keys';
import { addDays, occasions } from '@/lib/domain/campaigns';
import type { SendTarget, TickDeps } from '@/lib/mailings/context';
import { deliverSend } from '@/lib/mailings/deliver';
import { runMailingTick } from '@/lib/mailings/scheduler';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { SimClient } from '@/lib/simulators/lime/types';
import { setBirthdaySettings } from '../support/birthday-settings';
import { type BonusDriver, bonusDriver } from '../support/bonus-jobs';
import {
  type CrmAccountFixture,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The mailing scheduler through simulated time (issue 8): the clock is injected and the pass runs at
 * 11:00 of every day, and at 03:00 (quiet hours) twice a month and on the days that matter. A birthday campaign mails 3 days before each birthday
 * of a client and of each child (to the parent), birthday bonuses are credited on the day from 10:00;
 * each exactly once — passes run twice at once on some days — with nothing sent in the quiet hours
 * and at most 2 sends a day (a day with 3 birthdays sends the third the next day). 29 February
 * birthdays: the 28th in 2027, the 29th in 2028. Bitrix24 lives through 2027, amoCRM through the end
 * of February 2028.
 */

const zone = 'Europe/Moscow';
const CAP = 2;
const MAIL_DAYS_BEFORE = 3;

interface Delivery {
  sendId: string;
  at: Date;
}

interface YearRun {
  park: SyncedPark;
  bonus: BonusDriver;
  campaignId: string;
  deliveries: Delivery[];
  /** The simulated instant each credit was asked for, by credit id. */
  creditAskedAt: Map<string, Date>;
  /** The people of the park: adults with their birthdays, and each child with its parent. */
  adults: SimClient[];
  children: { child: SimClient; parentId: number }[];
}

async function liveThrough(
  start: (database: SyncedPark['t']['database'], seed: number) => Promise<CrmAccountFixture>,
  from: string,
  to: string,
  twiceOn: string[],
): Promise<YearRun> {
  const park = await startSyncedPark({ start, seed: 3127, lime: { seed: 64, clients: 5 } });
  const lime = park.lime.park;
  const [leap, sameDayA, sameDayB, sameDayC, parent] = lime.adults() as [
    SimClient,
    SimClient,
    SimClient,
    SimClient,
    SimClient,
  ];
  park.lime.controls.editsClient(leap.id, { birthDate: '1988-02-29' });
  for (const c of [sameDayA, sameDayB, sameDayC])
    park.lime.controls.editsClient(c.id, { birthDate: '1985-06-15' });
  park.lime.controls.addsChild(parent.id, {
    firstName: 'Ася',
    lastName: parent.lastName,
    birthDate: '2016-02-29',
  });
  await park.followLime();
  await park.push();
  const tenantId = park.account.tenantId;
  const db = park.t.database.db;
  await setBirthdaySettings(db, { tenantId, dailyCap: CAP });
  const startAt = DateTime.fromISO(from, { zone }).toJSDate();
  const [main] = await park.account.crm.listPipelines();
  const stages = main?.stages.filter((s) => s.semantics === 'process') ?? [];
  const campaign = await insertCampaign(db, {
    tenantId,
    connectionId: park.connectionId,
    kind: 'birthday',
    name: 'С днём рождения',
    rules: { daysBefore: MAIL_DAYS_BEFORE, who: 'both' },
    delivery:
      park.account.name === 'Bitrix24'
        ? { crm: 'bitrix24', mode: 'trigger', pipelineId: main?.id, stageId: stages[0]?.id }
        : { crm: 'amocrm', mode: 'lead', pipelineId: main?.id, statusId: stages[1]?.id },
    bonusKopecks: null,
    createdBy: '1',
  });
  if (!campaign) throw new Error('no campaign');
  await setCampaignEnabled(db, { tenantId, id: campaign.id, enabled: true, at: startAt });

  const bonus = bonusDriver(park);
  let clock = startAt;
  const deliveries: Delivery[] = [];
  const creditAskedAt = new Map<string, Date>();
  const enqueue = async (job: EnqueueRequest) => {
    const creditId = (job.payload as { creditId?: string }).creditId;
    if (creditId) creditAskedAt.set(creditId, clock);
    return bonus.deps().enqueue(job);
  };
  const deps: TickDeps = {
    database: park.t.database,
    crm: park.account.crm,
    enqueue,
    now: () => clock,
    async deliver(target: SendTarget) {
      deliveries.push({ sendId: target.sendId, at: clock });
      return deliverSend(
        { ...park.crmDeps(), appUrl: 'https://bridge.example.ru', now: () => clock },
        target,
      );
    },
  };
  for (let day = from; day <= to; day = addDays(day, 1)) {
    // 11:00 every day; 03:00, in the quiet hours, twice a month and on the days that matter.
    const quietToo = twiceOn.includes(day) || day.endsWith('-01') || day.endsWith('-15');
    for (const hour of quietToo ? [3, 11] : [11]) {
      clock = DateTime.fromISO(day, { zone }).set({ hour }).toJSDate();
      const passes = twiceOn.includes(day) ? 2 : 1;
      await Promise.all(Array.from({ length: passes }, () => runMailingTick(deps, { tenantId })));
    }
  }
  await bonus.drain();
  const adults = lime.adults().filter((c) => c.birthDate);
  const children = lime
    .adults()
    .flatMap((p) =>
      lime
        .relationsOf(p.id)
        .map((r) => ({ child: lime.clients.get(r.childId) as SimClient, parentId: p.id })),
    );
  return { park, bonus, campaignId: campaign.id, deliveries, creditAskedAt, adults, children };
}

/** The birthdays (day, year) in [from, to + slack) of someone born on `born`. */
function birthdaysBetween(born: string, from: string, to: string): { day: string; year: number }[] {
  const years = [Number(from.slice(0, 4)), Number(to.slice(0, 4)) + 1];
  const found: { day: string; year: number }[] = [];
  for (let year = years[0] as number; year <= (years[1] as number); year++) {
    found.push({ day: birthdayInYear(born, year), year });
  }
  return found;
}

const localDayOf = (at: Date) => DateTime.fromJSDate(at, { zone }).toISODate() as string;

async function expectEachBirthdayOnce(run: YearRun, from: string, to: string) {
  const tenantId = run.park.account.tenantId;
  const db = run.park.t.database.db;
  // Mails: every birthday whose mail day (3 days before) falls in the span, to the client or parent.
  const expected = new Map<string, string>();
  const expectMail = (clientId: number, born: string, occasion: (year: number) => string) => {
    for (const { day, year } of birthdaysBetween(born, from, to)) {
      const mailDay = addDays(day, -MAIL_DAYS_BEFORE);
      if (mailDay >= from && mailDay <= to) expected.set(`${clientId} ${occasion(year)}`, mailDay);
    }
  };
  for (const adult of run.adults)
    expectMail(adult.id, adult.birthDate as string, (y) => occasions.clientBirthday(adult.id, y));
  for (const { child, parentId } of run.children)
    expectMail(parentId, child.birthDate as string, (y) => occasions.childBirthday(child.id, y));
  const sends = await listCampaignSends(db, { tenantId, campaignId: run.campaignId });
  expect(new Set(sends.map((s) => `${s.clientId} ${s.occasion}`))).toEqual(new Set(expected.keys()));
  expect(sends.every((s) => s.status === 'sent')).toBe(true);
  // Each send set the CRM's automation going once: a deal (amoCRM lead) of its own, for its contact.
  const deals = await run.park.account.crm.getDealSummaries(sends.map((s) => s.crmEntityId as string));
  expect(new Set(deals.map((d) => d.id)).size).toBe(sends.length);
  for (const send of sends)
    expect(deals.find((d) => d.id === send.crmEntityId)?.contactIds).toEqual([send.contactId]);

  // Each send delivered once; never in the quiet hours; at most CAP a day; on its mail day unless the cap held it.
  const byId = new Map(sends.map((s) => [s.id, s]));
  expect(run.deliveries.map((d) => d.sendId).sort()).toEqual(sends.map((s) => s.id).sort());
  const perDay = new Map<string, number>();
  for (const d of run.deliveries) {
    expect(DateTime.fromJSDate(d.at, { zone }).hour).toBe(11);
    perDay.set(localDayOf(d.at), (perDay.get(localDayOf(d.at)) ?? 0) + 1);
    const send = byId.get(d.sendId);
    const mailDay = expected.get(`${send?.clientId} ${send?.occasion}`) as string;
    expect(localDayOf(d.at) >= mailDay).toBe(true);
    expect(localDayOf(d.at) <= addDays(mailDay, 1)).toBe(true);
  }
  expect(Math.max(...perDay.values())).toBeLessThanOrEqual(CAP);

  // Bonuses: each birthday of the span credited once in Lime, on its day, to the client or the parent.
  const credited = new Map<string, { day: string; clientId: number; amount: number }>();
  for (const adult of run.adults)
    for (const { day, year } of birthdaysBetween(adult.birthDate as string, from, to))
      if (day >= from && day <= to)
        credited.set(bonusKeys.birthday(adult.id, year), { day, clientId: adult.id, amount: 50_000 });
  for (const { child, parentId } of run.children)
    for (const { day, year } of birthdaysBetween(child.birthDate as string, from, to))
      if (day >= from && day <= to)
        credited.set(bonusKeys.childBirthday(child.id, year), { day, clientId: parentId, amount: 30_000 });
  const accruals = run.park.lime.park.accruals.filter((a) => a.origin.source !== 'lime');
  expect(accruals).toHaveLength(credited.size);
  for (const [key, want] of credited) {
    expect(run.bonus.accrualRequests(key)).toBe(1);
    const credit = await getBonusCredit(db, { tenantId, key });
    expect(credit).toMatchObject({ status: 'done', clientId: want.clientId, amountKopecks: want.amount });
    expect(localDayOf(run.creditAskedAt.get(credit?.id as string) as Date)).toBe(want.day);
  }
  return { sends, credited };
}

describe('a simulated year of birthdays, Bitrix24', () => {
  let run: YearRun;
  beforeAll(async () => {
    run = await liveThrough(startBitrix24Account, '2027-01-01', '2027-12-31', [
      '2027-02-25',
      '2027-02-28',
      '2027-06-12',
    ]);
  });
  afterAll(async () => {
    await run?.park.close();
  });

  it('mails and credits each birthday of clients and children exactly once, 29 February on the 28th', async () => {
    const { sends, credited } = await expectEachBirthdayOnce(run, '2027-01-01', '2027-12-31');
    const leap = run.adults.find((c) => c.birthDate === '1988-02-29') as SimClient;
    const leapSend = sends.find((s) => s.occasion === occasions.clientBirthday(leap.id, 2027));
    // Recorded at 03:00, in the quiet hours: due at their end, delivered by the 11:00 pass.
    expect(leapSend?.dueAt).toEqual(DateTime.fromISO('2027-02-25T09:00', { zone }).toJSDate());
    expect(credited.get(bonusKeys.birthday(leap.id, 2027))?.day).toBe('2027-02-28');
    const asya = run.children.find((c) => c.child.firstName === 'Ася');
    expect(credited.get(bonusKeys.childBirthday(asya?.child.id as number, 2027))?.day).toBe('2027-02-28');
    expect(
      sends.find((s) => s.occasion === occasions.childBirthday(asya?.child.id as number, 2027))?.fields,
    ).toEqual({
      childName: 'Ася',
    });
  });

  it('holds the third birthday of a day for the next day by the daily cap', () => {
    const onTheTwelfth = run.deliveries.filter((d) => localDayOf(d.at) === '2027-06-12');
    const onTheThirteenth = run.deliveries.filter((d) => localDayOf(d.at) === '2027-06-13');
    expect(onTheTwelfth).toHaveLength(2);
    expect(onTheThirteenth.length).toBeGreaterThanOrEqual(1);
  });
});

describe('a leap February, amoCRM', () => {
  let run: YearRun;
  beforeAll(async () => {
    run = await liveThrough(startAmocrmAccount, '2028-02-20', '2028-03-05', ['2028-02-26', '2028-02-29']);
  });
  afterAll(async () => {
    await run?.park.close();
  });

  it('mails and credits a 29 February birthday on the 29th in a leap year, once', async () => {
    const { credited } = await expectEachBirthdayOnce(run, '2028-02-20', '2028-03-05');
    const leap = run.adults.find((c) => c.birthDate === '1988-02-29') as SimClient;
    expect(credited.get(bonusKeys.birthday(leap.id, 2028))?.day).toBe('2028-02-29');
  });
});
