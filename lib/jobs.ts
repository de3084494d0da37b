import { bonusJobs } from '@/lib/bonuses/jobs';
import { adoptLinkedClients } from '@/lib/bookings/adopt-clients';
import { bookingJobs } from '@/lib/bookings/jobs';
import { mailingJobs } from '@/lib/mailings/jobs';
import { npsJobs } from '@/lib/mailings/nps-jobs';
import { scheduleMailingWork } from '@/lib/mailings/scheduler';
import type { JobRegistry } from '@/lib/queue/lanes';
import type { PeriodicTask } from '@/lib/queue/periodic';
import { amocrmJobs } from '@/lib/sync/amocrm/jobs';
import { scheduleAmocrmWork } from '@/lib/sync/amocrm/schedule';
import { bitrix24Jobs } from '@/lib/sync/bitrix24/jobs';
import { scheduleBitrix24Work } from '@/lib/sync/bitrix24/schedule';
import { crmImportJobs } from '@/lib/sync/crm-import/jobs';
import { crmPushJobs } from '@/lib/sync/crm-push/jobs';
import { limeJobs } from '@/lib/sync/lime/jobs';
import { scheduleLimeWork } from '@/lib/sync/lime/schedule';

/**
 * Every job kind the workers run, by name, and the periodic work that sends them. Feature modules
 * (sync, bookings, bonuses, mailings) add theirs here; the queue refuses a kind not registered.
 */
export const jobRegistry: JobRegistry = {
  ...limeJobs,
  ...bitrix24Jobs,
  ...amocrmJobs,
  ...crmPushJobs,
  ...crmImportJobs,
  ...bookingJobs,
  ...bonusJobs,
  ...mailingJobs,
  ...npsJobs,
};

export const periodicTasks: PeriodicTask[] = [
  { name: 'lime-schedule', cron: '* * * * *', run: scheduleLimeWork },
  { name: 'bitrix24-schedule', cron: '* * * * *', run: scheduleBitrix24Work },
  { name: 'amocrm-schedule', cron: '* * * * *', run: scheduleAmocrmWork },
  { name: 'mailing-schedule', cron: '*/5 * * * *', run: scheduleMailingWork },
  { name: 'booking-clients', cron: '* * * * *', run: adoptLinkedClients },
];
