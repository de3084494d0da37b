import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBonusCredit } from '@/db/queries/bonus-credits';
import { type CampaignSendRow, listCampaignSends } from '@/db/queries/campaign-sends';
import { insertCampaign, listTenantsWithMailingWork, setCampaignEnabled } from '@/db/queries/campaigns';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { occasions } from '@/lib/domain/campaigns';
import { campaignErrorWords } from '@/lib/i18n/campaign-errors';
import type { SendTarget, TickDeps } from '@/lib/mailings/context';
import { deliverSend } from '@/lib/mailings/deliver';
import { runMailingTick, type TickStats } from '@/lib/mailings/scheduler';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting, setSetting } from '@/lib/settings/settings';
import type { SimClient } from '@/lib/simulators/lime/types';
import { setBirthdaySettings } from '../support/birthday-settings';
import { type BonusDriver, bonusDriver } from '../support/bonus-jobs';
import { startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The scheduler catches up (issue 8), with the clock injected: two birthday campaigns — 3 days
 * before ("soon") and on the day ("today") — and birthday bonuses on the day from 10:00, from
 * 1 June 2027. Passes run daily at 11:00 until the 9th (that day at 08:00, in the quiet hours), then
 * the app is down on the 10th and the 11th, and comes back on the 12th with two workers at once.
 * A client signs up on their birthday after that day's passes. Each birthday is credited once, late
 * within the week; a mailing is sent late only while the birthday is ahead or today, never after.
 */

const zone = 'Europe/Moscow';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const localDayOf = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate() as string;

describe('missed birthdays caught up after downtime and for late sign-ups, Bitrix24', () => {
  let park: SyncedPark;
  let bonus: BonusDriver;
  let clock = at('2027-06-01T11:00');
  const deliveries: { sendId: string; at: Date }[] = [];
  const creditAskedAt = new Map<string, Date>();
  const people = {} as Record<'a' | 'b' | 'c' | 'd' | 'e', SimClient> & { k: number; l: number; f: number };
  const campaignIds = { soon: '', today: '' };
  let deps: TickDeps;
  let tenantId: string;
  const passes: TickStats[] = [];
  const pass = async (iso: string, workers = 1) => {
    clock = at(iso);
    passes.push(
      ...(await Promise.all(Array.from({ length: workers }, () => runMailingTick(deps, { tenantId })))),
    );
  };

  beforeAll(async () => {
    park = await startSyncedPark({ start: startBitrix24Account, seed: 3131, lime: { seed: 64, clients: 5 } });
    const lime = park.lime.park;
    const controls = park.lime.controls;
    const [a, b, c, d, e] = lime.adults() as [SimClient, SimClient, SimClient, SimClient, SimClient];
    Object.assign(people, { a, b, c, d, e });
    // The seeded children have their birthdays out of the way; two are added.
    for (const adult of lime.adults())
      for (const r of lime.relationsOf(adult.id))
        controls.editsClient(r.childId, { birthDate: '2018-01-20' });
    const born = { a: '1980-06-10', b: '1985-06-11', c: '1990-06-14', d: '1992-06-12', e: '1988-06-09' };
    for (const [key, date] of Object.entries(born))
      controls.editsClient(people[key as keyof typeof born].id, { birthDate: date });
    people.k = controls.addsChild(e.id, { firstName: 'Кира', lastName: e.lastName, birthDate: '2019-06-11' });
    people.l = controls.addsChild(a.id, { firstName: 'Лев', lastName: a.lastName, birthDate: '2020-05-30' });
    await park.followLime();
    await park.push();
    tenantId = park.account.tenantId;
    const db = park.t.database.db;
    await setBirthdaySettings(db, { tenantId, dailyCap: 100 });
    const [main] = await park.account.crm.listPipelines();
    const stage = main?.stages.find((s) => s.semantics === 'process');
    for (const [key, daysBefore] of [
      ['soon', 3],
      ['today', 0],
    ] as const) {
      const campaign = await insertCampaign(db, {
        tenantId,
        connectionId: park.connectionId,
        kind: 'birthday',
        name: key,
        rules: { daysBefore, who: 'both' },
        delivery: { crm: 'bitrix24', mode: 'trigger', pipelineId: main?.id, stageId: stage?.id },
        bonusKopecks: null,
        createdBy: '1',
      });
      if (!campaign) throw new Error('no campaign');
      await setCampaignEnabled(db, { tenantId, id: campaign.id, enabled: true, at: at('2027-06-01T00:00') });
      campaignIds[key] = campaign.id;
    }
    bonus = bonusDriver(park);
    deps = {
      database: park.t.database,
      crm: park.account.crm,
      now: () => clock,
      async enqueue(job: EnqueueRequest) {
        const creditId = (job.payload as { creditId?: string }).creditId;
        if (creditId) creditAskedAt.set(creditId, clock);
        return bonus.deps().enqueue(job);
      },
      async deliver(target: SendTarget) {
        deliveries.push({ sendId: target.sendId, at: clock });
        return deliverSend(
          { ...park.crmDeps(), appUrl: 'https://bridge.example.ru', now: () => clock },
          target,
        );
      },
    };

    for (let day = 1; day <= 8; day++) await pass(`2027-06-0${day}T11:00`);
    await pass('2027-06-09T08:00'); // quiet hours: recorded, held until 09:00 — then the app is down
    await pass('2027-06-12T11:00', 2);
    await pass('2027-06-12T11:30');
    // Someone signs up on their birthday, after the day's passes.
    people.f = controls.signsUp({ firstName: 'Фёдор', lastName: 'Поздний', birthDate: '1991-06-12' });
    await park.followLime();
    await park.push();
    await pass('2027-06-12T12:00', 2);
    await pass('2027-06-12T12:05');
    await bonus.drain();
  });
  afterAll(async () => {
    await park?.close();
  });

  const sendsOf = async (campaign: keyof typeof campaignIds) =>
    new Map(
      (await listCampaignSends(park.t.database.db, { tenantId, campaignId: campaignIds[campaign] })).map(
        (s) => [s.occasion, s] as [string, CampaignSendRow],
      ),
    );
  const own = (id: number) => occasions.clientBirthday(id, 2027);
  const child = (id: number) => occasions.childBirthday(id, 2027);

  it('credits the birthdays missed while the app was down, and the late sign-up’s, once each', async () => {
    const db = park.t.database.db;
    const want = new Map([
      [bonusKeys.birthday(people.e.id, 2027), { clientId: people.e.id, day: '2027-06-12' }], // 9th, before 10:00
      [bonusKeys.birthday(people.a.id, 2027), { clientId: people.a.id, day: '2027-06-12' }], // 10th: down
      [bonusKeys.birthday(people.b.id, 2027), { clientId: people.b.id, day: '2027-06-12' }], // 11th: down
      [bonusKeys.childBirthday(people.k, 2027), { clientId: people.e.id, day: '2027-06-12' }],
      [bonusKeys.birthday(people.d.id, 2027), { clientId: people.d.id, day: '2027-06-12' }], // on the day
      [bonusKeys.birthday(people.f, 2027), { clientId: people.f, day: '2027-06-12' }], // signed up on the day
    ]);
    const accruals = park.lime.park.accruals.filter((a) => a.origin.source !== 'lime');
    expect(accruals).toHaveLength(want.size);
    for (const [key, { clientId, day }] of want) {
      expect(bonus.accrualRequests(key)).toBe(1);
      const credit = await getBonusCredit(db, { tenantId, key });
      expect(credit).toMatchObject({ status: 'done', clientId });
      expect(localDayOf(creditAskedAt.get(credit?.id as string) as Date)).toBe(day);
    }
    // A birthday whose day came before the bonus was switched on is not credited late.
    expect(await getBonusCredit(db, { tenantId, key: bonusKeys.childBirthday(people.l, 2027) })).toBeNull();
  });

  it('mails "3 days before" late while the birthday is ahead or today, each person once', async () => {
    const soon = await sendsOf('soon');
    expect([...soon.keys()].sort()).toEqual(
      [
        own(people.e.id),
        own(people.a.id),
        own(people.b.id),
        child(people.k),
        own(people.d.id), // recorded on the 9th in the quiet hours; sent on the 12th, its day
        own(people.c.id), // its mail day, the 11th, was missed: sent on the 12th, two days before
        own(people.f), // signed up on the birthday: sent the same day
      ].sort(),
    );
    for (const send of soon.values()) expect(send.status).toBe('sent');
    const sentOn = (occasion: string) => localDayOf(soon.get(occasion)?.sentAt as Date);
    expect(sentOn(own(people.a.id))).toBe('2027-06-07');
    expect(sentOn(own(people.c.id))).toBe('2027-06-12');
    expect(sentOn(own(people.d.id))).toBe('2027-06-12');
    expect(sentOn(own(people.f))).toBe('2027-06-12');
  });

  it('never greets "on the day" after the day: missed ones are not recorded, a waiting one is skipped', async () => {
    const today = await sendsOf('today');
    expect([...today.keys()].sort()).toEqual([own(people.e.id), own(people.d.id), own(people.f)].sort());
    expect(today.get(own(people.e.id))).toMatchObject({
      status: 'skipped',
      error: campaignErrorWords('ru').tooLate,
      sentAt: null,
    });
    expect(today.get(own(people.d.id))?.status).toBe('sent');
    expect(today.get(own(people.f))?.status).toBe('sent');
  });

  it('delivers each send once, never after its birthday, whatever ran twice', async () => {
    const sends = [...(await sendsOf('soon')).values(), ...(await sendsOf('today')).values()];
    const sent = sends.filter((s) => s.status === 'sent');
    expect(deliveries.map((d) => d.sendId).sort()).toEqual(sent.map((s) => s.id).sort());
    for (const d of deliveries) {
      const send = sent.find((s) => s.id === d.sendId) as CampaignSendRow;
      expect(d.at.getTime()).toBeLessThan((send.expiresAt as Date).getTime());
    }
    // The last pass found nothing left to record, credit or deliver.
    expect(passes.at(-1)).toMatchObject({ recorded: 0, bonuses: 0, expired: 0, delivery: { sent: 0 } });
  });

  it('forgets the bonus catch-up when the rule is switched off, so a later switch-on catches up nothing', async () => {
    const db = park.t.database.db;
    for (const id of Object.values(campaignIds))
      await setCampaignEnabled(db, { tenantId, id, enabled: false, at: clock });
    await setSetting(db, {
      tenantId,
      key: 'birthdayBonus',
      value: { enabled: false, clientKopecks: 50_000, childKopecks: 30_000, daysBefore: 0, hour: 10 },
    });
    expect(await getSetting(db, { tenantId, key: 'birthdayBonusCatchUp' })).toEqual({
      since: '2027-06-01',
      sweptDay: '2027-06-12',
    });
    // Still listed for one pass, which drops the mark; then off the schedule's list.
    expect(await listTenantsWithMailingWork(db)).toContain(tenantId);
    await pass('2027-06-12T13:00');
    expect(await getSetting(db, { tenantId, key: 'birthdayBonusCatchUp' })).toBeNull();
    expect(await listTenantsWithMailingWork(db)).not.toContain(tenantId);
  });
});
