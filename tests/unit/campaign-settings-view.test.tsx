import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  type CampaignDraft,
  type CampaignView,
  deliveryOf,
  draftOf,
  newDraft,
  rulesOf,
} from '@/app/bitrix24/mailings/campaign-draft';
import { DeliveryFields } from '@/app/bitrix24/mailings/delivery-fields';
import { NpsChart, weeklyPoints } from '@/app/bitrix24/mailings/nps-chart';
import { RecentSends } from '@/app/bitrix24/mailings/recent-sends';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';

/** The mailing settings as an admin reads and types them: today's audience in words, a campaign's form back and forth, the NPS chart. */

const count = (people: number, children = 0) => ({ people, clients: people - children, children });

describe('today’s audience in words', () => {
  it('Russian: the plural of «человек» and the children’s birthdays among them', () => {
    const say = mailingWords.ru.campaigns.audience;
    expect([1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111].map((n) => say(count(n)))).toEqual([
      '1 человек',
      '2 человека',
      '4 человека',
      '5 человек',
      '11 человек',
      '12 человек',
      '21 человек',
      '22 человека',
      '25 человек',
      '101 человек',
      '111 человек',
    ]);
    expect(say(count(17, 9))).toBe('17 человек, из них 9 — по дню рождения ребёнка');
    expect(say(count(0))).toBe('никого');
  });

  it('English: person or people, a child’s or children’s birthdays', () => {
    const say = mailingWords.en.campaigns.audience;
    expect(say(count(17, 9))).toBe('17 people, 9 of them children’s birthdays');
    expect(say(count(1, 1))).toBe('1 person, 1 of them a child’s birthday');
    expect(say(count(2))).toBe('2 people');
    expect(say(count(0))).toBe('nobody');
  });
});

const campaign = (patch: Partial<CampaignView>): CampaignView => ({
  id: 'c1',
  kind: 'birthday',
  name: 'ДР',
  enabled: false,
  enabledAt: null,
  rules: {},
  delivery: {},
  bonusKopecks: null,
  today: count(0),
  ...patch,
});

const pipelines = [{ id: '0', name: 'Продажи', stages: [{ id: 'NEW', name: 'Новая' }] }];
const notes = { trigger: null, workflow: '' };
const bitrix24: DeliveryTargets = {
  crm: 'bitrix24',
  modes: ['trigger', 'workflow'],
  webhookMode: false,
  pipelines,
  templates: [{ id: '12', name: 'Поздравление' }],
  notes,
};
const amocrm: DeliveryTargets = { crm: 'amocrm', modes: ['lead'], pipelines, notes: { lead: '' } };

describe('a campaign’s form', () => {
  it('shows a manual campaign’s filter in rubles and sends it back in kopecks, unchanged', () => {
    const filter = {
      category: 'adult',
      childAgeFrom: 3,
      birthMonth: 2,
      bonusFrom: 150_050,
      lastVisitBefore: '2026-10-01',
    };
    const draft = draftOf(
      campaign({
        kind: 'manual',
        rules: { filter },
        delivery: { crm: 'bitrix24', mode: 'workflow', templateId: '12' },
        bonusKopecks: 20_000,
      }),
    );
    expect(draft.filter.bonusFrom).toBe('1500.5');
    expect(draft.bonus).toBe('200');
    expect(rulesOf(draft)).toEqual({ filter });
    expect(deliveryOf(draft, bitrix24)).toEqual({ crm: 'bitrix24', mode: 'workflow', templateId: '12' });
  });

  it('Bitrix24 trigger: a deal in the chosen stage for a birthday, the moved deal itself for NPS', () => {
    const birthday = {
      ...newDraft('birthday', 'ДР'),
      deliveryPipelineId: '0',
      deliveryStageId: 'NEW',
    };
    expect(rulesOf(birthday)).toEqual({ daysBefore: 3, who: 'both' });
    expect(deliveryOf(birthday, bitrix24)).toEqual({
      crm: 'bitrix24',
      mode: 'trigger',
      pipelineId: '0',
      stageId: 'NEW',
    });
    const nps = { ...birthday, kind: 'nps' as const, pipelineId: '0', fromStageId: 'NEW', toStageId: 'WON' };
    expect(rulesOf(nps)).toEqual({ pipelineId: '0', fromStageId: 'NEW', toStageId: 'WON' });
    expect(deliveryOf(nps, bitrix24)).toEqual({ crm: 'bitrix24', mode: 'trigger' });
  });

  it('amoCRM: a lead in the chosen pipeline and status; days typed wrong go as typed for the API to name', () => {
    const draft = draftOf(
      campaign({
        kind: 'winback',
        rules: { daysWithout: 90 },
        delivery: { crm: 'amocrm', mode: 'lead', pipelineId: '7', statusId: '71' },
      }),
    );
    expect(deliveryOf(draft, amocrm)).toEqual({
      crm: 'amocrm',
      mode: 'lead',
      pipelineId: '7',
      statusId: '71',
    });
    expect(rulesOf({ ...draft, daysWithout: 'сто' })).toEqual({ daysWithout: 'сто' });
  });
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the NPS chart', () => {
  it('sums the days into weeks from Monday, each day weighted by its answers', () => {
    expect(
      weeklyPoints([
        { day: '2026-11-03', score: 100, answers: 1 }, // Tuesday
        { day: '2026-11-08', score: -50, answers: 2 }, // Sunday: the same week
        { day: '2026-11-09', score: 40, answers: 5 }, // Monday: the next
      ]),
    ).toEqual([
      { day: '2026-11-02', score: 0, answers: 3 },
      { day: '2026-11-09', score: 40, answers: 5 },
    ]);
  });

  it('draws a bar per week and the three groups with counts and shares', () => {
    const view = {
      points: [
        { day: '2026-11-02', score: 50, answers: 4 },
        { day: '2026-11-10', score: -20, answers: 5 },
        { day: '2026-11-16', score: 100, answers: 1 },
      ],
      promoters: 5,
      passives: 3,
      detractors: 2,
      nps: 30,
    };
    const html = renderToStaticMarkup(<NpsChart view={view} locale="ru" />);
    expect(html.match(/data-testid="nps-bar"/g)).toHaveLength(3);
    expect(text(html)).toContain('Промоутеры (9–10): 5 (50%)');
    expect(text(html)).toContain('Критики (0–6): 2 (20%)');
    expect(text(html)).toContain('10 ответов');
    expect(text(renderToStaticMarkup(<NpsChart view={view} locale="en" />))).toContain(
      'Passives (7–8): 3 (30%)',
    );
  });

  it('says so when nobody has answered yet', () => {
    const empty = { points: [], promoters: 0, passives: 0, detractors: 0, nps: null };
    expect(text(renderToStaticMarkup(<NpsChart view={empty} locale="ru" />))).toContain('Ответов пока нет');
  });
});

describe('the latest sends', () => {
  it('name the person and the campaign, sent or waiting until when, why one was not sent, and a trigger nobody confirmed', () => {
    const base = { campaignId: 'c1', occasion: 'winback:2026-09-01', error: null, sentAt: null, check: null };
    const html = renderToStaticMarkup(
      <RecentSends
        locale="ru"
        campaigns={[campaign({ id: 'c1', name: 'Давно не были' })]}
        sends={[
          {
            ...base,
            id: 's1',
            clientId: 7,
            name: 'Анна Петрова',
            status: 'queued',
            dueAt: '2026-11-23T06:00:00Z',
          },
          {
            ...base,
            id: 's2',
            clientId: 8,
            name: null,
            status: 'failed',
            dueAt: '2026-11-22T09:00:00Z',
            error: 'У клиента нет контакта в CRM: сообщение некому отправить.',
          },
          {
            ...base,
            id: 's3',
            clientId: 9,
            name: 'Борис',
            status: 'sent',
            dueAt: '2026-11-22T09:00:00Z',
            sentAt: '2026-11-22T09:01:00Z',
            check: 'not_confirmed',
          },
          {
            ...base,
            id: 's4',
            clientId: 10,
            name: 'Вера',
            status: 'sent',
            dueAt: '2026-11-22T09:00:00Z',
            sentAt: '2026-11-22T09:01:00Z',
            check: 'confirmed',
          },
        ]}
      />,
    );
    expect(text(html)).toContain('Отправлено Триггер запущен, но не подтверждён: сделка не перешла');
    expect(html.match(/data-check=/g)).toHaveLength(1);
    expect(text(html)).toMatch(/Анна Петрова Давно не были не раньше 23\.11, \d\d:00 Ждёт/);
    expect(text(html)).toContain('Клиент 8 Давно не были');
    expect(text(html)).toContain('Не отправлено У клиента нет контакта в CRM');
  });
});

describe('the trigger’s check on a deal', () => {
  it('is offered with the trigger when the form can run it, with the note that it is a real run; never for a business process', () => {
    const draft: CampaignDraft = { ...newDraft('birthday', 'ДР'), mode: 'trigger' };
    const check = async () => ({ confirmed: true, text: '' });
    const html = (d: CampaignDraft, withCheck: boolean) =>
      renderToStaticMarkup(
        <DeliveryFields
          locale="ru"
          draft={d}
          targets={bitrix24}
          onChange={() => {}}
          checkTrigger={withCheck ? check : undefined}
        />,
      );
    const offered = html(draft, true);
    expect(offered).toContain('data-testid="trigger-check"');
    expect(offered).toContain('Проверить триггер на сделке (ID)');
    expect(offered).toContain('Возьмите тестовую сделку');
    expect(html(draft, false)).not.toContain('trigger-check');
    expect(html({ ...draft, mode: 'workflow' }, true)).not.toContain('trigger-check');
  });
});
