import { describe, expect, it } from 'vitest';
import { kopecks } from '@/lib/domain/money';
import type { ContractFixture } from './crm-port-contract';
import { contact, unique } from './crm-port-inputs';

/**
 * CrmPort.stageMoves, in both CRMs (part of describeCrmPortContract): the history's moves are
 * consecutive — A→B→C is A→B and B→C, never A→C — also when A→B was before the window read, and
 * each carries the deal's contact. The CRM's clock is moved on between windows (no waiting).
 */
export function describeStageMovesContract(fixture: () => ContractFixture): void {
  describe('deal stage moves', () => {
    async function dealAtFirstStage() {
      const { crm } = fixture();
      const [pipeline] = await crm.listPipelines();
      const open = pipeline?.stages.filter((s) => s.semantics === 'process') ?? [];
      if (!pipeline || open.length < 3) throw new Error('the default pipeline is too small');
      const [customer] = await crm.upsertContacts([{ id: null, input: contact() }]);
      const made = await crm.upsertDeal({
        externalKey: `nps:${unique()}`,
        title: 'Праздник',
        pipelineId: pipeline.id,
        stageId: open[0]?.id as string,
        contactId: customer?.id as string,
        amount: kopecks(100_000),
        responsibleUserId: null,
        products: [],
      });
      const [a, b, c] = open.map((s) => s.id);
      return { id: made.id, pipelineId: pipeline.id, contactId: customer?.id as string, a, b, c };
    }

    it('A→B→C reads as A→B and B→C with the deal’s contact and pipeline', async () => {
      const { crm, later, now } = fixture();
      await later(60);
      const since = now();
      const deal = await dealAtFirstStage();
      await crm.updateDeal(deal.id, { stageId: deal.b as string });
      await crm.updateDeal(deal.id, { stageId: deal.c as string });
      const read = await crm.stageMoves(since);
      const mine = read.moves.filter((m) => m.dealId === deal.id);
      expect(mine.map((m) => `${m.fromStageId}>${m.toStageId}`)).toEqual([
        `${deal.a}>${deal.b}`,
        `${deal.b}>${deal.c}`,
      ]);
      for (const move of mine) {
        expect(move).toMatchObject({ contactId: deal.contactId, pipelineId: deal.pipelineId });
        expect(move.at.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1000);
      }
      expect(read.until.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1000);
    });

    it('a move after the window opens starts from the stage reached before it; earlier moves are not read', async () => {
      const { crm, later, now } = fixture();
      const deal = await dealAtFirstStage();
      await crm.updateDeal(deal.id, { stageId: deal.b as string });
      await later(120);
      const since = now();
      await crm.updateDeal(deal.id, { stageId: deal.c as string });
      const read = await crm.stageMoves(since);
      expect(
        read.moves.filter((m) => m.dealId === deal.id).map((m) => `${m.fromStageId}>${m.toStageId}`),
      ).toEqual([`${deal.b}>${deal.c}`]);
      await later(120);
      const quiet = await crm.stageMoves(now());
      expect(quiet.moves.filter((m) => m.dealId === deal.id)).toEqual([]);
    });
  });
}
