import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markForCrm } from '@/db/queries/crm-outbox';
import { listJournal } from '@/db/queries/journal';
import { findLinksByLime } from '@/db/queries/links';
import type { CrmDeal, CrmPipeline, CrmStage } from '@/lib/crm/crm-port';
import type { LimeGateway } from '@/lib/lime/gateway';
import type { SimGood } from '@/lib/simulators/lime/types';
import { pullDealStages } from '@/lib/sync/crm-pull/pull-deal-stages';
import { goodKey } from '@/lib/sync/crm-push/push-goods';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { saveSettings } from '@/lib/sync/settings-api';
import { claimsOf, startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * Lime pre-orders ⇄ deals of the booking pipeline, in both CRMs (issue 6 c): a pre-order is one
 * deal with its items, kept current and moved through the stage mapping; one made from an existing
 * deal (its external reference) updates that deal; a manager's move to the stage of "cancelled"
 * cancels it in Lime in exactly one write, and nothing echoes back either way. The CRM's own
 * notifications drive the pull, through our endpoints and jobs.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 631],
  ['amoCRM', startAmocrmAccount, 632],
] as const) {
  describe(`Lime pre-orders ⇄ ${name}: deals in the booking pipeline, stages both ways`, () => {
    let park: SyncedPark;
    let gateway: LimeGateway;
    let booking: CrmPipeline;
    let other: CrmPipeline;
    let stage: { first: CrmStage; confirmed: CrmStage; unmapped: CrmStage; lost: CrmStage };
    let goods: SimGood[];
    let preorderId: number;
    let dealId: string;
    const eventAt = new Date(Date.UTC(2031, 1, 14, 9));
    const limeWrites = () =>
      park.lime.requests.filter((r) => /\/Preorders\/(Insert|Update|Cancel)$/i.test(r.path));
    const adult = (index: number) => park.lime.park.adults()[index] as { id: number };
    const dealOf = async (limeId: number) =>
      (
        await findLinksByLime(park.t.database.db, {
          tenantId: park.account.tenantId,
          limeType: 'preorder',
          crmEntity: 'deal',
          limeIds: [String(limeId)],
        })
      ).get(String(limeId))?.crmId;
    const stageOf = async (id: string) => (await park.account.crm.getDealSummaries([id]))[0]?.stageId;
    /** A deal's rows as [name, quantity, product id], for goods: [its catalog name, quantity, its product]. */
    const rowsOf = (deal: CrmDeal | null) => deal?.products.map((r) => [r.name, r.quantity, r.productId]);
    const row = async (good: SimGood, quantity: number) => [
      park.account.productsByKey().get(goodKey(good.id))?.name,
      quantity,
      (
        await findLinksByLime(park.t.database.db, {
          tenantId: park.account.tenantId,
          limeType: 'good',
          crmEntity: 'product',
          limeIds: [String(good.id)],
        })
      ).get(String(good.id))?.crmId,
    ];

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 25, clients: 2 } });
      await park.push();
      const bookingId = await park.account.addPipeline('Бронирования');
      const pipelines = await park.account.crm.listPipelines();
      booking = pipelines.find((p) => p.id === bookingId) as CrmPipeline;
      other = pipelines.find((p) => p.id !== bookingId) as CrmPipeline;
      const open = booking.stages.filter((s) => s.semantics === 'process');
      const lost = booking.stages.find((s) => s.semantics === 'failure');
      if (open.length < 3 || !lost) throw new Error('the booking pipeline is too small');
      stage = { first: open[0], confirmed: open[1], unmapped: open[2], lost } as typeof stage;
      goods = [...park.lime.park.goods.values()].filter(
        (g) => g.isActive && !g.deleted && (g.kind === 'ticket' || g.kind === 'food'),
      );
      gateway = (
        await limeGatewayFor(
          { database: park.t.database, secrets: park.account.secrets, allowHttpLoopback: true },
          { tenantId: park.account.tenantId, connectionId: park.connectionId },
        )
      ).gateway;
    });
    afterAll(async () => {
      await park?.close();
    });

    it('without a booking pipeline a pre-order makes no deal, and the journal says why', async () => {
      const deals = park.account.dealCount();
      const id = park.lime.controls.createsPreorder(
        adult(1).id,
        [{ goodTypeId: goods[0]?.id as number, count: 1 }],
        eventAt,
      );
      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 0 });
      expect(park.account.dealCount()).toBe(deals);
      const journal = await listJournal(park.t.database.db, { tenantId: park.account.tenantId });
      expect(journal.find((e) => e.entity === 'preorder' && e.entityId === String(id))).toMatchObject({
        status: 'skipped',
        error: expect.stringMatching(/booking pipeline/),
      });
    });

    it('the settings take stages of the booking pipeline only', async () => {
      const claims = claimsOf(park.account, true);
      const crmFlows = {
        purchase: null,
        depositTopup: null,
        pass: { mode: 'timeline', target: null },
        booking: { pipelineId: booking.id, stageId: stage.first.id },
      };
      const none = { new: null, confirmed: null, paid: null, completed: null, cancelled: null };
      const foreign = other.stages.find(
        (s) => s.semantics === 'process' && !booking.stages.some((b) => b.id === s.id),
      );
      if (!foreign) throw new Error('no other pipeline');
      await expect(
        saveSettings(park.crmDeps(), claims, {
          crmFlows,
          preorderStages: { ...none, cancelled: foreign.id },
        }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/preorderStages\.cancelled/) });
      await expect(
        saveSettings(park.crmDeps(), claims, { preorderStages: { ...none, confirmed: stage.confirmed.id } }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/booking pipeline first/) });
      await saveSettings(park.crmDeps(), claims, {
        crmFlows,
        preorderStages: { ...none, confirmed: stage.confirmed.id, cancelled: stage.lost.id },
      });
    });

    it('a pre-order becomes one deal in the booking pipeline with its items on the client’s contact; delivered again, nothing more', async () => {
      const [first, second] = goods as [SimGood, SimGood];
      const client = adult(0).id;
      const deals = park.account.dealCount();
      preorderId = park.lime.controls.createsPreorder(
        client,
        [
          { goodTypeId: first.id, count: 3 },
          { goodTypeId: second.id, count: 1 },
        ],
        eventAt,
      );
      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 1 });
      expect(park.account.dealCount() - deals).toBe(1);
      dealId = (await dealOf(preorderId)) as string;
      const total = park.lime.park.preorders.get(preorderId)?.total as number;
      const deal = await park.account.crm.getDeal(dealId);
      expect(deal).toMatchObject({
        pipelineId: booking.id,
        stageId: stage.first.id,
        contactIds: [await park.contactOf(client)],
        externalKey: `lime-preorder:${preorderId}`,
      });
      expect(Math.abs((deal?.amount ?? 0) - total)).toBeLessThan(100);
      expect(rowsOf(deal)).toEqual([await row(first, 3), await row(second, 1)]);

      const writes = park.account.dealWrites();
      await markForCrm(park.t.database.db, {
        tenantId: park.account.tenantId,
        connectionId: park.connectionId,
        kind: 'preorder',
        limeIds: [preorderId],
      });
      expect(await park.push()).toMatchObject({ preorders: 0, unchanged: 1 });
      expect(park.account.dealWrites()).toBe(writes);
      expect(park.account.dealCount() - deals).toBe(1);
    });

    it('Lime changes the items, then confirms: the same deal gets the rows, then the stage of “confirmed”', async () => {
      const [first] = goods as [SimGood];
      const deals = park.account.dealCount();
      await gateway.updatePreorder(
        preorderId,
        { clientId: adult(0).id, eventAt, items: [{ goodId: first.id, quantity: 5 }] },
        { idempotencyKey: `desk-edit:${preorderId}` },
      );
      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 1 });
      const changed = await park.account.crm.getDeal(dealId);
      expect(rowsOf(changed)).toEqual([await row(first, 5)]);
      expect(changed?.stageId).toBe(stage.first.id);

      park.lime.controls.setsPreorderStatus(preorderId, 'confirmed');
      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 1 });
      expect(await stageOf(dealId)).toBe(stage.confirmed.id);
      expect(park.account.dealCount()).toBe(deals);
      // The CRM's notifications of these writes are ours: the next test counts what they send Lime.
    });

    it('a manager moves the deal to the stage of “cancelled”: Lime cancels in one write, and nothing comes back', async () => {
      // Run with the CRM's notifications of every write of ours so far: those send Lime nothing.
      const lime = limeWrites().length;
      const writes = park.account.dealWrites();
      await park.account.moveDeal(dealId, stage.lost.id);
      await park.account.processCrmEvents();
      expect(park.lime.park.preorders.get(preorderId)?.status).toBe('cancelled');
      const sent = limeWrites().slice(lime);
      expect(sent.map((r) => r.path)).toEqual([expect.stringMatching(/Preorders\/Cancel$/)]);
      expect(sent[0]?.headers['idempotency-key']).toMatch(new RegExp(`^crm-stage:${dealId}:${preorderId}:`));

      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 0 });
      await park.account.processCrmEvents();
      expect(park.account.dealWrites()).toBe(writes);
      expect(limeWrites()).toHaveLength(lime + 1);
      expect(await stageOf(dealId)).toBe(stage.lost.id);
    });

    it('a pre-order made from an existing deal updates that deal and makes no other; an unmapped move stays out of Lime', async () => {
      const [, second] = goods as [SimGood, SimGood];
      const ref = await park.account.addDeal({
        title: 'Бронь: день рождения',
        pipelineId: booking.id,
        stageId: stage.unmapped.id,
      });
      const made = await gateway.createPreorder(
        {
          clientId: adult(1).id,
          eventAt,
          items: [{ goodId: second.id, quantity: 2 }],
          externalRef: { system: park.account.crm.kind, entityType: 'deal', id: ref },
        },
        { idempotencyKey: `${park.account.crm.kind}:${ref}:preorder` },
      );
      const deals = park.account.dealCount();
      await park.followLime();
      expect(await park.push()).toMatchObject({ preorders: 1 });
      expect(park.account.dealCount()).toBe(deals);
      expect(await dealOf(made.id)).toBe(ref);
      const deal = await park.account.crm.getDeal(ref);
      expect(deal).toMatchObject({ title: 'Бронь: день рождения', stageId: stage.unmapped.id });
      expect(Math.abs((deal?.amount ?? 0) - made.total)).toBeLessThan(100);
      expect(rowsOf(deal)).toEqual([await row(second, 2)]);

      park.lime.controls.setsPreorderStatus(made.id, 'confirmed');
      await park.followLime();
      await park.push();
      expect(await stageOf(ref)).toBe(stage.confirmed.id);
      expect(park.account.dealCount()).toBe(deals);

      // The manager moves it on to a stage no status maps to; the pull (as the CRM's event would
      // run it: Bitrix24 pings at most every 5 s, and the timer's drain is not this test's) leaves Lime be.
      const lime = limeWrites().length;
      await park.account.moveDeal(ref, stage.unmapped.id);
      const pulled = await pullDealStages(park.crmDeps(), {
        tenantId: park.account.tenantId,
        dealIds: [ref],
      });
      expect(pulled).toMatchObject({ read: 1, written: 0, skipped: 1 });
      expect(limeWrites()).toHaveLength(lime);
      expect(park.lime.park.preorders.get(made.id)?.status).toBe('confirmed');
      const journal = await listJournal(park.t.database.db, { tenantId: park.account.tenantId });
      expect(journal.find((e) => e.entity === 'deal' && e.entityId === ref)).toMatchObject({
        direction: 'crm_to_lime',
        status: 'skipped',
        error: expect.stringMatching(/not mapped/),
      });
    });
  });
}
