import { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';

/**
 * pg-boss on our database handle. Its statements go through the handle's own `query`/`exec`, so on
 * PGlite the queue shares the one serialised session (never a second "connection" that could land
 * inside someone else's transaction); on PostgreSQL they go through the shared pool.
 */

export const BOSS_SCHEMA = 'pgboss';

interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

function bossDb(database: Database): BossDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return database.query(text, values);
      // Parameterless text may hold several statements; pg-boss expects node-postgres' shape:
      // one result for one statement, an array for several.
      const results = await database.exec(text);
      return results.length === 1 ? (results[0] as { rows: unknown[] }) : results;
    },
  };
}

export interface BossOptions {
  supervise: boolean;
  instanceName?: string;
  /** How often a supervising process fails jobs whose worker stopped heart-beating (died). */
  superviseIntervalSeconds?: number;
  /** How often queue counts (health, metrics) are refreshed. */
  monitorIntervalSeconds?: number;
}

export function createBoss(database: Database, options: BossOptions): PgBoss {
  return new PgBoss({
    db: bossDb(database) as never,
    backend: database.kind === 'pglite' ? 'pglite' : 'postgres',
    schema: BOSS_SCHEMA,
    supervise: options.supervise,
    schedule: options.supervise,
    migrate: true,
    instanceName: options.instanceName,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: options.monitorIntervalSeconds ?? 15,
    openTelemetry: { enabled: false },
  });
}
