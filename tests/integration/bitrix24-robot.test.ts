import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJournal } from '@/db/queries/journal';
import { BONUS_ACTIVITY_CODE, BONUS_ROBOT_CODE } from '@/lib/crm/bitrix24/robot-setup';
import { setSetting } from '@/lib/settings/settings';
import type { DocumentId } from '@/lib/simulators/bitrix24';
import type { SimClient } from '@/lib/simulators/lime/types';
import { runPortalSetup } from '@/lib/sync/bitrix24/install';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The Bitrix24 bonus robot and workflow action (issue 8, docs/bitrix24-robot.md) over the Bitrix24
 * and Lime simulators: the installer registers both once; a business process over a list selection
 * reaches the action on each element — the portal POSTs our handler — and each client is credited
 * once in Lime, each workflow answered with the outcome; the same POST sent again credits nothing
 * more; a forged call is 401 and stores nothing; a deal or lead credits its main contact, a company
 * and an amount over the limit are refused in words.
 */
describe('Bitrix24 bonus robot', () => {
  let park: SyncedPark;
  let h: Bitrix24Harness;
  let clients: SimClient[];
  const contactOf = new Map<number, string>();
  const db = () => park.t.database.db;
  const tenantId = () => park.account.tenantId;
  let seeded = 0;
  const accrualsOf = (client: SimClient) =>
    park.lime.park.accruals.slice(seeded).filter((a) => a.clientId === client.id);
  const contactDoc = (client: SimClient): DocumentId => [
    'crm',
    'CCrmDocumentContact',
    `CONTACT_${contactOf.get(client.id)}`,
  ];
  const count = async (sql: string) => (await park.t.database.query<{ n: number }>(sql)).rows[0]?.n;

  beforeAll(async () => {
    park = await startSyncedPark({ start: startBitrix24Account, seed: 827, lime: { seed: 73, clients: 8 } });
    await park.push();
    h = park.account.bitrix24 as Bitrix24Harness;
    await h.runJobs();
    seeded = park.lime.park.accruals.length;
    clients = park.lime.park.adults().slice(0, 5);
    for (const c of clients) contactOf.set(c.id, (await park.contactOf(c.id)) as string);
    await setSetting(db(), {
      tenantId: tenantId(),
      key: 'bonusRules',
      value: { whoCredits: 'admins', maxAmountKopecks: 100_000 },
    });
  });
  afterAll(async () => {
    await park?.close();
  });

  it('the installer registered the robot and the action once; setting up again adds nothing', async () => {
    const registered = () => h.sim.state.bizproc.registrations.map((r) => [r.kind, r.code, r.handler]);
    const handler = `${h.appUrl}/api/bitrix24/robot`;
    expect(registered()).toEqual([
      ['robot', BONUS_ROBOT_CODE, handler],
      ['activity', BONUS_ACTIVITY_CODE, handler],
    ]);
    expect(h.sim.state.bizproc.registrations[0]).toMatchObject({
      useSubscription: 'Y',
      authUserId: 1,
      properties: { amount: { Type: 'double', Required: 'Y' } },
      returnProperties: { status: {}, creditedAmount: {}, balance: {}, error: {} },
    });
    const report = await runPortalSetup(h.deps, tenantId());
    expect(report.robot).toEqual({
      added: [],
      updated: [BONUS_ROBOT_CODE, BONUS_ACTIVITY_CODE],
      skipped: null,
      errors: [],
    });
    expect(registered()).toHaveLength(2);
  });

  it('an installation without the bizproc scope registers neither, journals that it skipped them, and installs', async () => {
    const older = await startBitrix24Harness(park.t.database, {
      sim: {
        seed: 828,
        app: { ...TEST_APP, scope: ['crm', 'catalog', 'placement', 'user_brief', 'booking'] },
      },
    });
    try {
      expect((await older.installViaFrame()).status).toBe(303);
      const tenant = await older.tenant();
      expect(tenant?.status).toBe('active');
      expect(older.sim.state.bizproc.registrations).toEqual([]);
      const journal = await listJournal(db(), { tenantId: tenant?.id as string });
      expect(journal.filter((j) => j.operation === 'bitrix24.robot.setup')).toEqual([
        expect.objectContaining({ status: 'skipped', error: expect.stringContaining('bizproc') }),
      ]);
      expect(journal.find((j) => j.operation === 'bitrix24.setup')?.status).toBe('ok');
    } finally {
      await older.close();
    }
  });

  it('a process over three selected contacts credits each once and answers each workflow; the same POST again credits nothing', async () => {
    const selected = clients.slice(0, 3);
    const before = selected.map((c) => park.lime.park.balances(c.id).bonus);
    const runs = await h.sim.controls.runWorkflows({
      code: BONUS_ACTIVITY_CODE,
      documents: selected.map(contactDoc),
      properties: { amount: '500', reason: 'campaign', comment: 'Акция выходного дня' },
    });
    expect(runs.map((r) => r.delivery.status)).toEqual([200, 200, 200]);
    await h.runJobs();

    for (const [i, client] of selected.entries()) {
      expect(accrualsOf(client)).toEqual([
        expect.objectContaining({ amount: 50_000, reason: 'campaign', comment: 'Акция выходного дня' }),
      ]);
      const balance = (before[i] as number) + 50_000;
      expect(park.lime.park.balances(client.id).bonus).toBe(balance);
      const run = runs[i]?.run;
      expect(run?.status).toBe('done');
      // Sent in a batch, whose commands are query strings: the portal reads every value as a string
      // (the robot declares the amounts 'double', and the workflow reads them as numbers).
      expect(run?.reply?.returnValues).toEqual({
        status: 'credited',
        creditedAmount: '500',
        balance: String(balance / 100),
        error: '',
      });
      expect(run?.reply?.logMessage).toMatch(/^Начислено в Лайме: 500\s₽\. Бонусный баланс клиента: /);
      expect(park.account.logEntriesOf(contactOf.get(client.id) as string)).toHaveLength(1);
    }

    const first = runs[0]?.run;
    if (!first) throw new Error('no run');
    const again = await h.sim.controls.redeliverRun(first);
    expect(again.status).toBe(200);
    await h.runJobs();
    expect(accrualsOf(selected[0] as SimClient)).toHaveLength(1);
    expect(await count("select count(*)::int as n from bonus_credits where key like 'robot:%'")).toBe(3);
    const journal = await listJournal(db(), { tenantId: tenantId() });
    expect(journal.filter((j) => j.operation === 'lime.bonus.credit' && j.status === 'ok')).toHaveLength(3);
    expect(journal.filter((j) => j.operation === 'bitrix24.robot' && j.status === 'skipped')).toEqual([
      expect.objectContaining({ error: expect.stringContaining('no longer waits') }),
    ]);
  });

  it('a call with another application token is 401 and stores nothing', async () => {
    const rows = await count('select count(*)::int as n from inbox');
    const form = new URLSearchParams({
      workflow_id: '55c1dc1c3f0d75.78875596',
      code: BONUS_ACTIVITY_CODE,
      'document_id[0]': 'crm',
      'document_id[1]': 'CCrmDocumentContact',
      'document_id[2]': `CONTACT_${contactOf.get(clients[0]?.id as number)}`,
      event_token: '55c1dc1c3f0d75.78875596|A51601_82584_96831_81132|x.y',
      'properties[amount]': '500',
      'auth[domain]': h.sim.domain,
      'auth[member_id]': h.sim.memberId,
      'auth[application_token]': 'f'.repeat(32),
    });
    const response = await fetch(`${h.appUrl}/api/bitrix24/robot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(response.status).toBe(401);
    expect(await count('select count(*)::int as n from inbox')).toBe(rows);
    expect(h.jobs).toHaveLength(0);
  });

  it('a deal and a lead credit their main contact; a company is refused in words', async () => {
    const [dealClient, leadClient] = [clients[3], clients[4]] as [SimClient, SimClient];
    const deal = await h.sim.controls.addDeal({
      TITLE: 'День рождения',
      CONTACT_ID: contactOf.get(dealClient.id) ?? '',
    });
    const lead = await h.sim.controls.addLead({
      TITLE: 'Заявка',
      CONTACT_ID: contactOf.get(leadClient.id) ?? '',
    });
    const robots = await h.sim.controls.runWorkflows({
      code: BONUS_ROBOT_CODE,
      documents: [
        ['crm', 'CCrmDocumentDeal', `DEAL_${deal}`],
        ['crm', 'CCrmDocumentLead', `LEAD_${lead}`],
        ['crm', 'CCrmDocumentDeal', 'DEAL_99999'],
      ],
      properties: { amount: '300' },
    });
    const [company] = await h.sim.controls.runWorkflows({
      code: BONUS_ACTIVITY_CODE,
      documents: [['crm', 'CCrmDocumentCompany', 'COMPANY_7']],
      properties: { amount: '300' },
    });
    await h.runJobs();
    expect(accrualsOf(dealClient)).toEqual([expect.objectContaining({ amount: 30_000, reason: 'mass' })]);
    expect(accrualsOf(leadClient)).toEqual([expect.objectContaining({ amount: 30_000 })]);
    expect(robots.map((r) => r.run.reply?.returnValues.status)).toEqual(['credited', 'credited', 'refused']);
    expect(robots[2]?.run.reply?.logMessage).toBe('Этой сделки больше нет в CRM.');
    // The deal and the lead were read in one batch request.
    expect(
      h.sim.requests.filter((r) => r.restMethod === 'crm.deal.get' || r.restMethod === 'crm.lead.get'),
    ).toEqual([]);
    expect(company?.run.reply?.returnValues).toMatchObject({ status: 'refused', creditedAmount: '0' });
    expect(company?.run.reply?.logMessage).toContain('У компании своего клиента в Лайме нет');
  });

  it('an amount over the limit is refused with a log message, and nothing is credited', async () => {
    const client = clients[1] as SimClient;
    const credits = await count('select count(*)::int as n from bonus_credits');
    const [over] = await h.sim.controls.runWorkflows({
      code: BONUS_ACTIVITY_CODE,
      documents: [contactDoc(client)],
      properties: { amount: '1500' },
    });
    await h.runJobs();
    expect(over?.run.reply?.returnValues).toMatchObject({ status: 'refused', creditedAmount: '0' });
    expect(over?.run.reply?.logMessage).toMatch(
      /^Сумма начисления — от 0,01\s₽ до 1\s000\s₽ за одну операцию/,
    );
    expect(accrualsOf(client)).toHaveLength(1);
    expect(await count('select count(*)::int as n from bonus_credits')).toBe(credits);
  });

  it('fifty-two runs are answered in two batch requests, each once; a command that failed in its batch is sent again alone', async () => {
    const from = h.sim.requests.length;
    const okBefore = await count(
      "select count(*)::int as n from sync_journal where operation = 'bitrix24.robot' and status = 'ok'",
    );
    const people = clients.slice(0, 4);
    h.sim.controls.setFault({
      method: 'bizproc.event.send',
      status: 500,
      error: 'INTERNAL_SERVER_ERROR',
      error_description: 'Internal server error',
    });
    const runs = await h.sim.controls.runWorkflows({
      code: BONUS_ACTIVITY_CODE,
      documents: Array.from({ length: 52 }, (_, i) => contactDoc(people[i % 4] as SimClient)),
      properties: { amount: '10', reason: 'campaign' },
    });
    await h.runJobs();
    expect(runs.map((r) => r.run.status)).toEqual(runs.map(() => 'done'));
    expect(runs.every((r) => r.run.reply?.returnValues.status === 'credited')).toBe(true);
    // One answer each: the workflow's log has it once, and the portal took it once.
    expect(runs.every((r) => r.run.log.length === 1)).toBe(true);
    const requests = h.sim.requests.slice(from);
    const batches = requests.filter((r) => r.restMethod === 'batch' && r.body.includes('bizproc.event.send'));
    expect(batches).toHaveLength(2);
    expect(requests.filter((r) => r.restMethod === 'bizproc.event.send')).toHaveLength(1);
    expect(
      await count(
        "select count(*)::int as n from sync_journal where operation = 'bitrix24.robot' and status = 'ok'",
      ),
    ).toBe((okBefore ?? 0) + 52);
    expect(
      await count("select count(*)::int as n from robot_replies where status = 'answered'"),
    ).toBeGreaterThanOrEqual(52);
    expect(await count("select count(*)::int as n from robot_replies where status = 'waiting'")).toBe(0);
  });
});
