import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNpsAnswer } from '@/db/queries/nps-answers';
import { InvalidRequestError } from '@/lib/http/errors';
import { deliveryTargetsForClaims } from '@/lib/mailings/delivery-targets';
import { npsChartForClaims } from '@/lib/mailings/nps-chart';
import {
  type CrmAccountFixture,
  claimsOf,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { campaignWithSend, limeConnectionOf } from '../support/mailing-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The settings' NPS chart (answers per day of the venue's calendar, each day's NPS, the period's
 * promoters / passives / detractors) and the delivery targets a mailing may be set to: Bitrix24
 * pipelines, stages and business processes — only business processes on a webhook-mode portal,
 * which says why — and amoCRM pipelines and statuses.
 */

let t: TestDatabase;
let b24: CrmAccountFixture;
let amo: CrmAccountFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  b24 = await startBitrix24Account(t.database, 851);
  amo = await startAmocrmAccount(t.database, 852);
});
afterAll(async () => {
  await b24?.close();
  await amo?.close();
  await t?.drop();
});

describe('the NPS chart', () => {
  it('counts each answer on its day in the venue’s zone and scores days and the period', async () => {
    const tenantId = b24.tenantId;
    const connectionId = await limeConnectionOf(t.database, tenantId);
    // Moscow is UTC+3: 22:30 UTC on 9 March is 10 March there.
    const answers: [number, string][] = [
      [10, '2026-03-09T08:00:00Z'],
      [9, '2026-03-09T12:00:00Z'],
      [3, '2026-03-09T15:00:00Z'],
      [7, '2026-03-09T22:30:00Z'],
      [6, '2026-03-11T09:00:00Z'],
      [10, '2026-02-01T09:00:00Z'],
    ];
    for (const [score, at] of answers) {
      const send = await campaignWithSend(t.database, {
        tenantId,
        connectionId,
        kind: 'nps',
        delivery: {},
        contactId: '1',
      });
      await insertNpsAnswer(t.database.db, {
        tenantId,
        sendId: send.sendId,
        clientId: 7,
        contactId: '1',
        score,
        comment: null,
        answeredAt: new Date(at),
      });
    }
    const claims = claimsOf(b24, false);
    const chart = await npsChartForClaims(
      { database: t.database },
      claims,
      new URLSearchParams({ from: '2026-03-01', to: '2026-03-31' }),
    );
    expect(chart).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      points: [
        { day: '2026-03-09', score: 33, average: 7.3, answers: 3 },
        { day: '2026-03-10', score: 0, average: 7, answers: 1 },
        { day: '2026-03-11', score: -100, average: 6, answers: 1 },
      ],
      promoters: 2,
      passives: 1,
      detractors: 2,
      answers: 5,
      nps: 0,
    });
    const recent = await npsChartForClaims(
      { database: t.database, now: () => new Date('2026-03-12T10:00:00Z') },
      claims,
      new URLSearchParams(),
    );
    expect(recent).toMatchObject({ from: '2025-12-13', to: '2026-03-12', answers: 6, nps: 17 });
    const otherTenant = await npsChartForClaims(
      { database: t.database },
      claimsOf(amo, true),
      new URLSearchParams(),
    );
    expect(otherTenant).toMatchObject({ answers: 0, nps: null, points: [] });
    await expect(
      npsChartForClaims(
        { database: t.database },
        claims,
        new URLSearchParams({ from: '2026-04-01', to: '2026-03-01' }),
      ),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      npsChartForClaims({ database: t.database }, claims, new URLSearchParams({ from: '2026-13-45' })),
    ).rejects.toThrow(/Период задан неверно/);
  });
});

describe('delivery targets', () => {
  const deps = (account: CrmAccountFixture) => ({
    database: t.database,
    secrets: account.secrets,
    allowHttpLoopback: true,
    crm: account.crm,
  });

  it('Bitrix24: the trigger and business processes, pipelines with their open stages, the contact templates', async () => {
    const sim = b24.bitrix24?.sim;
    if (!sim) throw new Error('no simulator');
    const template = sim.controls.addWorkflowTemplate('Поздравление с ДР', 'contact');
    sim.controls.addWorkflowTemplate('Для сделок', 'deal');
    const targets = await deliveryTargetsForClaims(deps(b24), claimsOf(b24, true));
    expect(targets).toMatchObject({
      crm: 'bitrix24',
      modes: ['trigger', 'workflow'],
      webhookMode: false,
      templates: [{ id: String(template), name: 'Поздравление с ДР' }],
      notes: { trigger: expect.stringContaining('Лайм: рассылка') },
    });
    if (targets.crm !== 'bitrix24') throw new Error('not Bitrix24');
    expect(targets.pipelines[0]?.stages.map((s) => s.id)).toContain('NEW');
    expect(targets.pipelines[0]?.stages.map((s) => s.id)).not.toContain('WON');
  });

  it('Bitrix24 in webhook mode: business processes only, and the note says why', async () => {
    await t.database.query(`update tenants set kind = 'bitrix24_webhook' where id = $1`, [b24.tenantId]);
    try {
      const targets = await deliveryTargetsForClaims(deps(b24), { ...claimsOf(b24, true), locale: 'en' });
      expect(targets).toMatchObject({
        crm: 'bitrix24',
        modes: ['workflow'],
        webhookMode: true,
        notes: { trigger: null, workflow: expect.stringContaining('connected by a webhook') },
      });
    } finally {
      await t.database.query(`update tenants set kind = 'bitrix24' where id = $1`, [b24.tenantId]);
    }
  });

  it('amoCRM: a lead in a status of a pipeline', async () => {
    const targets = await deliveryTargetsForClaims(deps(amo), claimsOf(amo, true));
    expect(targets).toMatchObject({
      crm: 'amocrm',
      modes: ['lead'],
      notes: { lead: expect.stringContaining('Salesbot') },
    });
    expect(targets.pipelines[0]?.stages.length).toBeGreaterThan(0);
  });
});
