import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { getBonusCredit } from '@/db/queries/bonus-credits';
import { listJournal } from '@/db/queries/journal';
import { bonusPanelForClaims, creditForClaims } from '@/lib/bonuses/bonus-api';
import { BonusForbiddenError, BonusRefusedError } from '@/lib/bonuses/errors';
import { runActionForClaims } from '@/lib/bonuses/run-api';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { formatRubles } from '@/lib/domain/money';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { setSetting } from '@/lib/settings/settings';
import type { SimClient } from '@/lib/simulators/lime/types';
import { type BonusDriver, bonusDriver } from './bonus-jobs';
import type { CrmAccountFixture } from './crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from './synced-park';

/**
 * One client's bonus from the card (issue 8), in both CRMs over their simulators and the Lime
 * simulator: a double click is one accrual; a job retried after Lime's answers were lost is one
 * accrual (Lime replays the first); the timeline entry lands on the contact once; the limit and the
 * admins-only rules refuse in words and change nothing — no row, no job, no request to Lime.
 * Written once, run per CRM by tests/integration/bonuses-*.test.ts (a file each, to keep files short).
 */

export function bonusCardSuite(
  name: 'Bitrix24' | 'amoCRM',
  start: (database: Database, seed: number) => Promise<CrmAccountFixture>,
  seed: number,
): void {
  describe(`a card's bonus credit, ${name}`, () => {
    let park: SyncedPark;
    let bonus: BonusDriver;
    let clients: SimClient[];
    const contactOf = new Map<number, string>();
    const db = () => park.t.database.db;
    const tenantId = () => park.account.tenantId;
    const contact = (client: SimClient) => contactOf.get(client.id) as string;
    const card = (client: SimClient) => ({ type: 'contact' as const, id: contact(client) });
    const bonusOf = (client: SimClient) => park.lime.park.balances(client.id).bonus;
    let seeded = 0;
    /** Accruals this file caused (the park's history has its own). */
    const accrualsOf = (client: SimClient) =>
      park.lime.park.accruals.slice(seeded).filter((a) => a.clientId === client.id);
    const creditRow = (client: SimClient, requestId: string) =>
      getBonusCredit(db(), {
        tenantId: tenantId(),
        key: bonusKeys.manualForContact(contact(client), requestId),
      });
    /** The contact's timeline titles, with the no-break spaces of formatted money read as spaces. */
    const entriesOf = (contactId: string) =>
      park.account.logEntriesOf(contactId).map((t) => t.replace(/\s/g, ' '));
    const creditRows = async () =>
      (await park.t.database.query<{ n: number }>('select count(*)::int as n from bonus_credits')).rows[0]?.n;

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 61, clients: 6 } });
      await park.push();
      bonus = bonusDriver(park);
      seeded = park.lime.park.accruals.length;
      // Four clients without children; the deal-card test credits a parent of its own.
      clients = park.lime.park
        .adults()
        .filter((c) => park.lime.park.relationsOf(c.id).length === 0)
        .slice(0, 4);
      for (const c of clients) contactOf.set(c.id, (await park.contactOf(c.id)) as string);
    });
    afterAll(async () => {
      await park?.close();
    });

    it('a double click (the same request twice at once) is one credit, one accrual and one timeline entry', async () => {
      const client = clients[0] as SimClient;
      const before = bonusOf(client);
      const body = {
        requestId: randomUUID(),
        amount: 50_000,
        comment: 'Компенсация за сломанный аттракцион',
      };
      const claims = bonus.claims(card(client));
      const answers = await Promise.all([
        creditForClaims(bonus.deps(), claims, body),
        creditForClaims(bonus.deps(), claims, body),
      ]);
      expect(answers.map((a) => a.already).sort()).toEqual([false, true]);
      expect(answers[0].credit.id).toBe(answers[1].credit.id);
      expect(answers[0].credit).toMatchObject({ status: 'pending', amountKopecks: 50_000, reason: 'manual' });
      expect(bonus.queued).toHaveLength(1);

      await bonus.drain();
      const key = bonusKeys.manualForContact(contact(client), body.requestId);
      expect(bonus.accrualRequests(key)).toBe(1);
      expect(accrualsOf(client)).toEqual([
        expect.objectContaining({ amount: 50_000, reason: 'manual', comment: body.comment }),
      ]);
      expect(bonusOf(client)).toBe(before + 50_000);
      const row = await creditRow(client, body.requestId);
      expect(row).toMatchObject({
        status: 'done',
        accrualId: accrualsOf(client)[0]?.id,
        balanceAfterKopecks: before + 50_000,
        timelineStatus: 'written',
        requestedBy: '2',
        crmContactId: contact(client),
      });
      expect(entriesOf(contact(client))).toEqual(['Начислены бонусы в Лайме: 500 ₽']);

      // A click after it is done: the same credit, nothing sent, nothing written again.
      const again = await creditForClaims(bonus.deps(), claims, body);
      expect(again).toMatchObject({ already: true, credit: { id: row?.id, status: 'done' } });
      expect(bonus.queued).toHaveLength(0);
      expect(bonus.accrualRequests(key)).toBe(1);

      const journal = await listJournal(db(), { tenantId: tenantId() });
      expect(journal.filter((j) => j.operation === 'lime.bonus.credit' && j.status === 'ok')).toEqual([
        expect.objectContaining({ entityId: String(client.id), details: expect.objectContaining({ key }) }),
      ]);
    });

    it('a job retried after Lime credited but its answers were lost credits once: Lime replays the first accrual', async () => {
      const client = clients[1] as SimClient;
      const before = bonusOf(client);
      const requestId = randomUUID();
      await creditForClaims(bonus.deps(), bonus.claims(card(client)), { requestId, amount: 30_000 });
      const [job] = bonus.queued.splice(0);
      if (!job) throw new Error('no job was queued');
      // The adapter tries a keyed write three times: every answer is cut after Lime committed.
      park.lime.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'drop_after_commit', times: 3 });
      await expect(bonus.run(job, { attempt: 1, isLastAttempt: false })).rejects.toThrow();
      expect(await creditRow(client, requestId)).toMatchObject({ status: 'pending', leaseUntil: null });
      expect(accrualsOf(client)).toHaveLength(1);

      await bonus.run(job, { attempt: 2, isLastAttempt: false });
      const done = await creditRow(client, requestId);
      expect(done).toMatchObject({ status: 'done', accrualId: accrualsOf(client)[0]?.id });
      expect(accrualsOf(client)).toHaveLength(1);
      expect(bonusOf(client)).toBe(before + 30_000);
      const key = done?.key as string;
      expect(bonus.accrualRequests(key)).toBe(4);

      // The same job delivered once more (at least once): nothing is sent.
      await bonus.run(job, { attempt: 3, isLastAttempt: false });
      expect(bonus.accrualRequests(key)).toBe(4);
      await bonus.drain();
      expect(entriesOf(contact(client))).toEqual(['Начислены бонусы в Лайме: 300 ₽']);
    });

    it('from the deal card credits the deal’s main contact’s client; a child’s birthday names the child', async () => {
      const parent = park.lime.park.adults().find((c) => park.lime.park.relationsOf(c.id).length > 0);
      if (!parent) throw new Error('the park has no parent');
      contactOf.set(parent.id, (await park.contactOf(parent.id)) as string);
      const child = park.lime.park.clients.get(park.lime.park.relationsOf(parent.id)[0]?.childId as number);
      const [pipeline] = await park.account.crm.listPipelines();
      const dealId = await park.account.addDeal({
        title: 'День рождения',
        pipelineId: pipeline?.id as string,
        stageId: pipeline?.stages[0]?.id as string,
      });
      await park.account.crm.updateDeal(dealId, { contactId: contact(parent) });
      const dealCard = { type: name === 'Bitrix24' ? ('deal' as const) : ('lead' as const), id: dealId };
      const requestId = randomUUID();
      const refused = creditForClaims(bonus.deps(), bonus.claims(dealCard), {
        requestId,
        amount: 20_000,
        reason: 'child_birthday',
      });
      await expect(refused).rejects.toThrow('Для начисления ко дню рождения ребёнка выберите ребёнка.');
      const stranger = clients.find((c) => c.id !== parent.id) as SimClient;
      await expect(
        creditForClaims(bonus.deps(), bonus.claims(dealCard), {
          requestId,
          amount: 20_000,
          reason: 'child_birthday',
          childId: stranger.id,
        }),
      ).rejects.toBeInstanceOf(BonusRefusedError);
      const { credit } = await creditForClaims(bonus.deps(), bonus.claims(dealCard), {
        requestId,
        amount: 20_000,
        reason: 'child_birthday',
        childId: child?.id,
      });
      expect(credit).toMatchObject({
        clientId: parent.id,
        relatedClientId: child?.id,
        contactId: contact(parent),
      });
      await bonus.drain();
      expect(accrualsOf(parent).at(-1)).toMatchObject({
        amount: 20_000,
        reason: 'child_birthday',
        relatedClientId: child?.id,
      });
      expect(entriesOf(contact(parent))).toContain('Начислены бонусы в Лайме: 200 ₽');
    });

    it('a credit Lime refused is sent again, with its key, when the same request comes again', async () => {
      const client = clients[2] as SimClient;
      const requestId = randomUUID();
      const claims = bonus.claims(card(client));
      park.lime.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'malformed' });
      await creditForClaims(bonus.deps(), claims, { requestId, amount: 10_000 });
      await bonus.drain();
      const failed = await creditRow(client, requestId);
      expect(failed).toMatchObject({ status: 'failed', error: expect.any(String) });
      expect(accrualsOf(client)).toHaveLength(0);
      expect(entriesOf(contact(client))).toEqual([]);

      const again = await creditForClaims(bonus.deps(), claims, { requestId, amount: 10_000 });
      expect(again).toMatchObject({ already: false, credit: { id: failed?.id, status: 'pending' } });
      await bonus.drain();
      expect(await creditRow(client, requestId)).toMatchObject({ status: 'done', error: null });
      expect(accrualsOf(client)).toHaveLength(1);
      expect(bonus.accrualRequests(failed?.key)).toBe(2);
      const panel = await bonusPanelForClaims(bonus.deps(), claims, new URLSearchParams());
      expect(panel).toMatchObject({
        mayCredit: true,
        contactId: contact(client),
        client: { id: client.id, name: client.displayName },
        credits: [expect.objectContaining({ id: failed?.id, status: 'done' })],
      });
      const followed = await bonusPanelForClaims(
        bonus.deps(),
        claims,
        new URLSearchParams({ id: failed?.id ?? '' }),
      );
      expect(followed).toEqual({ credit: expect.objectContaining({ id: failed?.id, status: 'done' }) });
      const otherManager = { ...claims, userId: '7' };
      await expect(
        bonusPanelForClaims(bonus.deps(), otherManager, new URLSearchParams({ id: failed?.id ?? '' })),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('limits and the admins-only rules refuse in words and change nothing', async () => {
      const client = clients[3] as SimClient;
      const rows = await creditRows();
      const requests = bonus.accrualRequests();
      await setSetting(db(), {
        tenantId: tenantId(),
        key: 'bonusRules',
        value: { whoCredits: 'admins', maxAmountKopecks: 100_000 },
      });
      const manager = bonus.claims(card(client));
      const admin = bonus.claims(card(client), { admin: true });
      const body = { requestId: randomUUID(), amount: 100_000 };
      const byManager = creditForClaims(bonus.deps(), manager, body);
      await expect(byManager).rejects.toBeInstanceOf(BonusForbiddenError);
      await expect(byManager).rejects.toThrow('Начислять бонусы могут только администраторы CRM');
      const overLimit = creditForClaims(bonus.deps(), admin, { ...body, amount: 100_001 });
      await expect(overLimit).rejects.toBeInstanceOf(BonusRefusedError);
      await expect(overLimit).rejects.toThrow(
        `Сумма начисления — от ${formatRubles(1, 'ru')} до ${formatRubles(100_000, 'ru')} за одну операцию`,
      );
      await expect(
        creditForClaims(bonus.deps(), { ...admin, locale: 'en' }, { ...body, amount: 0 }),
      ).rejects.toThrow(
        `A credit is from ${formatRubles(1, 'en')} to ${formatRubles(100_000, 'en')} per operation`,
      );
      await expect(creditForClaims(bonus.deps(), admin, { amount: 500 })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      const mass = runActionForClaims(bonus.deps(), manager, {
        action: 'start',
        runId: randomUUID(),
        audience: { source: 'filter', filter: {} },
        amount: 1_000,
      });
      await expect(mass).rejects.toBeInstanceOf(BonusForbiddenError);
      await expect(mass).rejects.toThrow('Массовое начисление бонусов доступно только администраторам CRM.');
      const panel = await bonusPanelForClaims(bonus.deps(), manager, new URLSearchParams());
      expect(panel).toMatchObject({ mayCredit: false, maxAmountKopecks: 100_000 });

      expect(await creditRows()).toBe(rows);
      expect(bonus.queued).toHaveLength(0);
      expect(bonus.accrualRequests()).toBe(requests);

      // At the limit, an admin may.
      await creditForClaims(bonus.deps(), admin, body);
      await bonus.drain();
      expect(accrualsOf(client)).toEqual([expect.objectContaining({ amount: 100_000 })]);
    });

    it('refuses a contact that has no Lime client, and a frame that shows no card', async () => {
      const stranger = await park.account.addContact({ name: 'Незнакомец', phone: '+7 900 000-00-01' });
      const claims = bonus.claims({ type: 'contact', id: stranger }, { admin: true });
      const body = { requestId: randomUUID(), amount: 1_000 };
      await expect(creditForClaims(bonus.deps(), claims, body)).rejects.toThrow(
        'Контакт не связан с клиентом Лайма',
      );
      await expect(creditForClaims(bonus.deps(), { ...claims, entity: null }, body)).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      expect(bonus.queued).toHaveLength(0);
    });
  });
}
