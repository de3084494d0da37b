import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { searchSellableGoods } from '@/db/queries/booking-goods';
import {
  type BookingRow,
  busyRanges,
  findBookingByDeal,
  getBooking,
  resourceIdsOf,
} from '@/db/queries/bookings';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { toLocalRange } from '@/lib/domain/bookings';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { bookingErrorWords } from '@/lib/i18n/booking-errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { venueZone } from './booking-rules';
import { type ActorContext, createBooking, draftSchema, editBooking, whenSchema } from './booking-service';
import { calendarMirrorJob } from './calendar-mirror';
import {
  type ContactApiDeps,
  contactEditSchema,
  publicDraftSchema,
  resolveBookingContact,
} from './contact-api';
import { dealOf } from './deal-of';
import { listResourceViews, type ResourceView } from './resource-service';

/**
 * The deal card's booking board (issue 7), answered from the embed token's claims only: the deal is
 * the card's, every booking id is checked against it, the tenant is the token's. Any manager of the
 * CRM may book; halls and staff are the admins' (resource-api.ts).
 */

export interface BookingApiDeps extends ContactApiDeps {
  enqueue(job: EnqueueRequest): Promise<string | null>;
}

export interface BookingView {
  id: string;
  number: number;
  status: BookingRow['status'];
  version: number;
  hallId: string;
  staffIds: string[];
  /** The venue's wall clock. */
  date: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  items: BookingRow['items'];
  totalKopecks: number;
  comment: string | null;
  contactId: string | null;
  limeClientId: number | null;
  preorder: { id: number; number: string | null } | null;
  pushError: string | null;
}

export interface BusyView {
  bookingId: string;
  number: number;
  resourceId: string;
  startsAt: string;
  endsAt: string;
  heldFrom: string;
  heldTo: string;
  status: BookingRow['status'];
  dealId: string;
  own: boolean;
}

export interface BookingBoard {
  zone: string;
  dealId: string;
  /** The first day shown (venue's date) and how many. */
  from: string;
  days: number;
  booking: BookingView | null;
  resources: ResourceView[];
  busy: BusyView[];
}

const boardQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  days: z.coerce.number().int().min(1).max(7).default(1),
});

export { dealOf };

async function viewOf(database: Database, booking: BookingRow): Promise<BookingView> {
  const ids = await resourceIdsOf(database.db, { tenantId: booking.tenantId, bookingId: booking.id });
  const local = toLocalRange(booking, booking.timeZone);
  return {
    id: booking.id,
    number: booking.number,
    status: booking.status,
    version: booking.version,
    hallId: booking.hallId,
    staffIds: ids.filter((id) => id !== booking.hallId),
    ...local,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    items: booking.items,
    totalKopecks: booking.totalKopecks,
    comment: booking.comment,
    contactId: booking.crmContactId,
    limeClientId: booking.limeClientId,
    preorder: booking.preorderId === null ? null : { id: booking.preorderId, number: booking.preorderNumber },
    pushError: booking.pushError,
  };
}

export async function bookingBoardForClaims(
  deps: Pick<BookingApiDeps, 'database'>,
  claims: EmbedClaims,
  query: URLSearchParams,
): Promise<BookingBoard> {
  const dealId = dealOf(claims);
  const parsed = boardQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw new InvalidRequestError('from is a date (YYYY-MM-DD), days 1 to 7');
  const db = deps.database.db;
  const zone = await venueZone(db, claims.tenantId);
  const booking = await findBookingByDeal(db, { tenantId: claims.tenantId, crmDealId: dealId });
  const firstDay = parsed.data.from
    ? DateTime.fromISO(parsed.data.from, { zone })
    : booking
      ? DateTime.fromJSDate(booking.startsAt, { zone }).startOf('day')
      : DateTime.now().setZone(zone).startOf('day');
  const from = firstDay.startOf('day');
  const to = from.plus({ days: parsed.data.days });
  const busy = await busyRanges(db, { tenantId: claims.tenantId, from: from.toJSDate(), to: to.toJSDate() });
  return {
    zone,
    dealId,
    from: from.toISODate() as string,
    days: parsed.data.days,
    booking: booking ? await viewOf(deps.database, booking) : null,
    resources: await listResourceViews(db, { tenantId: claims.tenantId }),
    busy: busy.map((b) => ({
      bookingId: b.bookingId,
      number: b.number,
      resourceId: b.resourceId,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      heldFrom: b.heldFrom.toISOString(),
      heldTo: b.heldTo.toISOString(),
      status: b.status,
      dealId: b.crmDealId,
      own: b.crmDealId === dealId,
    })),
  };
}

const editSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reschedule'), when: whenSchema }),
  z.object({ action: z.literal('shift'), days: z.number().int().min(-366).max(366) }),
  z.object({
    action: z.literal('order'),
    items: draftSchema.shape.items,
    comment: draftSchema.shape.comment,
  }),
  z.object({ action: z.enum(['confirm', 'cancel', 'restore']) }),
  contactEditSchema,
]);

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('create'), draft: publicDraftSchema }),
  z.object({
    action: z.literal('edit'),
    bookingId: z.uuid(),
    version: z.number().int().min(1),
    edit: editSchema,
  }),
]);

export async function bookingActionForClaims(
  deps: BookingApiDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<{ booking: BookingView }> {
  const dealId = dealOf(claims);
  const parsed = actionSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidRequestError(
      claims.locale === 'en' ? 'The booking form is incomplete' : 'Форма брони заполнена не полностью',
    );
  }
  const db = deps.database.db;
  const ctx: ActorContext = {
    db,
    tenantId: claims.tenantId,
    locale: claims.locale,
    userId: claims.userId,
    zone: await venueZone(db, claims.tenantId),
  };
  const request = await resolveBookingContact(deps, claims, parsed.data);
  // Bitrix24 portals with the booking module show our bookings in their calendar too (only once our database took them).
  const mirror = async (row: BookingRow) => {
    if (claims.crm === 'bitrix24')
      await deps.enqueue(calendarMirrorJob(claims.tenantId, { bookingId: row.id }));
    return row;
  };
  if (request.action === 'create') {
    const created = await mirror(await createBooking(ctx, { dealId, draft: request.draft }));
    await request.linkDeal?.();
    return { booking: await viewOf(deps.database, created) };
  }
  const existing = await getBooking(db, { tenantId: claims.tenantId, id: request.bookingId });
  if (!existing || existing.crmDealId !== dealId) {
    throw new NotFoundError(bookingErrorWords(claims.locale).notFound);
  }
  const row = await mirror(
    await editBooking(deps, ctx, { bookingId: existing.id, version: request.version, edit: request.edit }),
  );
  return { booking: await viewOf(deps.database, row) };
}

export function requireBookingAdmin(claims: EmbedClaims): void {
  if (!claims.admin) throw new ForbiddenError(bookingErrorWords(claims.locale).adminsOnly);
}

export interface GoodOption {
  id: number;
  name: string;
  priceKopecks: number;
}

/** The goods picker: Lime's regular goods whose name holds the words typed (50 at most). */
export async function goodsForClaims(
  deps: Pick<BookingApiDeps, 'database'>,
  claims: EmbedClaims,
  query: URLSearchParams,
): Promise<{ goods: GoodOption[] }> {
  dealOf(claims);
  const db = deps.database.db;
  const connection = await getActiveLimeConnection(db, { tenantId: claims.tenantId });
  if (!connection) return { goods: [] };
  const rows = await searchSellableGoods(db, {
    tenantId: claims.tenantId,
    connectionId: connection.id,
    search: (query.get('q') ?? '').trim().slice(0, 100),
    limit: 50,
  });
  return { goods: rows.map((g) => ({ id: g.id, name: g.name, priceKopecks: g.priceKopecks })) };
}
