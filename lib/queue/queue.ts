import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '@/db/client';
import { type BossOptions, createBoss } from './boss';
import {
  type EnqueueRequest,
  enqueue,
  ensureLaneQueues,
  type JobRegistry,
  type JobServices,
  type LaneOptions,
  startLaneWorkers,
} from './lanes';
import { type MaintenanceOptions, startMaintenance } from './maintenance';
import { type PeriodicTask, startPeriodicTasks } from './periodic';
import { liveDepth } from './queue-depth';
import { DEAD_LETTER_QUEUE, laneQueueName, MAINTENANCE_QUEUE, TARGETS } from './targets';
import { sendingOncePerStart } from './window-send';

const BOSS_START_LOCK_ID = 72_410_002;

export interface QueueStats {
  queue: string;
  queued: number;
  active: number;
  failed: number;
  total: number;
}

export interface Queue {
  boss: PgBoss;
  working: boolean;
  enqueue(job: {
    kind: string;
    tenantId: string;
    payload: unknown;
    startAfter?: Date | number;
  }): Promise<string | null>;
  stats(): Promise<QueueStats[]>;
  /** Cancels a tenant's jobs not yet running, in every lane (an uninstall); returns how many. */
  cancelTenantJobs(tenantId: string): Promise<number>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Starts pg-boss on the database. With `work`, this process also runs the lane workers and the
 * maintenance schedule (the inline worker on PGlite, `npm run worker` on PostgreSQL); without it
 * (web processes with WORKER=off) it only sends jobs.
 */
export async function startQueue(
  database: Database,
  options: {
    registry: JobRegistry;
    work: boolean;
    log: Logger;
    laneOptions?: LaneOptions;
    concurrency?: number;
    pollingIntervalSeconds?: number;
    instanceName?: string;
    boss?: Omit<BossOptions, 'supervise' | 'instanceName'>;
    periodic?: PeriodicTask[];
    /** The hourly maintenance's retention settings. */
    maintenance?: MaintenanceOptions;
    /** What jobs may use; required when this process works. */
    services?: Omit<JobServices, 'enqueue'>;
  },
): Promise<Queue> {
  const boss = createBoss(database, {
    ...options.boss,
    supervise: options.work,
    instanceName: options.instanceName,
  });
  boss.on('error', (error) => options.log.error({ err: error }, 'queue error'));
  const sender = sendingOncePerStart((job: EnqueueRequest) => enqueue(boss, options.registry, job));
  const send = sender.send;
  // Installing pg-boss's schema (CREATE SCHEMA IF NOT EXISTS) and creating queues and schedules
  // race when several processes start on a fresh database: they take turns.
  await database.withAdvisoryLock(BOSS_START_LOCK_ID, async () => {
    await boss.start();
    await ensureLaneQueues(boss, options.laneOptions);
    if (!options.work) return;
    if (!options.services) throw new Error('startQueue: a working queue needs its job services');
    await startLaneWorkers(boss, options.registry, {
      database,
      log: options.log,
      services: { ...options.services, enqueue: send },
      concurrency: options.concurrency,
      pollingIntervalSeconds: options.pollingIntervalSeconds,
    });
    await startMaintenance(boss, { ...options.maintenance, database, log: options.log });
    await startPeriodicTasks(boss, options.periodic ?? [], { database, log: options.log, enqueue: send });
  });
  let stopped = false;
  return {
    boss,
    working: options.work,
    enqueue: send,
    async stats() {
      const names = [...TARGETS.map(laneQueueName), DEAD_LETTER_QUEUE, MAINTENANCE_QUEUE];
      const [queues, live] = await Promise.all([boss.getQueues(names), liveDepth(database, names)]);
      // Failed and total stay pg-boss's cached counts: counting them would read every kept job.
      return queues.map((q) => ({
        queue: q.name,
        queued: live.get(q.name)?.queued ?? 0,
        active: live.get(q.name)?.active ?? 0,
        failed: q.failedCount,
        total: q.totalCount,
      }));
    },
    async cancelTenantJobs(tenantId) {
      sender.forgetTenant(tenantId);
      let cancelled = 0;
      for (const name of TARGETS.map(laneQueueName)) {
        const jobs = await boss.findJobs(name, { key: tenantId, queued: true });
        if (jobs.length === 0) continue;
        await boss.cancel(
          name,
          jobs.map((job) => job.id),
        );
        cancelled += jobs.length;
      }
      return cancelled;
    },
    async stop({ timeoutMs = 15_000 } = {}) {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, timeout: timeoutMs, close: false });
    },
  };
}
