import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '@/db/client';
import { pruneJournal } from '@/db/queries/journal';
import { MAINTENANCE_QUEUE } from './targets';

export const JOURNAL_RETENTION_DAYS = 30;
export const INBOX_RETENTION_DAYS = 7;

/** Retention: the journal by age, and inbox rows already processed. */
export async function runMaintenance(database: Database): Promise<{ journal: number; inbox: number }> {
  const journal = await pruneJournal(database.db, { olderThanDays: JOURNAL_RETENTION_DAYS });
  const { rows } = await database.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM inbox WHERE processed_at IS NOT NULL AND processed_at < now() - make_interval(days => $1)
       RETURNING 1
     ) SELECT count(*)::int AS n FROM gone`,
    [INBOX_RETENTION_DAYS],
  );
  return { journal, inbox: rows[0]?.n ?? 0 };
}

export async function startMaintenance(
  boss: PgBoss,
  deps: { database: Database; log: Logger },
): Promise<void> {
  if (!(await boss.getQueue(MAINTENANCE_QUEUE))) {
    await boss.createQueue(MAINTENANCE_QUEUE, { policy: 'singleton', retryLimit: 2 });
  }
  await boss.schedule(MAINTENANCE_QUEUE, '17 * * * *');
  await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const pruned = await runMaintenance(deps.database);
    deps.log.info({ pruned }, 'maintenance done');
  });
}
