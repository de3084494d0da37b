import type { WeekHours } from '@/lib/domain/bookings';

/**
 * The CRM's own booking calendar, where a CRM has one (Bitrix24's booking module, booking.v1;
 * amoCRM has none and leaves `CrmPort.calendar` undefined). Our halls, staff and bookings are
 * mirrored into it so managers see them there too. It only copies: our database decides every
 * conflict before anything is sent, so nothing here asks the CRM whether a time is free.
 *
 * Every write is an upsert that reads first and writes only what differs, so a repeated call
 * writes nothing, and a create looks for what an attempt that died before its id was recorded
 * made (a resource by its name within our type, a booking by its deal among the CRM's bookings of
 * the same period), so it never makes a second one. A CRM that turns out not to have the calendar
 * (no module, or our app without its permission) is CrmCalendarUnavailableError from any method.
 */

export interface CrmCalendarResourceInput {
  /** The CRM's id we recorded for it; null: none yet. */
  id: string | null;
  kind: 'hall' | 'staff';
  /** The CRM's name for the kind, used when the calendar has no such kind yet ("Залы", "Halls"). */
  kindName: string;
  name: string;
  description: string;
  /** Opening hours in `timeZone`, Monday first; null: closed that day. */
  hours: WeekHours;
  timeZone: string;
}

export interface CrmCalendarBookingInput {
  /** The CRM's id we recorded for it; null: none yet. */
  id: string | null;
  /** The CRM ids of the resources it holds (upsertResources' ids). */
  resourceIds: string[];
  /** ISO 8601 instants. */
  from: string;
  to: string;
  /** The venue's IANA zone: the CRM shows the booking on this wall clock. */
  timeZone: string;
  name: string;
  description: string;
  dealId: string;
  contactId: string | null;
}

export interface CrmCalendarWrite {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

/** The CRM has no booking calendar we may use (Bitrix24: no booking module, or no `booking` scope). */
export class CrmCalendarUnavailableError extends Error {
  readonly code = 'CRM_CALENDAR_UNAVAILABLE' as const;
  constructor(readonly reason: string) {
    super(`The CRM has no booking calendar for the app: ${reason}`);
    this.name = 'CrmCalendarUnavailableError';
  }
}

export interface CrmCalendarMirror {
  /** Whether the calendar is there for us: one light request. */
  available(): Promise<boolean>;
  /** Creates or updates halls and staff with their opening hours; results in input order. */
  upsertResources(items: CrmCalendarResourceInput[]): Promise<CrmCalendarWrite[]>;
  /** Removes a resource (one we archived); one the CRM no longer has is fine. */
  deleteResource(id: string): Promise<void>;
  /** Creates or updates a booking with its resources, time, deal and contact. */
  upsertBooking(input: CrmCalendarBookingInput): Promise<CrmCalendarWrite>;
  /** Removes a booking (one we cancelled); one the CRM no longer has is fine. */
  deleteBooking(id: string): Promise<void>;
}
