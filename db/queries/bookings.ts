import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { links } from '../schema';
import {
  type BookingItem,
  type BookingStatus,
  bookingCounters,
  bookingResources,
  bookings,
  resources,
} from '../schema-bookings';

/** Bookings and the ranges their resources hold (db/schema-bookings.ts). */

export type BookingRow = typeof bookings.$inferSelect;

export interface HeldRange {
  resourceId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface NewBooking {
  tenantId: string;
  hallId: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  crmDealId: string;
  crmContactId: string | null;
  limeClientId: number | null;
  items: BookingItem[];
  totalKopecks: number;
  comment: string | null;
  createdBy: string;
}

/**
 * The booking, its number and the ranges its resources hold, in one transaction: an overlap with a
 * live booking of any of them fails the whole insert with SQLSTATE 23P01 (the exclusion
 * constraint) and the number is given back.
 */
export async function insertBooking(db: Db, booking: NewBooking, held: HeldRange[]): Promise<BookingRow> {
  return db.transaction(async (tx) => {
    const [counter] = await tx
      .insert(bookingCounters)
      .values({ tenantId: booking.tenantId, last: 1 })
      .onConflictDoUpdate({
        target: bookingCounters.tenantId,
        set: { last: sql`${bookingCounters.last} + 1` },
      })
      .returning({ last: bookingCounters.last });
    const [row] = await tx
      .insert(bookings)
      .values({ ...booking, number: counter?.last as number })
      .returning();
    if (!row) throw new Error('The booking was not inserted');
    await tx
      .insert(bookingResources)
      .values(held.map((h) => ({ ...h, bookingId: row.id, tenantId: booking.tenantId, status: row.status })));
    return row;
  });
}

export async function getBooking(
  db: Db,
  params: { tenantId: string; id: string },
): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, params.tenantId), eq(bookings.id, params.id)));
  return row ?? null;
}

export async function findBookingByDeal(
  db: Db,
  params: { tenantId: string; crmDealId: string },
): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, params.tenantId), eq(bookings.crmDealId, params.crmDealId)));
  return row ?? null;
}

export async function findBookingByPreorder(
  db: Db,
  params: { tenantId: string; preorderId: number },
): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.tenantId, params.tenantId), eq(bookings.preorderId, params.preorderId)));
  return row ?? null;
}

/** The resources a booking holds, hall first. */
export async function resourceIdsOf(
  db: Db,
  params: { tenantId: string; bookingId: string },
): Promise<string[]> {
  const rows = await db
    .select({ resourceId: bookingResources.resourceId, kind: resources.kind })
    .from(bookingResources)
    .innerJoin(resources, eq(resources.id, bookingResources.resourceId))
    .where(
      and(eq(bookingResources.tenantId, params.tenantId), eq(bookingResources.bookingId, params.bookingId)),
    )
    .orderBy(asc(resources.kind), asc(resources.name));
  return rows.map((r) => r.resourceId);
}

export type BookingChange = Partial<
  Pick<
    BookingRow,
    | 'hallId'
    | 'startsAt'
    | 'endsAt'
    | 'status'
    | 'crmContactId'
    | 'limeClientId'
    | 'items'
    | 'totalKopecks'
    | 'comment'
    | 'confirmedAt'
  >
>;

/**
 * Changes a booking (only if it is still at `version`) and, given `held`, replaces the ranges its
 * resources hold, in one transaction; the status goes to every held row. `bumpVersion`: Lime must
 * hear of it. Null when the booking moved on meanwhile (another manager's change won).
 */
export async function changeBooking(
  db: Db,
  params: {
    tenantId: string;
    id: string;
    version: number;
    change: BookingChange;
    held?: HeldRange[];
    bumpVersion: boolean;
  },
): Promise<BookingRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        ...params.change,
        version: params.bumpVersion ? sql`${bookings.version} + 1` : bookings.version,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(bookings.tenantId, params.tenantId),
          eq(bookings.id, params.id),
          eq(bookings.version, params.version),
        ),
      )
      .returning();
    if (!row) return null;
    const scope = and(eq(bookingResources.tenantId, params.tenantId), eq(bookingResources.bookingId, row.id));
    if (params.held) {
      await tx.delete(bookingResources).where(scope);
      await tx
        .insert(bookingResources)
        .values(
          params.held.map((h) => ({ ...h, bookingId: row.id, tenantId: row.tenantId, status: row.status })),
        );
    } else if (params.change.status) {
      await tx.update(bookingResources).set({ status: params.change.status }).where(scope);
    }
    return row;
  });
}

/** What the pre-order push records: Lime's pre-order and the booking version it reflects. */
export async function recordPreorder(
  db: Db,
  params: {
    tenantId: string;
    id: string;
    preorderId: number | null;
    preorderNumber: string | null;
    preorderVersion: number | null;
    pushError: string | null;
  },
): Promise<void> {
  const { tenantId, id, ...fields } = params;
  await db
    .update(bookings)
    .set(fields)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.id, id)));
}

export async function setBookingPushError(
  db: Db,
  params: { tenantId: string; id: string; pushError: string | null },
): Promise<void> {
  await db
    .update(bookings)
    .set({ pushError: params.pushError })
    .where(and(eq(bookings.tenantId, params.tenantId), eq(bookings.id, params.id)));
}

export interface BusyRange {
  bookingId: string;
  number: number;
  resourceId: string;
  /** What the resource holds (buffers included). */
  heldFrom: Date;
  heldTo: Date;
  /** The booking's own time. */
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  crmDealId: string;
}

/** Live bookings' held ranges that touch [from, to), for the calendar and for naming a conflict. */
export async function busyRanges(
  db: Db,
  params: { tenantId: string; from: Date; to: Date; resourceIds?: string[]; excludeBookingId?: string },
): Promise<BusyRange[]> {
  return db
    .select({
      bookingId: bookings.id,
      number: bookings.number,
      resourceId: bookingResources.resourceId,
      heldFrom: bookingResources.startsAt,
      heldTo: bookingResources.endsAt,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      status: bookings.status,
      crmDealId: bookings.crmDealId,
    })
    .from(bookingResources)
    .innerJoin(bookings, eq(bookings.id, bookingResources.bookingId))
    .where(
      and(
        eq(bookingResources.tenantId, params.tenantId),
        ne(bookingResources.status, 'cancelled'),
        lt(bookingResources.startsAt, params.to),
        gt(bookingResources.endsAt, params.from),
        params.resourceIds ? inArray(bookingResources.resourceId, params.resourceIds) : undefined,
        params.excludeBookingId ? ne(bookingResources.bookingId, params.excludeBookingId) : undefined,
      ),
    )
    .orderBy(asc(bookingResources.startsAt));
}

/** The hall of each deal's booking, by deal id (deals without a booking are left out). */
export async function hallNamesOfDeals(
  db: Db,
  params: { tenantId: string; dealIds: string[] },
): Promise<Map<string, string>> {
  if (params.dealIds.length === 0) return new Map();
  const rows = await db
    .select({ dealId: bookings.crmDealId, hall: resources.name })
    .from(bookings)
    .innerJoin(resources, eq(resources.id, bookings.hallId))
    .where(and(eq(bookings.tenantId, params.tenantId), inArray(bookings.crmDealId, params.dealIds)));
  return new Map(rows.map((r) => [r.dealId, r.hall]));
}

/** Whether a database error is the exclusion constraint refusing an overlap (SQLSTATE 23P01). */
export function isOverlapError(error: unknown): boolean {
  return sqlStateOf(error) === '23P01';
}

/** Whether a database error is a unique violation (SQLSTATE 23505) of the named index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (sqlStateOf(error) !== '23505') return false;
  const text = `${(error as { cause?: { constraint?: string; message?: string } }).cause?.constraint ?? ''} ${String((error as Error).message)} ${String((error as { cause?: Error }).cause?.message ?? '')}`;
  return text.includes(constraint);
}

function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const clientless = and(
  isNull(bookings.limeClientId),
  isNotNull(bookings.crmContactId),
  ne(bookings.status, 'cancelled'),
);

/** Tenants holding a live booking on a contact that has no Lime client. */
export async function tenantsWithClientlessBookings(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ tenantId: bookings.tenantId }).from(bookings).where(clientless);
  return rows.map((r) => r.tenantId);
}

/** The tenant's live bookings without a Lime client whose contact is linked to one now, with that client. */
export async function clientlessBookingsWithLinks(
  db: Db,
  params: { tenantId: string },
): Promise<{ booking: BookingRow; limeClientId: number }[]> {
  const rows = await db
    .select({ booking: bookings, limeId: links.limeId })
    .from(bookings)
    .innerJoin(
      links,
      and(
        eq(links.tenantId, bookings.tenantId),
        eq(links.crmEntity, 'contact'),
        eq(links.limeType, 'client'),
        eq(links.crmId, bookings.crmContactId),
      ),
    )
    .where(and(eq(bookings.tenantId, params.tenantId), clientless));
  return rows.flatMap(({ booking, limeId }) => {
    const limeClientId = Number(limeId);
    return Number.isSafeInteger(limeClientId) && limeClientId > 0 ? [{ booking, limeClientId }] : [];
  });
}
