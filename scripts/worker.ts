/**
 * `npm run worker`: a process that only runs jobs, for deployments on PostgreSQL (the web
 * processes then run with WORKER=off). Embedded PGlite is one process, so it refuses to start there.
 */
import { getConfig } from '@/lib/config';
import { startProcess } from '@/lib/startup';

try {
  if (getConfig().database.kind !== 'postgres') {
    console.error(
      '\nLime ↔ CRM bridge cannot start (worker): npm run worker needs DATABASE_URL. Embedded PGlite is one process: ' +
        'its worker runs inline inside npm start.\n',
    );
    process.exit(1);
  }
} catch (error) {
  console.error(`\nLime ↔ CRM bridge cannot start (worker): ${(error as Error).message}\n`);
  process.exit(1);
}
await startProcess('worker');
