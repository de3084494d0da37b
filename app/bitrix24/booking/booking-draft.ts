import type { BookingView } from '@/lib/bookings/booking-api';

/**
 * What the booking form holds, and the requests it becomes (lib/bookings/booking-api.ts): a new
 * booking is one create; a change of an existing one is a reschedule when the time, hall or staff
 * changed and an order when the goods or comment did, each on the version the page has.
 */

export interface DraftItem {
  goodId: number;
  name: string;
  /** Kopecks. */
  price: number;
  quantity: number;
}

export interface ContactChoice {
  id: string;
  name: string;
  phone: string | null;
  limeClientId: number | null;
}

export interface Draft {
  date: string;
  start: string;
  end: string;
  hallId: string;
  staffIds: string[];
  items: DraftItem[];
  comment: string;
  contact: ContactChoice | null;
}

export const DEFAULT_LENGTH_MIN = 120;

export function emptyDraft(date: string, contact: ContactChoice | null): Draft {
  return { date, start: '', end: '', hallId: '', staffIds: [], items: [], comment: '', contact };
}

export function draftOf(booking: BookingView, contact: ContactChoice | null): Draft {
  return {
    date: booking.date,
    start: booking.start,
    end: booking.end,
    hallId: booking.hallId,
    staffIds: [...booking.staffIds],
    items: booking.items.map((i) => ({ ...i })),
    comment: booking.comment ?? '',
    contact: contact && contact.id === booking.contactId ? contact : contactOf(booking),
  };
}

function contactOf(booking: BookingView): ContactChoice | null {
  return booking.contactId
    ? { id: booking.contactId, name: '', phone: null, limeClientId: booking.limeClientId }
    : null;
}

export const totalOf = (items: DraftItem[]) => items.reduce((sum, i) => sum + i.price * i.quantity, 0);

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function whenChanged(draft: Draft, booking: BookingView): boolean {
  return (
    draft.date !== booking.date ||
    draft.start !== booking.start ||
    draft.end !== booking.end ||
    draft.hallId !== booking.hallId ||
    !sameSet(draft.staffIds, booking.staffIds)
  );
}

export function orderChanged(draft: Draft, booking: BookingView): boolean {
  const items = (list: { goodId: number; quantity: number }[]) =>
    list.map((i) => `${i.goodId}x${i.quantity}`).join(',');
  return items(draft.items) !== items(booking.items) || draft.comment.trim() !== (booking.comment ?? '');
}

export const whenOf = (draft: Draft) => ({
  hallId: draft.hallId,
  staffIds: draft.staffIds,
  date: draft.date,
  start: draft.start,
  end: draft.end,
});

export const orderOf = (draft: Draft) => ({
  items: draft.items.map((i) => ({ goodId: i.goodId, quantity: i.quantity })),
  comment: draft.comment.trim() || null,
});

export function createBody(draft: Draft) {
  return {
    action: 'create' as const,
    draft: { ...whenOf(draft), ...orderOf(draft), contactId: draft.contact?.id ?? null },
  };
}

export function editBody(booking: BookingView, edit: Record<string, unknown>) {
  return { action: 'edit' as const, bookingId: booking.id, version: booking.version, edit };
}
