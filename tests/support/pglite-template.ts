import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Database, MEMORY_DATA_DIR, openDatabase } from '@/db/client';
import { applyMigrations, migrationsFolder } from '@/db/migrate';

/**
 * A fresh in-memory PGlite with every migration applied, loaded from a dump of one migrated
 * earlier: PGlite's initdb and the migrations take seconds per database, loading the dump a
 * fraction of that. The dump is keyed by the migrations, PGlite's version and db/client.ts, so
 * any change makes a new one; the first test file that needs it writes it (atomically, by rename),
 * and a dump that cannot be read is made again. Migrations still run once after loading (nothing
 * is left to apply), so the database is migrated whatever the dump holds.
 */

const PREFIX = 'pglite-template-';
/** Older templates (other migrations) are removed once they are this old: no run still reads them. */
const STALE_MS = 60 * 60 * 1000;

export async function openMigratedPglite(): Promise<Database> {
  const file = templateFile();
  const dump = readTemplate(file);
  if (dump) {
    try {
      const database = await openDatabase({ kind: 'pglite', dataDir: MEMORY_DATA_DIR, loadDataDir: dump });
      await applyMigrations(database);
      return database;
    } catch {
      rmSync(file, { force: true });
    }
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: MEMORY_DATA_DIR });
  await applyMigrations(database);
  await writeTemplate(file, database);
  return database;
}

function templateFile(): string {
  const hash = createHash('sha256');
  const folder = migrationsFolder();
  for (const name of [...readdirSync(folder, { recursive: true, encoding: 'utf8' })].sort()) {
    const file = path.join(folder, name);
    if (statSync(file).isFile()) hash.update(name).update(readFileSync(file));
  }
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(readFileSync(path.resolve(pgliteEntry, '../../package.json')));
  hash.update(readFileSync(path.join(folder, '..', 'client.ts')));
  const dir = path.join(process.cwd(), 'node_modules', '.cache', 'lime-bridge');
  return path.join(dir, `${PREFIX}${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

function readTemplate(file: string): Blob | null {
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return null;
  }
}

async function writeTemplate(file: string, database: Database): Promise<void> {
  // The drizzle handle keeps the PGlite instance it was made with.
  const pglite = (database.db as unknown as { $client: PGlite }).$client;
  const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  writeFileSync(partial, dump);
  renameSync(partial, file);
  for (const name of readdirSync(dir)) {
    const other = path.join(dir, name);
    if (!name.startsWith(PREFIX) || other === file) continue;
    try {
      if (Date.now() - statSync(other).mtimeMs > STALE_MS) rmSync(other, { force: true });
    } catch {
      // Removed meanwhile by another run.
    }
  }
}
