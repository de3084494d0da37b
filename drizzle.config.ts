import { defineConfig } from 'drizzle-kit';

// `drizzle-kit generate` needs no database; migrations are applied by db/migrate.ts at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/schema.ts',
    './db/schema-lime.ts',
    './db/schema-sync.ts',
    './db/schema-bookings.ts',
    './db/schema-bonuses.ts',
    './db/schema-mailings.ts',
    './db/schema-rest-log.ts',
  ],
  out: './db/migrations',
});
