import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { busyRanges, type HeldRange } from '@/db/queries/bookings';
import { getActiveLimeConnection } from '@/db/queries/lime-connections';
import { getResources, type ResourceRow } from '@/db/queries/resources';
import {
  BookingTimeError,
  heldRange,
  type InstantRange,
  type LocalRange,
  rangeOf,
  withinHours,
} from '@/lib/domain/bookings';
import { bookingErrorWords } from '@/lib/i18n/booking-errors';
import type { Locale } from '@/lib/i18n/pick-locale';
import { getSetting } from '@/lib/settings/settings';
import { BookingConflictError, BookingRefusedError } from './errors';

/**
 * What a booking may hold and when: the hall and staff it names (the tenant's, active, one hall),
 * its instants from the venue's wall clock, each resource's working hours, and the range each
 * holds. When the database refuses an overlap, the booking held there is named in words.
 */

export interface BookingContext {
  db: Db;
  tenantId: string;
  locale: Locale;
}

export const DEFAULT_ZONE = 'Europe/Moscow';

/** The venue's zone: the setting, else the Lime connection's, else Moscow's. */
export async function venueZone(db: Db, tenantId: string): Promise<string> {
  const chosen = await getSetting(db, { tenantId, key: 'bookingTimeZone' });
  if (chosen) return chosen;
  const connection = await getActiveLimeConnection(db, { tenantId });
  return connection?.timeZone ?? DEFAULT_ZONE;
}

/** The hall then the staff, checked: the tenant's own, active, exactly one hall. */
export async function resolveResources(
  ctx: BookingContext,
  request: { hallId: string; staffIds: string[] },
): Promise<ResourceRow[]> {
  const words = bookingErrorWords(ctx.locale);
  const staffIds = [...new Set(request.staffIds)];
  const rows = await getResources(ctx.db, { tenantId: ctx.tenantId, ids: [request.hallId, ...staffIds] });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hall = byId.get(request.hallId);
  const staff = staffIds.map((id) => byId.get(id));
  if (!hall || staff.some((s) => !s) || [hall, ...staff].some((r) => !r?.active)) {
    throw new BookingRefusedError(words.unknownResource);
  }
  if (hall.kind !== 'hall' || staff.some((s) => s?.kind !== 'staff'))
    throw new BookingRefusedError(words.notAHall);
  return [hall, ...(staff as ResourceRow[])];
}

/** The booking's instants from its local date and times, refused in words when they cannot be. */
export function instantsOf(ctx: BookingContext, local: LocalRange, zone: string): InstantRange {
  try {
    return rangeOf(local, zone);
  } catch (error) {
    if (!(error instanceof BookingTimeError)) throw error;
    const words = bookingErrorWords(ctx.locale);
    if (error.at) throw new BookingRefusedError(words.noSuchTime({ ...error.at, zone }));
    throw new BookingRefusedError(words.badRange);
  }
}

/** Each resource's held range; refused when one of them is not working then. */
export function heldRanges(
  ctx: BookingContext,
  resources: ResourceRow[],
  range: InstantRange,
  zone: string,
): HeldRange[] {
  const words = bookingErrorWords(ctx.locale);
  return resources.map((r) => {
    if (!withinHours(range, r.hours, zone)) {
      throw new BookingRefusedError(words.closed({ kind: r.kind, resource: r.name }));
    }
    return { resourceId: r.id, ...heldRange(range, r) };
  });
}

/**
 * After a 23P01: which live booking holds one of these resources in its range, as a 409 in the
 * manager's words (the resource, that booking's own local time, its number and deal).
 */
export async function conflictError(
  ctx: BookingContext,
  resources: ResourceRow[],
  held: HeldRange[],
  zone: string,
  excludeBookingId?: string,
): Promise<BookingConflictError> {
  const words = bookingErrorWords(ctx.locale);
  for (const h of held) {
    const [other] = await busyRanges(ctx.db, {
      tenantId: ctx.tenantId,
      from: h.startsAt,
      to: h.endsAt,
      resourceIds: [h.resourceId],
      excludeBookingId,
    });
    if (!other) continue;
    const resource = resources.find((r) => r.id === h.resourceId) as ResourceRow;
    const start = DateTime.fromJSDate(other.startsAt, { zone }).setLocale(ctx.locale);
    const end = DateTime.fromJSDate(other.endsAt, { zone });
    return new BookingConflictError(
      words.conflict({
        kind: resource.kind,
        resource: resource.name,
        date: start.toFormat('d MMMM'),
        from: start.toFormat('HH:mm'),
        to: end.toFormat('HH:mm'),
        number: other.number,
        dealId: other.crmDealId,
        bufferMin: resource.bufferBeforeMin + resource.bufferAfterMin,
      }),
      {
        bookingId: other.bookingId,
        number: other.number,
        crmDealId: other.crmDealId,
        resourceId: h.resourceId,
      },
    );
  }
  // The booking that held it was cancelled or moved meanwhile: say it generally, still a conflict.
  const first = resources[0] as ResourceRow;
  return new BookingConflictError(words.staleVersion, {
    bookingId: '',
    number: 0,
    crmDealId: '',
    resourceId: first.id,
  });
}
