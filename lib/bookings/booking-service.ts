import { z } from 'zod';
import {
  type BookingChange,
  type BookingRow,
  changeBooking,
  findBookingByDeal,
  getBooking,
  insertBooking,
  isOverlapError,
  isUniqueViolation,
  resourceIdsOf,
} from '@/db/queries/bookings';
import { listMirrorGoods } from '@/db/queries/crm-push-reads';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import type { BookingItem } from '@/db/schema-bookings';
import { shiftLocal, toLocalRange } from '@/lib/domain/bookings';
import { bookingErrorWords } from '@/lib/i18n/booking-errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import {
  type BookingContext,
  conflictError,
  heldRanges,
  instantsOf,
  resolveResources,
} from './booking-rules';
import { BookingRefusedError, BookingStateError } from './errors';
import { PREORDER_PUSH_JOB } from './job-names';

/**
 * Bookings made from a deal card (issue 7): create (held), change (time, hall, staff, goods,
 * contact), confirm, cancel. The database decides conflicts: every write of held ranges is one
 * transaction the exclusion constraint can refuse, and a refusal names the booking in the way. A
 * change is applied only to the version the page saw. Once confirmed, every change Lime must hear
 * of bumps the version and sends the pre-order push (lib/bookings/preorder-push.ts).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const itemSchema = z.object({
  goodId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(1000),
});

export const whenSchema = z.object({
  hallId: z.uuid(),
  staffIds: z.array(z.uuid()).max(20).default([]),
  date: z.string().regex(DATE),
  start: z.string().regex(TIME),
  end: z.string().regex(TIME),
});

export const draftSchema = whenSchema.extend({
  items: z.array(itemSchema).max(100).default([]),
  comment: z.string().trim().max(1000).nullable().default(null),
  contactId: z.string().regex(/^\d+$/).nullable().default(null),
  limeClientId: z.number().int().positive().nullable().default(null),
});
export type BookingDraft = z.infer<typeof draftSchema>;

export interface BookingDeps {
  enqueue(job: EnqueueRequest): Promise<string | null>;
}

export interface ActorContext extends BookingContext {
  userId: string;
  zone: string;
}

/** The goods of the order, priced from the Lime mirror (active goods of the tenant's connection). */
async function priceItems(
  ctx: BookingContext,
  items: { goodId: number; quantity: number }[],
): Promise<{ items: BookingItem[]; total: number }> {
  if (items.length === 0) return { items: [], total: 0 };
  const connection = await getActiveLimeConnection(ctx.db, { tenantId: ctx.tenantId });
  const goods = connection
    ? await listMirrorGoods(ctx.db, {
        tenantId: ctx.tenantId,
        connectionId: connection.id,
        ids: items.map((i) => i.goodId),
      })
    : [];
  const byId = new Map(goods.filter((g) => g.active).map((g) => [g.id, g]));
  const priced = items.map((i) => {
    const good = byId.get(i.goodId);
    if (!good) throw new BookingRefusedError(bookingErrorWords(ctx.locale).unknownGood(i.goodId));
    return { goodId: good.id, name: good.name, price: good.priceKopecks, quantity: i.quantity };
  });
  return { items: priced, total: priced.reduce((sum, i) => sum + i.price * i.quantity, 0) };
}

export async function createBooking(
  ctx: ActorContext,
  params: { dealId: string; draft: BookingDraft },
): Promise<BookingRow> {
  const words = bookingErrorWords(ctx.locale);
  const { draft } = params;
  const existing = await findBookingByDeal(ctx.db, { tenantId: ctx.tenantId, crmDealId: params.dealId });
  if (existing) throw new BookingStateError(words.dealHasBooking(existing.number));
  const resources = await resolveResources(ctx, draft);
  const range = instantsOf(ctx, draft, ctx.zone);
  const held = heldRanges(ctx, resources, range, ctx.zone);
  const { items, total } = await priceItems(ctx, draft.items);
  try {
    return await insertBooking(
      ctx.db,
      {
        tenantId: ctx.tenantId,
        hallId: draft.hallId,
        ...range,
        timeZone: ctx.zone,
        crmDealId: params.dealId,
        crmContactId: draft.contactId,
        limeClientId: draft.limeClientId,
        items,
        totalKopecks: total,
        comment: draft.comment,
        createdBy: ctx.userId,
      },
      held,
    );
  } catch (error) {
    if (isOverlapError(error)) throw await conflictError(ctx, resources, held, ctx.zone);
    if (isUniqueViolation(error, 'bookings_tenant_deal')) {
      const other = await findBookingByDeal(ctx.db, { tenantId: ctx.tenantId, crmDealId: params.dealId });
      throw new BookingStateError(words.dealHasBooking(other?.number ?? 0));
    }
    throw error;
  }
}

export type BookingEdit =
  | { action: 'reschedule'; when: z.infer<typeof whenSchema> }
  | { action: 'shift'; days: number }
  | { action: 'order'; items: { goodId: number; quantity: number }[]; comment: string | null }
  | { action: 'contact'; contactId: string | null; limeClientId: number | null }
  | { action: 'confirm' }
  | { action: 'cancel' }
  | { action: 'restore' };

/** Applies one edit to the version the page saw; confirmed bookings then push to Lime. */
export async function editBooking(
  deps: BookingDeps,
  ctx: ActorContext,
  params: { bookingId: string; version: number; edit: BookingEdit },
): Promise<BookingRow> {
  const words = bookingErrorWords(ctx.locale);
  const booking = await getBooking(ctx.db, { tenantId: ctx.tenantId, id: params.bookingId });
  if (!booking) throw new BookingStateError(words.notFound);
  if (booking.version !== params.version) throw new BookingStateError(words.staleVersion);
  const { edit } = params;
  if (booking.status === 'cancelled' && edit.action !== 'restore')
    throw new BookingStateError(words.cancelled);

  let change: BookingChange = {};
  let held: Awaited<ReturnType<typeof heldRanges>> | undefined;
  let resources: Awaited<ReturnType<typeof resolveResources>> = [];
  const zone = booking.timeZone;
  if (edit.action === 'reschedule' || edit.action === 'shift' || edit.action === 'restore') {
    const staffIds = (await resourceIdsOf(ctx.db, { tenantId: ctx.tenantId, bookingId: booking.id })).filter(
      (id) => id !== booking.hallId,
    );
    const target =
      edit.action === 'reschedule'
        ? { hallId: edit.when.hallId, staffIds: edit.when.staffIds, range: instantsOf(ctx, edit.when, zone) }
        : {
            hallId: booking.hallId,
            staffIds,
            range: edit.action === 'shift' ? shifted(ctx, booking, edit.days) : booking,
          };
    if (edit.action === 'restore' && booking.preorderId !== null) {
      throw new BookingStateError(words.cancelledWithPreorder);
    }
    resources = await resolveResources(ctx, target);
    held = heldRanges(ctx, resources, { startsAt: target.range.startsAt, endsAt: target.range.endsAt }, zone);
    change = {
      hallId: target.hallId,
      startsAt: target.range.startsAt,
      endsAt: target.range.endsAt,
      ...(edit.action === 'restore' ? { status: 'held' as const } : {}),
    };
  } else if (edit.action === 'order') {
    const priced = await priceItems(ctx, edit.items);
    change = { items: priced.items, totalKopecks: priced.total, comment: edit.comment };
  } else if (edit.action === 'contact') {
    change = { crmContactId: edit.contactId, limeClientId: edit.limeClientId };
  } else {
    change =
      edit.action === 'confirm'
        ? { status: 'confirmed', confirmedAt: booking.confirmedAt ?? new Date() }
        : { status: 'cancelled' };
  }

  const limeHears = booking.status === 'confirmed' || edit.action === 'confirm';
  let row: BookingRow | null;
  try {
    row = await changeBooking(ctx.db, {
      tenantId: ctx.tenantId,
      id: booking.id,
      version: booking.version,
      change,
      held,
      bumpVersion: true,
    });
  } catch (error) {
    if (held && isOverlapError(error)) throw await conflictError(ctx, resources, held, zone, booking.id);
    throw error;
  }
  if (!row) throw new BookingStateError(words.staleVersion);
  if (limeHears) await deps.enqueue(preorderPushJob(ctx.tenantId, row));
  return row;
}

/** The same wall-clock times `days` later (or earlier), refused in words if a time does not exist then. */
function shifted(ctx: BookingContext, booking: BookingRow, days: number) {
  return instantsOf(ctx, shiftLocal(toLocalRange(booking, booking.timeZone), days), booking.timeZone);
}

/** The push reads the booking as it is when it runs, so pushes sent twice cost a read, not a write. */
export function preorderPushJob(tenantId: string, booking: BookingRow): EnqueueRequest {
  return { kind: PREORDER_PUSH_JOB, tenantId, payload: { bookingId: booking.id } };
}
