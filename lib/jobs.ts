import type { JobRegistry } from '@/lib/queue/lanes';

/**
 * Every job kind the workers run, by name. Feature modules (sync, bookings, bonuses, mailings)
 * add their definitions here; the queue refuses to send a kind that is not registered.
 */
export const jobRegistry: JobRegistry = {};
