import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '@/db/client';
import { pruneJournal } from '@/db/queries/journal';
import { pruneRestLog } from '@/db/queries/rest-log';
import { PUBLIC_BUCKET_PREFIX } from '@/lib/http/public-rate-limit';
import { MAINTENANCE_QUEUE } from './targets';

export const JOURNAL_RETENTION_DAYS = 30;
export const INBOX_RETENTION_DAYS = 7;
export const REST_LOG_RETENTION_DAYS = 7;
/**
 * Single-use tokens claimed in `effects` (amoCRM's disposable tokens, 30 minutes; our one-time tab
 * codes, 1 minute): kept two days, long past their expiry, which refuses them from then on.
 */
const SPENT_TOKEN_KINDS = "('amocrm-jti', 'tab-code')";

export interface MaintenanceOptions {
  /** REST_LOG_RETENTION_DAYS (lib/config.ts; at least 3). */
  restLogRetentionDays?: number;
}

/**
 * Retention: the journal and the REST log by age, inbox rows already processed, spent single-use
 * tokens, and the public endpoints' rate-limit buckets of clients idle for an hour (full again by
 * then: a missing bucket is made full).
 */
export async function runMaintenance(
  database: Database,
  options: MaintenanceOptions = {},
): Promise<{ journal: number; inbox: number; restLog: number; publicBuckets: number; spentTokens: number }> {
  const restLog = await pruneRestLog(database.db, {
    olderThanDays: options.restLogRetentionDays ?? REST_LOG_RETENTION_DAYS,
  });
  const journal = await pruneJournal(database.db, { olderThanDays: JOURNAL_RETENTION_DAYS });
  const { rows } = await database.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM inbox WHERE processed_at IS NOT NULL AND processed_at < now() - make_interval(days => $1)
       RETURNING 1
     ) SELECT count(*)::int AS n FROM gone`,
    [INBOX_RETENTION_DAYS],
  );
  const buckets = await database.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM rate_buckets WHERE starts_with(key, $1) AND updated_at < now() - interval '1 hour'
       RETURNING 1
     ) SELECT count(*)::int AS n FROM gone`,
    [PUBLIC_BUCKET_PREFIX],
  );
  const spent = await database.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM effects WHERE kind IN ${SPENT_TOKEN_KINDS} AND created_at < now() - interval '2 days'
       RETURNING 1
     ) SELECT count(*)::int AS n FROM gone`,
  );
  return {
    journal,
    inbox: rows[0]?.n ?? 0,
    restLog,
    publicBuckets: buckets.rows[0]?.n ?? 0,
    spentTokens: spent.rows[0]?.n ?? 0,
  };
}

export async function startMaintenance(
  boss: PgBoss,
  deps: { database: Database; log: Logger } & MaintenanceOptions,
): Promise<void> {
  if (!(await boss.getQueue(MAINTENANCE_QUEUE))) {
    await boss.createQueue(MAINTENANCE_QUEUE, { policy: 'singleton', retryLimit: 2 });
  }
  await boss.schedule(MAINTENANCE_QUEUE, '17 * * * *');
  await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const pruned = await runMaintenance(deps.database, deps);
    deps.log.info({ pruned }, 'maintenance done');
  });
}
