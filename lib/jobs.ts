import type { JobRegistry } from '@/lib/queue/lanes';
import type { PeriodicTask } from '@/lib/queue/periodic';
import { limeJobs } from '@/lib/sync/lime/jobs';
import { scheduleLimeWork } from '@/lib/sync/lime/schedule';

/**
 * Every job kind the workers run, by name, and the periodic work that sends them. Feature modules
 * (sync, bookings, bonuses, mailings) add theirs here; the queue refuses a kind not registered.
 */
export const jobRegistry: JobRegistry = { ...limeJobs };

export const periodicTasks: PeriodicTask[] = [
  { name: 'lime-schedule', cron: '* * * * *', run: scheduleLimeWork },
];
