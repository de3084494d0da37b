/** A confirmed booking's pre-order → Lime (create, update, confirm, cancel), in the tenant's Lime lane. */
export const PREORDER_PUSH_JOB = 'booking.preorder.push';
