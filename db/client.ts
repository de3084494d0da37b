import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import * as coreSchema from './schema';
import * as bonusSchema from './schema-bonuses';
import * as bookingSchema from './schema-bookings';
import * as limeSchema from './schema-lime';
import * as mailingSchema from './schema-mailings';
import * as syncSchema from './schema-sync';

const schema = {
  ...coreSchema,
  ...limeSchema,
  ...syncSchema,
  ...bookingSchema,
  ...bonusSchema,
  ...mailingSchema,
};

/**
 * One database handle per process.
 * - PostgreSQL (DATABASE_URL set): a node-postgres pool.
 * - PGlite (unset): one PGlite instance in DATA_DIR behind a pid lock. PGlite has one session;
 *   its query/exec/transaction share one mutex, so a transaction never interleaves with other
 *   statements. (PGlite's in-process node-postgres adapter is not used: after any SQL error it
 *   loses protocol sync and later queries fail or return nothing.)
 *   Consequence: never await another query on the same handle while holding a transaction.
 */

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface QueryResult<Row> {
  rows: Row[];
}

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** One parameterised statement. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Several statements without parameters; the results of each, in order. */
  exec(text: string): Promise<QueryResult<Record<string, unknown>>[]>;
  /**
   * Runs `fn` while holding a cluster-wide advisory lock (PostgreSQL), so processes starting at
   * once take turns; PGlite has one process and just runs it.
   */
  withAdvisoryLock<T>(lockId: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | {
      kind: 'pglite';
      dataDir: string;
      lock?: boolean;
      /** Starts from this dump of a data directory (PGlite's dumpDataDir), e.g. tests' migrated template. */
      loadDataDir?: Blob;
    }
  | { kind: 'postgres'; url: string; max?: number; applicationName?: string };

export const MEMORY_DATA_DIR = 'memory://';

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options) : openPglite(options);
}

function openPostgres(options: Extract<DatabaseOptions, { kind: 'postgres' }>): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'lime-crm-bridge',
  });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it. Statements in flight reject.
  });
  let closed = false;
  return {
    kind: 'postgres',
    db: drizzlePg(pool, { schema }) as unknown as Db,
    query: async <Row>(text: string, params?: unknown[]) =>
      (await pool.query(text, params)) as unknown as QueryResult<Row>,
    async exec(text) {
      const result = (await pool.query(text)) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(result) ? result : [result];
    },
    async withAdvisoryLock(lockId, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [lockId]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [lockId]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function openPglite(options: Extract<DatabaseOptions, { kind: 'pglite' }>): Promise<Database> {
  const inMemory = options.dataDir === MEMORY_DATA_DIR;
  let lock: DataDirLock | null = null;
  let pgliteDir = MEMORY_DATA_DIR;
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
    if (options.lock !== false) lock = acquireDataDirLock(options.dataDir);
    pgliteDir = path.join(options.dataDir, 'pglite');
  }
  try {
    const pglite = await PGlite.create({
      dataDir: pgliteDir,
      loadDataDir: options.loadDataDir,
      extensions: { btree_gist },
    });
    let closed = false;
    return {
      kind: 'pglite',
      db: drizzlePglite(pglite, { schema }) as unknown as Db,
      query: async (text, params) => pglite.query(text, params),
      exec: async (text) => pglite.exec(text),
      withAdvisoryLock: (_lockId, fn) => fn(),
      async close() {
        if (closed) return;
        closed = true;
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
