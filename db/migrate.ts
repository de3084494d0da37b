import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './client';

/** Any fixed number: the advisory lock that lets one process at a time apply migrations. */
const MIGRATION_LOCK_ID = 72_410_001;

export function migrationsFolder(): string {
  const candidates = [
    path.join(process.cwd(), 'db', 'migrations'),
    path.join(import.meta.dirname ?? '', 'migrations'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`db/migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Applies db/migrations (drizzle-kit output plus hand SQL) with drizzle's bookkeeping table, in one
 * transaction per run. Several PostgreSQL processes may start at once: a transaction-scoped
 * advisory lock makes them take turns, and the later ones find nothing left to apply.
 */
export async function applyMigrations(database: Database): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder() });
  await database.db.transaction(async (tx) => {
    if (database.kind === 'postgres') {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
    }
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS drizzle`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
    );
    const result = (await tx.execute(
      sql`SELECT created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
    )) as unknown as { rows: { created_at: string }[] };
    const last = Number(result.rows[0]?.created_at ?? 0);
    for (const migration of migrations) {
      if (migration.folderMillis <= last) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}
