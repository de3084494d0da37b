import type { Database } from '@/db/client';
import { BOSS_SCHEMA } from './boss';

export interface LiveDepth {
  /** Waiting to run: new, deferred, or waiting out a retry's back-off. */
  queued: number;
  active: number;
}

/**
 * Jobs waiting and running per queue, counted now. pg-boss's own queue counts are a cache its
 * monitor refreshes in working processes only (every 15 s): with every worker down they would
 * never move, just when a backlog grows. Only unfinished jobs are read (few, and indexed).
 */
export async function liveDepth(database: Database, queues: string[]): Promise<Map<string, LiveDepth>> {
  const { rows } = await database.query<{ name: string; queued: number; active: number }>(
    `SELECT name,
            count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
            count(*) FILTER (WHERE state = 'active')::int AS active
       FROM ${BOSS_SCHEMA}.job
      WHERE name = ANY($1::text[]) AND state < 'completed'
      GROUP BY name`,
    [queues],
  );
  return new Map(rows.map((r) => [r.name, { queued: r.queued, active: r.active }]));
}
