import { describe, expect, it } from 'vitest';
import { CrmEntityNotFoundError } from '@/lib/crm/crm-port';
import { kopecks } from '@/lib/domain/money';
import type { ContractFixture } from './crm-port-contract';
import { contact, unique } from './crm-port-inputs';

/**
 * CrmPort.updateDeal, in both CRMs (part of describeCrmPortContract): a deal changed by its CRM id
 * in what the patch names only — its stage within its pipeline, amount, rows, our fields, its main
 * contact — while its title and the rest stay; a stage its pipeline lacks is refused with the deal
 * left as it was; an unknown deal or contact is CrmEntityNotFoundError.
 */

export function describeDealUpdateContract(fixture: () => ContractFixture): void {
  describe('deals changed by CRM id', () => {
    async function someDeal() {
      const { crm } = fixture();
      const [pipeline] = await crm.listPipelines();
      const open = pipeline?.stages.filter((s) => s.semantics === 'process') ?? [];
      const failure = pipeline?.stages.find((s) => s.semantics === 'failure');
      if (!pipeline || open.length < 2 || !failure) throw new Error('the default pipeline is too small');
      const [customer] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const made = await crm.upsertDeal({
        externalKey: `booking:${unique()}`,
        title: 'Бронь зала, ДР',
        pipelineId: pipeline.id,
        stageId: open[0]?.id as string,
        contactId: customer?.id as string,
        amount: kopecks(300_000),
        responsibleUserId: null,
        products: [
          { productId: null, name: 'Зал «Джунгли»', price: kopecks(200_000), quantity: 1 },
          { productId: null, name: 'Пицца', price: kopecks(50_000), quantity: 2 },
        ],
      });
      return { id: made.id, pipeline, open, failure, contactId: customer?.id as string };
    }

    it('changes the stage, amount, rows and our fields; the title and contact stay', async () => {
      const { crm } = fixture();
      const deal = await someDeal();
      await crm.updateDeal(deal.id, {
        stageId: deal.open[1]?.id as string,
        amount: kopecks(450_000),
        products: [{ productId: null, name: 'Торт', price: kopecks(150_000), quantity: 3 }],
        limePreorderId: '3001',
        eventAt: '2030-02-14T09:00:00.000Z',
      });
      expect(await crm.getDeal(deal.id)).toMatchObject({
        title: 'Бронь зала, ДР',
        pipelineId: deal.pipeline.id,
        stageId: deal.open[1]?.id,
        contactIds: [deal.contactId],
        amount: 450_000,
        products: [{ productId: null, name: 'Торт', price: 150_000, quantity: 3 }],
      });
      await crm.updateDeal(deal.id, { stageId: deal.failure.id });
      const closed = await crm.getDeal(deal.id);
      expect(closed).toMatchObject({ stageId: deal.failure.id, amount: 450_000 });
      expect(closed?.products).toHaveLength(1);
    });

    it('makes a contact the main one and keeps the one before; null takes the main one off; writes and clears the hall', async () => {
      const { crm, dealHallOf } = fixture();
      const deal = await someDeal();
      const [other] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const otherId = other?.id as string;
      await crm.updateDeal(deal.id, { contactId: otherId, hall: 'Зал «Джунгли»' });
      expect((await crm.getDeal(deal.id))?.contactIds).toEqual([otherId, deal.contactId]);
      expect(await dealHallOf(deal.id)).toBe('Зал «Джунгли»');
      await crm.updateDeal(deal.id, { contactId: deal.contactId });
      expect((await crm.getDeal(deal.id))?.contactIds).toEqual([deal.contactId, otherId]);
      await crm.updateDeal(deal.id, { contactId: null, hall: null });
      expect(await crm.getDeal(deal.id)).toMatchObject({
        contactIds: [otherId],
        title: 'Бронь зала, ДР',
        stageId: deal.open[0]?.id,
      });
      expect(await dealHallOf(deal.id)).toBeNull();
    });

    it('a contact the CRM does not have is CrmEntityNotFoundError and the deal keeps its contact', async () => {
      const { crm } = fixture();
      const deal = await someDeal();
      const ghost = crm.updateDeal(deal.id, { contactId: '99999999' });
      await expect(ghost).rejects.toBeInstanceOf(CrmEntityNotFoundError);
      await expect(ghost).rejects.toMatchObject({ entity: 'contact', id: '99999999' });
      expect((await crm.getDeal(deal.id))?.contactIds).toEqual([deal.contactId]);
      await expect(crm.updateDeal('99999999', { contactId: deal.contactId })).rejects.toMatchObject({
        entity: 'deal',
      });
    });

    it('a stage the deal’s pipeline lacks is refused and changes nothing; an unknown deal is CrmEntityNotFoundError', async () => {
      const { crm } = fixture();
      const deal = await someDeal();
      const before = await crm.getDeal(deal.id);
      await expect(
        crm.updateDeal(deal.id, {
          stageId: crm.kind === 'bitrix24' ? 'C999:NEW' : '999999',
          products: [{ productId: null, name: 'Не должно попасть', price: kopecks(100), quantity: 1 }],
        }),
      ).rejects.toThrow();
      expect(await crm.getDeal(deal.id)).toEqual(before);
      const missing = crm.updateDeal('99999999', { amount: kopecks(100) });
      await expect(missing).rejects.toBeInstanceOf(CrmEntityNotFoundError);
      await expect(missing).rejects.toMatchObject({ entity: 'deal', id: '99999999' });
    });
  });
}
