/** `npm run db:migrate`: applies db/migrations to the configured database and exits. */
import { openDatabase } from '@/db/client';
import { applyMigrations } from '@/db/migrate';
import { getConfig } from '@/lib/config';

const config = getConfig();
const database = await openDatabase(
  config.database.kind === 'postgres'
    ? { kind: 'postgres', url: config.database.url, max: 1 }
    : { kind: 'pglite', dataDir: config.database.dataDir },
);
try {
  await applyMigrations(database);
  console.log(`migrations applied (${database.kind})`);
} finally {
  await database.close();
}
