import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '@/db/client';
import type { EnqueueRequest } from './lanes';

/** Work that runs on a schedule (once per tick across all processes) and sends lane jobs. */
export interface PeriodicTask {
  name: string;
  /** Cron (pg-boss schedule, minute granularity). */
  cron: string;
  run(database: Database, enqueue: (job: EnqueueRequest) => Promise<string | null>): Promise<unknown>;
}

export const periodicQueueName = (task: PeriodicTask) => `periodic-${task.name}`;

export async function startPeriodicTasks(
  boss: PgBoss,
  tasks: PeriodicTask[],
  deps: { database: Database; log: Logger; enqueue: (job: EnqueueRequest) => Promise<string | null> },
): Promise<void> {
  for (const task of tasks) {
    const name = periodicQueueName(task);
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { policy: 'singleton', retryLimit: 1 });
    await boss.schedule(name, task.cron);
    await boss.work(name, { pollingIntervalSeconds: 5 }, async () => {
      const result = await task.run(deps.database, deps.enqueue);
      deps.log.debug({ task: task.name, result }, 'periodic task done');
    });
  }
}
