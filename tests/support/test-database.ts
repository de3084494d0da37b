import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '@/db/client';
import { applyMigrations, migrationsFolder } from '@/db/migrate';
import { upsertTenant } from '@/db/queries/tenants';
import type { TenantKind } from '@/db/schema';
import { openMigratedPglite } from './pglite-template';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server of DATABASE_URL (`npm run test:pg`), dropped afterwards.
 */
export interface TestDatabase {
  database: Database;
  url: string | null;
  drop(): Promise<void>;
}

export function onPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const database = await openMigratedPglite();
    return { database, url: null, drop: () => database.close() };
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), max: options.max ?? 10 });
  await applyMigrations(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function createTenant(
  database: Database,
  overrides: { kind?: TenantKind; externalId?: string; domain?: string } = {},
) {
  return upsertTenant(database.db, {
    kind: overrides.kind ?? 'bitrix24',
    externalId: overrides.externalId ?? randomBytes(8).toString('hex'),
    domain: overrides.domain ?? 'park.bitrix24.ru',
  });
}

/** How many migrations db/migrations holds (drizzle-kit's journal). */
export function migrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'));
  return journal.entries.length;
}
