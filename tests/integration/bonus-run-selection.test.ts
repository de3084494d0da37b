import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { AudiencePreview } from '@/lib/bonuses/audience';
import { BonusRefusedError } from '@/lib/bonuses/errors';
import { runActionForClaims, runsForClaims } from '@/lib/bonuses/run-api';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import type { SimClient } from '@/lib/simulators/lime/types';
import { type BonusDriver, bonusDriver } from '../support/bonus-jobs';
import { startAmocrmAccount } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * Mass crediting over the rows a user ticked in an amoCRM list (issue 8): the embed token's
 * `selection` names leads or contacts; each row is credited through its (main) contact's Lime
 * client, once per person however many rows lead to them (counted as "already done"); rows without
 * a contact or a Lime client are reported, not credited; each credit lands in its contact's notes.
 */

describe('mass bonus runs over an amoCRM list selection', () => {
  let park: SyncedPark;
  let bonus: BonusDriver;
  let seeded = 0;
  let anna: SimClient;
  let boris: SimClient;
  const contacts = new Map<number, string>();
  const leads: Record<'anna1' | 'anna2' | 'boris' | 'nobody', string> = {
    anna1: '',
    anna2: '',
    boris: '',
    nobody: '',
  };
  let stranger = '';
  const claims = (selection: EmbedClaims['selection']): EmbedClaims => ({
    ...bonus.claims(null, { admin: true }),
    selection,
  });
  const accrualsOf = (c: SimClient) =>
    park.lime.park.accruals.slice(seeded).filter((a) => a.clientId === c.id);
  const notesOf = (c: SimClient) =>
    park.account.logEntriesOf(contacts.get(c.id) as string).map((t) => t.replace(/\s/g, ' '));

  beforeAll(async () => {
    park = await startSyncedPark({ start: startAmocrmAccount, seed: 831, lime: { seed: 81, clients: 4 } });
    await park.push();
    bonus = bonusDriver(park);
    seeded = park.lime.park.accruals.length;
    [anna, boris] = park.lime.park.adults() as [SimClient, SimClient];
    for (const c of [anna, boris]) contacts.set(c.id, (await park.contactOf(c.id)) as string);
    const [pipeline] = await park.account.crm.listPipelines();
    const newLead = async (title: string, contactId: string | null) => {
      const id = await park.account.addDeal({
        title,
        pipelineId: pipeline?.id as string,
        stageId: pipeline?.stages[0]?.id as string,
      });
      if (contactId) await park.account.crm.updateDeal(id, { contactId });
      return id;
    };
    leads.anna1 = await newLead('Анна: день рождения', contacts.get(anna.id) as string);
    leads.anna2 = await newLead('Анна: выпускной', contacts.get(anna.id) as string);
    leads.boris = await newLead('Борис: абонемент', contacts.get(boris.id) as string);
    leads.nobody = await newLead('Заявка с сайта', null);
    stranger = await park.account.addContact({ name: 'Прохожий', phone: '+7 900 111-22-33' });
  });
  afterAll(async () => {
    await park?.close();
  });

  it('credits each ticked lead’s client once, reports the rest, and notes each credit on the contact', async () => {
    const selection = { type: 'lead' as const, ids: [leads.anna1, leads.anna2, leads.boris, leads.nobody] };
    const preview = (await runActionForClaims(bonus.deps(), claims(selection), {
      action: 'preview',
      audience: { source: 'selection' },
    })) as AudiencePreview;
    expect(preview).toMatchObject({ count: 2, skipped: [{ id: leads.nobody, reason: 'no_contact' }] });
    expect(preview.sample.map((s) => s.clientId).sort()).toEqual([anna.id, boris.id].sort());

    const runId = randomUUID();
    const started = await runActionForClaims(bonus.deps(), claims(selection), {
      action: 'start',
      runId,
      audience: { source: 'selection' },
      amount: 25_000,
      reason: 'mass',
    });
    expect(started).toMatchObject({ created: true, run: { status: 'queued', source: 'selection' } });
    await bonus.drain();
    for (const client of [anna, boris]) {
      expect(accrualsOf(client)).toEqual([expect.objectContaining({ amount: 25_000, reason: 'mass' })]);
      expect(bonus.accrualRequests(bonusKeys.mass(runId, client.id))).toBe(1);
      expect(notesOf(client)).toEqual(['Начислены бонусы в Лайме: 250 ₽']);
    }
    const answer = await runsForClaims(bonus.deps(), claims(selection), new URLSearchParams({ id: runId }));
    expect(answer).toMatchObject({
      run: {
        status: 'done',
        total: 2,
        credited: 2,
        already: 1,
        failed: 0,
        skipped: [{ id: leads.nobody, reason: 'no_contact', reasonText: 'у строки нет контакта' }],
      },
    });
    const list = await runsForClaims(bonus.deps(), claims(selection), new URLSearchParams());
    expect(list).toMatchObject({
      mayRun: true,
      selection: { type: 'lead', count: 4 },
      runs: [{ id: runId }],
    });
    const asManager = await runsForClaims(
      bonus.deps(),
      { ...claims(selection), admin: false },
      new URLSearchParams(),
    );
    expect(asManager).toMatchObject({ mayRun: false, runs: [] });
  });

  it('a ticked contact without a Lime client is reported; a selection with nobody to credit is refused', async () => {
    const mixed = { type: 'contact' as const, ids: [contacts.get(boris.id) as string, stranger] };
    const preview = await runActionForClaims(bonus.deps(), claims(mixed), {
      action: 'preview',
      audience: { source: 'selection' },
    });
    expect(preview).toMatchObject({
      count: 1,
      sample: [{ clientId: boris.id }],
      skipped: [{ id: stranger, reason: 'no_client' }],
    });
    const nobody = runActionForClaims(bonus.deps(), claims({ type: 'contact', ids: [stranger] }), {
      action: 'start',
      runId: randomUUID(),
      audience: { source: 'selection' },
      amount: 25_000,
    });
    await expect(nobody).rejects.toBeInstanceOf(BonusRefusedError);
    await expect(nobody).rejects.toThrow('начислять некому');
    const noList = runActionForClaims(bonus.deps(), claims(undefined), {
      action: 'preview',
      audience: { source: 'selection' },
    });
    await expect(noList).rejects.toThrow('Отметьте строки в списке CRM');
    expect(bonus.queued).toHaveLength(0);
  });
});
