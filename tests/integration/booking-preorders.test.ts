import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingRow, getBooking, recordPreorder } from '@/db/queries/bookings';
import { createBooking, draftSchema, editBooking } from '@/lib/bookings/booking-service';
import { preorderKeys, pushBookingPreorder } from '@/lib/bookings/preorder-push';
import { addResource } from '@/lib/bookings/resource-service';
import type { CrmPipeline, CrmStage } from '@/lib/crm/crm-port';
import type { LimeGateway } from '@/lib/lime/gateway';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { SimGood, SimPreorder } from '@/lib/simulators/lime/types';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { saveSettings } from '@/lib/sync/settings-api';
import { claimsOf, startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * A confirmed booking becomes one Lime pre-order, in both CRMs (issue 7): made with the key derived
 * from the deal and an external reference to it, so a push repeated after a worker died before
 * recording Lime's answer finds the same pre-order; a move updates it, a cancel cancels it. The
 * deal then gets the pre-order's number, the event time and the goods as rows and moves to the
 * stage chosen for "confirmed" — by the CRM push of Lime's reply — and Lime's own event for our
 * write changes nothing more.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 731],
  ['amoCRM', startAmocrmAccount, 732],
] as const) {
  describe(`a booking's pre-order in Lime, ${name}`, () => {
    let park: SyncedPark;
    let gateway: LimeGateway;
    let pipeline: CrmPipeline;
    let stage: { first: CrmStage; confirmed: CrmStage; lost: CrmStage };
    let goods: SimGood[];
    let dealId: string;
    let booking: BookingRow;
    const sent: EnqueueRequest[] = [];
    const crm = name === 'Bitrix24' ? 'bitrix24' : 'amocrm';
    const limeWrites = () =>
      park.lime.requests.filter((r) => /\/Preorders\/(Insert|Update|Cancel)$/i.test(r.path));
    const preorders = (): SimPreorder[] =>
      [...park.lime.park.preorders.values()].filter((p) => p.externalRef?.id === dealId);
    const push = () =>
      pushBookingPreorder(
        { database: park.t.database, gatewayFor: async () => gateway },
        { tenantId: park.account.tenantId, bookingId: booking.id },
      );
    const actor = () => ({
      db: park.t.database.db,
      tenantId: park.account.tenantId,
      locale: 'ru' as const,
      userId: '1',
      zone: 'Europe/Moscow',
    });
    const edit = async (e: Parameters<typeof editBooking>[2]['edit']) => {
      booking = await editBooking(
        {
          enqueue: async (job) => {
            sent.push(job);
            return 'job';
          },
        },
        actor(),
        { bookingId: booking.id, version: booking.version, edit: e },
      );
    };

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 27, clients: 2 } });
      await park.push();
      const pipelineId = await park.account.addPipeline('Бронирования');
      pipeline = (await park.account.crm.listPipelines()).find((p) => p.id === pipelineId) as CrmPipeline;
      const open = pipeline.stages.filter((s) => s.semantics === 'process');
      const lost = pipeline.stages.find((s) => s.semantics === 'failure') as CrmStage;
      stage = { first: open[0] as CrmStage, confirmed: open[1] as CrmStage, lost };
      await saveSettings(park.crmDeps(), claimsOf(park.account, true), {
        crmFlows: {
          purchase: null,
          depositTopup: null,
          pass: { mode: 'timeline', target: null },
          booking: { pipelineId, stageId: stage.first.id },
        },
        preorderStages: {
          new: null,
          confirmed: stage.confirmed.id,
          paid: null,
          completed: null,
          cancelled: null,
        },
      });
      goods = [...park.lime.park.goods.values()].filter(
        (g) => g.isActive && !g.deleted && (g.kind === 'ticket' || g.kind === 'food'),
      );
      gateway = (
        await limeGatewayFor(
          { database: park.t.database, secrets: park.account.secrets, allowHttpLoopback: true },
          { tenantId: park.account.tenantId, connectionId: park.connectionId },
        )
      ).gateway;
      dealId = await park.account.addDeal({
        title: 'День рождения Миши',
        pipelineId,
        stageId: stage.first.id,
      });
      const db = park.t.database.db;
      const scope = { tenantId: park.account.tenantId, locale: 'ru' as const };
      const hall = await addResource(db, { ...scope, input: { kind: 'hall', name: 'Большой зал' } });
      const animator = await addResource(db, { ...scope, input: { kind: 'staff', name: 'Аниматор Петя' } });
      const client = park.lime.park.adults()[0] as { id: number };
      booking = await createBooking(actor(), {
        dealId,
        draft: draftSchema.parse({
          hallId: hall.id,
          staffIds: [animator.id],
          date: '2031-03-14',
          start: '12:00',
          end: '15:00',
          items: [
            { goodId: (goods[0] as SimGood).id, quantity: 10 },
            { goodId: (goods[1] as SimGood).id, quantity: 1 },
          ],
          comment: 'Торт без орехов',
        }),
      });
      await recordClient(client.id);
    });
    afterAll(async () => {
      await park?.close();
    });

    /** The booking's contact is the park's first adult (attaching contacts is tested on its own). */
    async function recordClient(clientId: number) {
      await edit({
        action: 'contact',
        contactId: (await park.contactOf(clientId)) ?? null,
        limeClientId: clientId,
      });
    }

    it('a held booking sends Lime nothing', async () => {
      expect(await push()).toBe('held');
      expect(limeWrites()).toHaveLength(0);
    });

    it('confirming makes one pre-order with the goods, the client and the start, keyed by the deal', async () => {
      await edit({ action: 'confirm' });
      expect(sent.at(-1)?.kind).toBe('booking.preorder.push');
      expect(await push()).toBe('created');
      const [preorder, ...more] = preorders();
      expect(more).toHaveLength(0);
      expect(preorder).toMatchObject({
        status: 'confirmed',
        clientId: booking.limeClientId,
        externalRef: { system: crm, entityType: 'deal', id: dealId },
        comment: 'Торт без орехов',
      });
      expect(preorder?.eventTime.toISOString()).toBe('2031-03-14T09:00:00.000Z');
      expect(preorder?.items.map((i) => [i.goodTypeId, i.count])).toEqual([
        [(goods[0] as SimGood).id, 10],
        [(goods[1] as SimGood).id, 1],
      ]);
      expect(limeWrites()[0]?.headers['idempotency-key']).toBe(preorderKeys(crm, dealId).create);
      booking = (await getBooking(park.t.database.db, {
        tenantId: park.account.tenantId,
        id: booking.id,
      })) as BookingRow;
      expect(booking).toMatchObject({ preorderId: preorder?.id, preorderNumber: preorder?.number });
    });

    it('the deal gets the pre-order number, the time, the hall and the rows, and moves to the stage of “confirmed”', async () => {
      await park.push();
      const deal = await park.account.crm.getDeal(dealId);
      expect(deal?.stageId).toBe(stage.confirmed.id);
      expect(deal?.products.map((r) => r.quantity)).toEqual([10, 1]);
      expect(park.account.dealLimeFields(dealId)).toEqual({
        preorderId: booking.preorderNumber,
        eventAt: '2031-03-14T09:00:00.000Z',
        hall: 'Большой зал',
      });
      // Lime's own event for our write: mirrored, and nothing more reaches the CRM.
      const writes = park.account.dealWrites();
      await park.followLime();
      await park.push();
      expect(park.account.dealWrites()).toBe(writes);
    });

    it('a push that died before recording Lime’s answer, sent again, finds the same pre-order', async () => {
      await recordPreorder(park.t.database.db, {
        tenantId: park.account.tenantId,
        id: booking.id,
        preorderId: null,
        preorderNumber: null,
        preorderVersion: null,
        pushError: null,
      });
      expect(await push()).toBe('created');
      expect(preorders()).toHaveLength(1);
      expect(await push()).toBe('unchanged');
    });

    it('moving the booking by a day updates the pre-order’s time in one write, and the deal follows', async () => {
      const before = limeWrites().length;
      await edit({ action: 'shift', days: 1 });
      expect(await push()).toBe('updated');
      expect(
        limeWrites()
          .slice(before)
          .map((r) => r.path),
      ).toEqual([expect.stringMatching(/Preorders\/Update$/)]);
      expect(preorders()[0]?.eventTime.toISOString()).toBe('2031-03-15T09:00:00.000Z');
      await park.push();
      expect(park.account.dealLimeFields(dealId).eventAt).toBe('2031-03-15T09:00:00.000Z');
    });

    it('cancelling the booking cancels the pre-order once; the deal goes to the failure stage', async () => {
      const before = limeWrites().length;
      await edit({ action: 'cancel' });
      expect(await push()).toBe('cancelled');
      expect(await push()).toBe('unchanged');
      expect(
        limeWrites()
          .slice(before)
          .map((r) => r.path),
      ).toEqual([expect.stringMatching(/Preorders\/Cancel$/)]);
      expect(preorders().map((p) => p.status)).toEqual(['cancelled']);
      await park.push();
      expect((await park.account.crm.getDeal(dealId))?.stageId).toBe(stage.lost.id);
    });
  });
}
