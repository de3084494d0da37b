import type { Database } from '@/db/client';
import type { BookingRow } from '@/db/queries/bookings';
import { getBooking, recordPreorder } from '@/db/queries/bookings';
import { markForCrm } from '@/db/queries/crm-outbox';
import { appendJournal } from '@/db/queries/journal';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import { upsertMirrorPreorderReply } from '@/db/queries/lime-mirror';
import { getTenantById } from '@/db/queries/tenants';
import type { CrmKind } from '@/lib/crm/crm-port';
import type { LimePreorder, PreorderDraft } from '@/lib/domain/lime';
import { kopecks } from '@/lib/domain/money';
import type { LimeGateway } from '@/lib/lime/gateway';

/**
 * A booking's pre-order in Lime (issue 7): a confirmed booking gets one, with its goods, its
 * contact's Lime client and its start as the event time; later changes update it; cancelling the
 * booking cancels it. The job reads the booking as it is when it runs, so pushes coalesce.
 *
 * Exactly one pre-order per deal: its creation carries the key `<crm>:<deal>:preorder` (Lime answers
 * a repeat with the first pre-order) and the external reference `{system: <crm>, entityType: deal,
 * id: <deal>}`; an update carries the booking version, a confirmation and a cancellation their own
 * keys. A worker killed between Lime's answer and our record sends the same key again and learns
 * the same pre-order. Lime's reply goes into the mirror and the CRM outbox at once, so the deal gets
 * the pre-order's number, date and rows by the CRM push (lib/sync/crm-push/push-preorders.ts), and
 * Lime's own event for our write later changes nothing.
 */

export const preorderKeys = (crm: CrmKind, dealId: string) => {
  const base = `${crm}:${dealId}:preorder`;
  return {
    create: base,
    update: (version: number) => `${base}:v${version}`,
    confirm: `${base}:confirm`,
    cancel: `${base}:cancel`,
  };
};

export interface PreorderPushDeps {
  database: Database;
  /** The gateway of the tenant's Lime connection (the job makes it; tests pass theirs). */
  gatewayFor(connectionId: string): Promise<LimeGateway>;
}

export type PushOutcome =
  | 'created'
  | 'updated'
  | 'cancelled'
  | 'unchanged'
  | 'no-connection'
  | 'no-goods'
  | 'held';

export async function pushBookingPreorder(
  deps: PreorderPushDeps,
  params: { tenantId: string; bookingId: string },
): Promise<PushOutcome> {
  const db = deps.database.db;
  const booking = await getBooking(db, { tenantId: params.tenantId, id: params.bookingId });
  const tenant = await getTenantById(db, { tenantId: params.tenantId });
  if (!booking || !tenant) return 'unchanged';
  if (booking.confirmedAt === null) return 'held';
  const connection = await getActiveLimeConnection(db, { tenantId: params.tenantId });
  // Lime takes no pre-order without a line: a confirmed booking without goods waits for them.
  const missing = !connection
    ? 'no-lime-connection'
    : booking.status !== 'cancelled' && booking.items.length === 0
      ? 'no-goods'
      : null;
  if (!connection || missing) {
    await recordPreorder(db, { ...sameAs(booking), pushError: missing });
    await appendJournal(db, {
      tenantId: params.tenantId,
      direction: 'crm_to_lime',
      operation: 'lime.preorder.push',
      status: 'skipped',
      entity: 'deal',
      entityId: booking.crmDealId,
      error:
        missing === 'no-goods'
          ? 'The booking has no goods: Lime takes a pre-order with at least one line'
          : 'No Lime connection: the booking has no pre-order yet',
    });
    return missing === 'no-goods' ? 'no-goods' : 'no-connection';
  }
  const crm: CrmKind = tenant.kind === 'amocrm' ? 'amocrm' : 'bitrix24';
  const keys = preorderKeys(crm, booking.crmDealId);
  const lime = await deps.gatewayFor(connection.id);
  const scope = { tenantId: params.tenantId, connectionId: connection.id };

  let preorder: LimePreorder;
  let outcome: PushOutcome;
  if (booking.status === 'cancelled' && booking.preorderId === null && booking.items.length === 0) {
    return 'unchanged'; // No push could have made one: Lime refuses a pre-order without lines.
  }
  if (booking.status === 'cancelled') {
    // Confirmed once: Lime may hold the pre-order even if the push that made it died unrecorded.
    const id =
      booking.preorderId ??
      (await lime.createPreorder(draftOf(booking, crm), { idempotencyKey: keys.create })).id;
    const current = await lime.getPreorder(id);
    if (current?.status === 'cancelled') {
      preorder = current;
      outcome = 'unchanged';
    } else {
      preorder = await lime.cancelPreorder(id, { idempotencyKey: keys.cancel });
      outcome = 'cancelled';
    }
  } else if (booking.preorderId === null) {
    const made = await lime.createPreorder(draftOf(booking, crm), { idempotencyKey: keys.create });
    preorder =
      made.status === 'new' ? await lime.confirmPreorder(made.id, { idempotencyKey: keys.confirm }) : made;
    outcome = 'created';
  } else if (booking.preorderVersion !== booking.version) {
    const updated = await lime.updatePreorder(booking.preorderId, draftOf(booking, crm), {
      idempotencyKey: keys.update(booking.version),
    });
    preorder =
      updated.status === 'new'
        ? await lime.confirmPreorder(updated.id, { idempotencyKey: keys.confirm })
        : updated;
    outcome = 'updated';
  } else {
    return 'unchanged';
  }

  await db.transaction(async (tx) => {
    await upsertMirrorPreorderReply(tx, { ...scope, preorder });
    await markForCrm(tx, { ...scope, kind: 'preorder', limeIds: [preorder.id] });
  });
  await recordPreorder(db, {
    tenantId: params.tenantId,
    id: booking.id,
    preorderId: preorder.id,
    preorderNumber: preorder.number,
    preorderVersion: booking.version,
    pushError: null,
  });
  await appendJournal(db, {
    tenantId: params.tenantId,
    direction: 'crm_to_lime',
    operation: 'lime.preorder.push',
    status: 'ok',
    entity: 'deal',
    entityId: booking.crmDealId,
    details: { outcome, preorderId: preorder.id, number: preorder.number, booking: booking.number },
  });
  return outcome;
}

const sameAs = (b: BookingRow) => ({
  tenantId: b.tenantId,
  id: b.id,
  preorderId: b.preorderId,
  preorderNumber: b.preorderNumber,
  preorderVersion: b.preorderVersion,
});

function draftOf(booking: BookingRow, crm: CrmKind): PreorderDraft {
  return {
    clientId: booking.limeClientId,
    eventAt: booking.startsAt,
    comment: booking.comment,
    items: booking.items.map((i) => ({ goodId: i.goodId, quantity: i.quantity, price: kopecks(i.price) })),
    externalRef: { system: crm, entityType: 'deal', id: booking.crmDealId },
  };
}
