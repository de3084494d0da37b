import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCampaignSends } from '@/db/queries/campaign-sends';
import { insertCampaign } from '@/db/queries/campaigns';
import { listJournal } from '@/db/queries/journal';
import { formatRubles, kopecks } from '@/lib/domain/money';
import { InvalidRequestError } from '@/lib/http/errors';
import { jobRegistry } from '@/lib/jobs';
import { createLogger } from '@/lib/log/logger';
import type { AudiencePreview } from '@/lib/mailings/audience';
import { type CampaignView, campaignActionForClaims, campaignsForClaims } from '@/lib/mailings/campaign-api';
import type { TickDeps } from '@/lib/mailings/context';
import { deliverSend } from '@/lib/mailings/deliver';
import { CampaignConflictError, CampaignForbiddenError } from '@/lib/mailings/errors';
import { MAILING_TICK_JOBS } from '@/lib/mailings/job-names';
import { runMailingTick } from '@/lib/mailings/scheduler';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { setSetting } from '@/lib/settings/settings';
import type { SimClient } from '@/lib/simulators/lime/types';
import { TEST_APP } from '../support/bitrix24-harness';
import { contact } from '../support/crm-port-inputs';
import { claimsOf, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The campaigns API and the other kinds' planning (issue 8), Bitrix24 over its simulator with a
 * synced Lime park: today's audience before enabling (birthdays of clients and children), admins
 * only for changes, refusals in words; win-back from the last visit once the days have passed; NPS
 * from the deal's consecutive stage moves only (A→B→C never makes A→C); a manual list started once,
 * a second start refused; passes run again change nothing; a send the CRM cannot make fails at once
 * in words, one the CRM fails is tried again after 5, 10, 20, 40 minutes and fails on the fifth try.
 */

const zone = 'Europe/Moscow';

describe('campaigns: the API, win-back, NPS and manual lists', () => {
  let park: SyncedPark;
  let clock: Date;
  const queued: EnqueueRequest[] = [];
  const deps = () => ({
    database: park.t.database,
    enqueue: async (job: EnqueueRequest) => {
      queued.push(job);
      return 'job';
    },
    now: () => clock,
  });
  const admin = () => claimsOf(park.account, true);
  const manager = () => claimsOf(park.account, false);
  const act = (body: unknown, claims = admin()) => campaignActionForClaims(deps(), claims, body);
  const tickDeps = (): TickDeps => ({
    ...deps(),
    crm: park.account.crm,
    deliver: (target) =>
      deliverSend({ ...park.crmDeps(), appUrl: 'https://bridge.example.ru', now: () => clock }, target),
  });
  const tick = () => runMailingTick(tickDeps(), { tenantId: park.account.tenantId });
  let delivery: Record<string, unknown>;
  let stages: string[];
  let pipelineId: string;
  let tayaParent: SimClient;

  beforeAll(async () => {
    park = await startSyncedPark({ start: startBitrix24Account, seed: 4411, lime: { seed: 17, clients: 6 } });
    const [a, b, c] = park.lime.park.adults() as [SimClient, SimClient, SimClient];
    park.lime.controls.editsClient(a.id, { birthDate: '1990-06-15' });
    park.lime.controls.editsClient(b.id, { birthDate: '1991-06-15' });
    park.lime.controls.addsChild(c.id, { firstName: 'Тая', lastName: c.lastName, birthDate: '2019-06-15' });
    tayaParent = c;
    await park.followLime();
    await park.push();
    const [main] = await park.account.crm.listPipelines();
    pipelineId = main?.id as string;
    stages = (main?.stages ?? []).filter((s) => s.semantics === 'process').map((s) => s.id);
    delivery = { crm: 'bitrix24', mode: 'trigger', pipelineId, stageId: stages[0] };
  });
  afterAll(async () => {
    await park?.close();
  });

  it('previews today’s birthdays of clients and children, then saves and enables for admins only', async () => {
    clock = DateTime.fromISO('2027-06-12T11:00', { zone }).toJSDate();
    const lime = park.lime.park;
    const born1506 = (c: SimClient) => c.birthDate?.slice(5) === '06-15';
    const clients = lime.adults().filter(born1506);
    const children = lime
      .adults()
      .flatMap((p) =>
        lime
          .relationsOf(p.id)
          .flatMap((r) => (born1506(lime.clients.get(r.childId) as SimClient) ? [p.id] : [])),
      );
    const rules = { daysBefore: 3, who: 'both' };
    const preview = (await act({ action: 'preview', kind: 'birthday', rules }, manager())) as AudiencePreview;
    expect(preview).toMatchObject({
      clients: clients.length,
      children: children.length,
      people: new Set([...clients.map((c) => c.id), ...children]).size,
    });
    expect(preview.sample).toContain(tayaParent.displayName);
    expect(preview.sample).toEqual([...preview.sample].sort((x, y) => x.localeCompare(y, 'ru')));

    const draft = { kind: 'birthday', name: 'С днём рождения', rules, delivery, bonusKopecks: 50_000 };
    await expect(act({ action: 'save', campaign: draft }, manager())).rejects.toBeInstanceOf(
      CampaignForbiddenError,
    );
    const wrongRules = act({
      action: 'save',
      campaign: { ...draft, rules: { daysBefore: 40, who: 'both' } },
    });
    await expect(wrongRules).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(wrongRules).rejects.toThrow('Условия рассылки заданы с ошибкой: daysBefore');
    await expect(
      act({
        action: 'save',
        campaign: { ...draft, delivery: { crm: 'amocrm', mode: 'lead', pipelineId: '1', statusId: '2' } },
      }),
    ).rejects.toThrow('для другой CRM');
    const { campaign } = (await act({ action: 'save', campaign: draft })) as { campaign: CampaignView };
    expect(campaign).toMatchObject({ kind: 'birthday', enabled: false, bonusKopecks: 50_000 });
    await expect(act({ action: 'save', campaign: draft })).rejects.toBeInstanceOf(CampaignConflictError);
    const enabled = (await act({ action: 'enable', id: campaign.id })) as { campaign: CampaignView };
    expect(enabled.campaign).toMatchObject({ enabled: true, enabledAt: clock.toISOString() });

    const panel = await campaignsForClaims(deps(), manager());
    expect(panel.mayEdit).toBe(false);
    expect(panel.campaigns).toEqual([
      expect.objectContaining({
        id: campaign.id,
        today: { people: preview.people, clients: preview.clients, children: preview.children },
      }),
    ]);
    expect(panel.limits).toEqual({ quietFrom: '21:00', quietTo: '09:00', dailyCap: 500 });

    await tick();
    await tick();
    const sends = await listCampaignSends(park.t.database.db, {
      tenantId: park.account.tenantId,
      campaignId: campaign.id,
    });
    expect(sends).toHaveLength(clients.length + children.length);
    expect(sends.every((s) => s.status === 'sent')).toBe(true);
    // The campaign's bonus in the contact's field for the message, and asked for once per birthday.
    const bonus = formatRubles(kopecks(50_000), 'ru');
    for (const send of sends) {
      expect(send.fields.bonus).toBe(bonus);
      expect(park.account.contactFieldOf(send.contactId as string, 'LIME_MAIL_BONUS')).toBe(bonus);
    }
    expect(queued.filter((j) => j.kind === 'bonus.credit')).toHaveLength(sends.length);
    expect((await campaignsForClaims(deps(), admin())).recentSends).toHaveLength(sends.length);
    await act({ action: 'disable', id: campaign.id });
    // The tests below run on the wall clock's time of day: no quiet hours for them.
    await setSetting(park.t.database.db, {
      tenantId: park.account.tenantId,
      key: 'mailingLimits',
      value: { quietFrom: '00:00', quietTo: '00:00', dailyCap: 500 },
    });
  });

  it('holds sends over the daily cap for the next day, and drops them when the campaign is switched off', async () => {
    const db = park.t.database.db;
    const tenantId = park.account.tenantId;
    const limits = { quietFrom: '00:00', quietTo: '00:00' };
    await setSetting(db, { tenantId, key: 'mailingLimits', value: { ...limits, dailyCap: 1 } });
    clock = DateTime.fromISO('2027-06-13T11:00', { zone }).toJSDate();
    const { campaign } = (await act({
      action: 'save',
      campaign: { kind: 'birthday', name: 'За два дня', rules: { daysBefore: 2, who: 'both' }, delivery },
    })) as { campaign: CampaignView };
    await act({ action: 'enable', id: campaign.id });
    await tick();
    const scope = { tenantId, campaignId: campaign.id };
    const first = await listCampaignSends(db, scope);
    expect(first.length).toBeGreaterThan(1);
    expect(first.filter((s) => s.status === 'sent')).toHaveLength(1);
    await act({ action: 'disable', id: campaign.id });
    clock = DateTime.fromISO('2027-06-14T11:00', { zone }).toJSDate();
    await tick();
    const after = await listCampaignSends(db, scope);
    expect(after.filter((s) => s.status === 'sent')).toHaveLength(1);
    expect(after.filter((s) => s.status === 'skipped')).toHaveLength(first.length - 1);
    expect(after.find((s) => s.status === 'skipped')?.error).toBe(
      'Не отправлено: рассылку выключили раньше.',
    );
    await setSetting(db, { tenantId, key: 'mailingLimits', value: { ...limits, dailyCap: 500 } });
  });

  it('mails win-back once the days without a visit have passed, once per last visit', async () => {
    const visitor = park.lime.park.adults()[3] as SimClient;
    park.lime.controls.passesTurnstile(visitor.id);
    await park.followLime();
    const visitedAt = new Date();
    clock = new Date(visitedAt.getTime() + 29 * 86_400_000);
    const { campaign } = (await act({
      action: 'save',
      campaign: { kind: 'winback', name: 'Скучаем', rules: { daysWithout: 30 }, delivery },
    })) as { campaign: CampaignView };
    await act({ action: 'enable', id: campaign.id });
    await tick();
    const scope = { tenantId: park.account.tenantId, campaignId: campaign.id };
    expect(await listCampaignSends(park.t.database.db, scope)).toEqual([]);
    // The last moment of the venue's day 30 days after the visit's: the visit is 30 days ago today.
    clock = DateTime.fromJSDate(visitedAt, { zone }).plus({ days: 30 }).endOf('day').toJSDate();
    const preview = (await act({
      action: 'preview',
      kind: 'winback',
      rules: { daysWithout: 30 },
    })) as AudiencePreview;
    expect(preview.sample).toContain(visitor.displayName);
    await tick();
    await tick();
    const sends = await listCampaignSends(park.t.database.db, scope);
    const day = DateTime.fromJSDate(visitedAt, { zone }).toISODate();
    expect(sends.filter((s) => s.clientId === visitor.id)).toEqual([
      expect.objectContaining({ occasion: `winback:${day}`, status: 'sent' }),
    ]);
    await act({ action: 'disable', id: campaign.id });
  });

  it('mails NPS for a deal’s move from A straight to B, never for A→B→C read as A→C', async () => {
    clock = new Date();
    const [a, b, c] = stages as [string, string, string];
    const save = async (name: string, from: string, to: string) => {
      const rules = { pipelineId, fromStageId: from, toStageId: to };
      const { campaign } = (await act({
        action: 'save',
        campaign: { kind: 'nps', name, rules, delivery },
      })) as {
        campaign: CampaignView;
      };
      clock = new Date(Date.now() - 60_000);
      await act({ action: 'enable', id: campaign.id });
      return campaign.id;
    };
    const ab = await save('NPS A→B', a, b);
    const ac = await save('NPS A→C', a, c);
    const [customer] = await park.account.crm.upsertContacts([{ id: null, input: contact() }]);
    const deal = await park.account.crm.upsertDeal({
      externalKey: 'nps:test',
      title: 'Праздник',
      pipelineId,
      stageId: a,
      contactId: customer?.id as string,
      amount: kopecks(100_000),
      responsibleUserId: null,
      products: [],
    });
    await park.account.crm.updateDeal(deal.id, { stageId: b });
    await park.account.crm.updateDeal(deal.id, { stageId: c });
    clock = new Date();
    await tick();
    await tick();
    const db = park.t.database.db;
    const tenantId = park.account.tenantId;
    expect(await listCampaignSends(db, { tenantId, campaignId: ab })).toEqual([
      expect.objectContaining({
        occasion: `deal:${deal.id}:${a}>${b}`,
        dealId: deal.id,
        contactId: customer?.id,
        clientId: 0,
        status: 'sent',
        crmEntityId: deal.id,
      }),
    ]);
    expect(await listCampaignSends(db, { tenantId, campaignId: ac })).toEqual([]);
  });

  it('starts a manual list once: a second start is refused, a manager may not start', async () => {
    clock = new Date();
    const { campaign } = (await act({
      action: 'save',
      campaign: {
        kind: 'manual',
        name: 'Акция',
        rules: { filter: { category: 'adult', birthMonth: 6 } },
        delivery,
      },
    })) as { campaign: CampaignView };
    await expect(act({ action: 'start', id: campaign.id }, manager())).rejects.toBeInstanceOf(
      CampaignForbiddenError,
    );
    queued.length = 0;
    const [first, second] = await Promise.allSettled([
      act({ action: 'start', id: campaign.id }),
      act({ action: 'start', id: campaign.id }),
    ]);
    const adults = park.lime.park.adults().filter((c) => c.birthDate?.slice(5, 7) === '06').length;
    const outcomes = [first, second].map((o) => (o.status === 'fulfilled' ? o.value : o.reason));
    expect(outcomes).toContainEqual(expect.objectContaining({ started: true, recorded: adults }));
    expect(outcomes.filter((o) => o instanceof CampaignConflictError)).toHaveLength(1);
    expect(queued.map((j) => j.kind)).toEqual([MAILING_TICK_JOBS.bitrix24]);
    // The pass the start sent, run as the worker runs it (the real clock, the app's CRM credentials).
    const [job] = queued.splice(0) as [EnqueueRequest];
    const definition = jobRegistry[job.kind];
    await definition?.run({
      tenantId: job.tenantId,
      payload: definition.payload.parse(job.payload),
      jobId: 'test-tick',
      attempt: 1,
      isLastAttempt: false,
      signal: new AbortController().signal,
      database: park.t.database,
      log: createLogger({ level: 'silent' }),
      services: {
        secrets: park.account.secrets,
        allowHttpLoopback: true,
        enqueue: deps().enqueue,
        crm: { appUrl: 'https://bridge.example.ru', bitrix24: TEST_APP },
      },
    });
    const sends = await listCampaignSends(park.t.database.db, {
      tenantId: park.account.tenantId,
      campaignId: campaign.id,
    });
    expect(sends).toHaveLength(adults);
    expect(new Set(sends.map((s) => s.occasion)).size).toBe(1);
    expect(sends.every((s) => s.status === 'sent')).toBe(true);
  });

  /** A manual list over the adults born in a month (June unless said), started now; its sends. */
  async function started(name: string, delivery: Record<string, unknown>, birthMonth = 6) {
    const campaign = await insertCampaign(park.t.database.db, {
      tenantId: park.account.tenantId,
      connectionId: park.connectionId,
      kind: 'manual',
      name,
      rules: { filter: { category: 'adult', birthMonth } },
      delivery,
      bonusKopecks: null,
      createdBy: '1',
    });
    if (!campaign) throw new Error('no campaign');
    await act({ action: 'start', id: campaign.id });
    const sends = () =>
      listCampaignSends(park.t.database.db, { tenantId: park.account.tenantId, campaignId: campaign.id });
    expect((await sends()).length).toBeGreaterThan(0);
    return sends;
  }
  const journal = async (status: string) =>
    (await listJournal(park.t.database.db, { tenantId: park.account.tenantId, limit: 500 })).filter(
      (j) => j.operation === 'crm.mailing.send' && j.status === status,
    );

  it('fails a send the CRM cannot make at once, with the reason in words', async () => {
    clock = DateTime.fromISO('2027-06-01T12:00', { zone }).toJSDate();
    const sends = await started('Не та CRM', { crm: 'amocrm', mode: 'lead', pipelineId: '1', statusId: '2' });
    await tick();
    const after = await sends();
    expect(after.every((s) => s.status === 'failed' && s.attempts === 1)).toBe(true);
    expect(after[0]?.error).toContain('для другой CRM');
    expect((await journal('error')).length).toBe(after.length);
  });

  it('tries a send again later when the CRM fails, with back-off, and fails it after 5 tries', async () => {
    const [main] = await park.account.crm.listPipelines();
    const stage = main?.stages.find((s) => s.semantics === 'process')?.id;
    // One person (a month only one adult was born in): each try is a CRM call at the portal's 2 a second.
    const months = park.lime.park.adults().map((c) => Number(c.birthDate?.slice(5, 7)));
    const month = months.find((m) => months.filter((x) => x === m).length === 1) ?? 6;
    const sends = await started(
      'Повтор',
      { crm: 'bitrix24', mode: 'trigger', pipelineId: main?.id, stageId: stage },
      month,
    );
    park.account.bitrix24?.sim.controls.setFault({
      method: 'crm.item.update',
      status: 500,
      error: 'INTERNAL_SERVER_ERROR',
      error_description: 'Internal error',
      times: 1000,
    });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = clock.getTime();
      await tick();
      const now = await sends();
      expect(now.every((s) => s.attempts === attempt)).toBe(true);
      if (attempt < 5) {
        expect(now.every((s) => s.status === 'queued' && s.error)).toBe(true);
        waits.push(((now[0]?.dueAt.getTime() ?? 0) - before) / 60_000);
        clock = now[0]?.dueAt as Date;
      } else expect(now.every((s) => s.status === 'failed')).toBe(true);
    }
    park.account.bitrix24?.sim.controls.clearFaults();
    expect(waits).toEqual([5, 10, 20, 40]);
    expect((await journal('retrying')).length).toBe(4 * (await sends()).length);
  });
});
