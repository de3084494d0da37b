import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingRow, getBooking } from '@/db/queries/bookings';
import { adoptLinkedClients } from '@/lib/bookings/adopt-clients';
import { createBooking, draftSchema, editBooking } from '@/lib/bookings/booking-service';
import { pushBookingPreorder } from '@/lib/bookings/preorder-push';
import { addResource } from '@/lib/bookings/resource-service';
import type { LimeGateway } from '@/lib/lime/gateway';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { SimGood } from '@/lib/simulators/lime/types';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * A booking made on a contact the app had not linked to a Lime client yet (a manager's own contact,
 * before the park's clients reached the CRM) has no client. Once the push links the contact (matched
 * by phone), the periodic task gives the booking the client: a held one just takes it; a confirmed
 * one whose push has not run yet is pushed, and its pre-order is made with the client; one whose
 * pre-order Lime already holds keeps it without a client (Lime's update takes no client), and is
 * not pushed for nothing. Run again, the task changes nothing.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 741],
  ['amoCRM', startAmocrmAccount, 742],
] as const) {
  describe(`bookings whose contact is linked later, ${name}`, () => {
    let park: SyncedPark;
    let gateway: LimeGateway;
    const sent: EnqueueRequest[] = [];
    const enqueue = async (job: EnqueueRequest) => {
      sent.push(job);
      return 'job';
    };
    const handMade: string[] = [];
    let adults: { id: number }[];
    /** Confirmed, its push not run yet; held; confirmed and pushed before the link. */
    let pending: BookingRow;
    let held: BookingRow;
    let pushed: BookingRow;
    const read = async (b: BookingRow) =>
      (await getBooking(park.t.database.db, { tenantId: park.account.tenantId, id: b.id })) as BookingRow;
    const push = (b: BookingRow) =>
      pushBookingPreorder(
        { database: park.t.database, gatewayFor: async () => gateway },
        { tenantId: park.account.tenantId, bookingId: b.id },
      );
    const preorderOf = async (b: BookingRow) =>
      park.lime.park.preorders.get((await read(b)).preorderId as number);

    beforeAll(async () => {
      park = await startSyncedPark({
        start,
        seed,
        lime: { seed: 28, clients: 3 },
        // A manager's own contacts, with the phones three of the park's adults have.
        before: async (account, lime) => {
          for (const adult of lime.park.adults().slice(0, 3))
            handMade.push(await account.addContact({ name: 'Ольга', phone: adult.phoneNumber as string }));
        },
      });
      adults = park.lime.park.adults().slice(0, 3);
      gateway = (
        await limeGatewayFor(
          { database: park.t.database, secrets: park.account.secrets, allowHttpLoopback: true },
          { tenantId: park.account.tenantId, connectionId: park.connectionId },
        )
      ).gateway;
      const db = park.t.database.db;
      const scope = { tenantId: park.account.tenantId, locale: 'ru' as const };
      const hall = await addResource(db, { ...scope, input: { kind: 'hall', name: 'Большой зал' } });
      const pipelineId = await park.account.addPipeline('Бронирования');
      const stageId = (await park.account.crm.listPipelines()).find((p) => p.id === pipelineId)?.stages[0]
        ?.id as string;
      const good = [...park.lime.park.goods.values()].find(
        (g) => g.isActive && !g.deleted && g.kind === 'ticket',
      ) as SimGood;
      const actor = { db, ...scope, userId: '1', zone: 'Europe/Moscow' };
      const book = async (date: string, contactId: string) =>
        createBooking(actor, {
          dealId: await park.account.addDeal({ title: `Праздник ${date}`, pipelineId, stageId }),
          draft: draftSchema.parse({
            hallId: hall.id,
            date,
            start: '12:00',
            end: '14:00',
            items: [{ goodId: good.id, quantity: 5 }],
            contactId,
          }),
        });
      const confirm = (b: BookingRow) =>
        editBooking({ enqueue }, actor, { bookingId: b.id, version: b.version, edit: { action: 'confirm' } });
      pending = await confirm(await book('2031-04-01', handMade[0] as string));
      held = await book('2031-04-02', handMade[1] as string);
      pushed = await confirm(await book('2031-04-03', handMade[2] as string));
      expect(await push(pushed)).toBe('created');
      pushed = await read(pushed);
      sent.length = 0;
    });
    afterAll(async () => {
      await park?.close();
    });

    it('before the contacts are linked: no clients, nothing to adopt', async () => {
      expect([pending, held, pushed].map((b) => b.limeClientId)).toEqual([null, null, null]);
      expect((await preorderOf(pushed))?.clientId ?? null).toBeNull();
      expect(await adoptLinkedClients(park.t.database, enqueue)).toBe(0);
      expect(sent).toEqual([]);
    });

    it('once the push links them, each booking takes its client; the pending one is pushed and its pre-order made with it', async () => {
      await park.push();
      expect(await park.contactOf(adults[0]?.id as number)).toBe(handMade[0]);
      expect(await adoptLinkedClients(park.t.database, enqueue)).toBe(3);
      for (const [b, adult] of [
        [pending, adults[0]],
        [held, adults[1]],
        [pushed, adults[2]],
      ] as const) {
        expect(await read(b)).toMatchObject({ limeClientId: adult?.id, version: b.version + 1 });
      }
      expect(sent).toEqual([
        {
          kind: 'booking.preorder.push',
          tenantId: park.account.tenantId,
          payload: { bookingId: pending.id },
        },
      ]);
      expect(await push(pending)).toBe('created');
      expect((await preorderOf(pending))?.clientId).toBe(adults[0]?.id);
      // Lime's update takes no client: the pre-order made before the link stays without one.
      expect((await preorderOf(pushed))?.clientId ?? null).toBeNull();
      expect(await adoptLinkedClients(park.t.database, enqueue)).toBe(0);
      expect(sent).toHaveLength(1);
    });
  });
}
