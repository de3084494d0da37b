import { and, asc, eq, gt, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings } from '../schema-bookings';
import type { BookingRow } from './bookings';

/** Where each booking is in the CRM's own calendar (Bitrix24 booking.v1): lib/bookings/calendar-mirror.ts. */

export async function setBookingMirrorId(
  db: Db,
  params: { tenantId: string; id: string; crmMirrorId: string | null },
): Promise<void> {
  await db
    .update(bookings)
    .set({ crmMirrorId: params.crmMirrorId })
    .where(and(eq(bookings.tenantId, params.tenantId), eq(bookings.id, params.id)));
}

/**
 * What a full mirror run still owes the calendar: live bookings not over yet that it has never
 * held, and cancelled ones it still holds; oldest start first, at most `limit`.
 */
export async function listBookingsToMirror(
  db: Db,
  params: { tenantId: string; now: Date; limit: number },
): Promise<BookingRow[]> {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, params.tenantId),
        or(
          and(
            ne(bookings.status, 'cancelled'),
            isNull(bookings.crmMirrorId),
            gt(bookings.endsAt, params.now),
          ),
          and(eq(bookings.status, 'cancelled'), isNotNull(bookings.crmMirrorId)),
        ),
      ),
    )
    .orderBy(asc(bookings.startsAt))
    .limit(params.limit);
}
