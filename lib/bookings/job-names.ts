/** A confirmed booking's pre-order → Lime (create, update, confirm, cancel), in the tenant's Lime lane. */
export const PREORDER_PUSH_JOB = 'booking.preorder.push';
/** Halls, staff and bookings → the CRM's own booking calendar (Bitrix24 booking.v1), in the tenant's Bitrix24 lane. */
export const CALENDAR_MIRROR_JOB = 'booking.calendar.mirror';
