import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Suites are chosen by configuration, never by skipping at run time:
 * - unit: pure and in-process tests (no database server);
 * - integration: real database work; on embedded PGlite by default, on PostgreSQL when
 *   DATABASE_URL is set (`npm run test:pg` runs it again that way);
 * - simulators: the simulators and the Lime adapter over HTTP, no database (npm test only);
 * - pg: PostgreSQL-only tests (several processes, kills, scale-out), run by `npm run test:pg`.
 */
const alias = { '@': path.resolve(import.meta.dirname) };

/**
 * Files of one project run side by side: most integration tests wait on the simulators' real rate
 * limits, not on the CPU, and each file has its own database. At least two even on a 2-core machine
 * (vitest's default there is one); three made a timing-sensitive amoCRM webhook test flaky there.
 */
const maxWorkers = Math.max(2, availableParallelism() - 1);

/**
 * Suites of the simulators and the adapters over HTTP, run once (npm test), not again on
 * PostgreSQL with the integration suite: the simulators and the Lime adapter use no database; the
 * CrmPort contract suites use it only for tokens and rate-limit buckets, code the integration suite
 * and tests/pg/ run on both databases anyway, while the contract itself is about the CRMs' wire.
 */
const SIMULATOR_SUITES = [
  'tests/integration/lime-simulator/**/*.test.ts',
  'tests/integration/lime-gateway/**/*.test.ts',
  'tests/integration/bitrix24-simulator/**/*.test.ts',
  'tests/integration/amocrm-simulator/**/*.test.ts',
  'tests/integration/crm-port-bitrix24.test.ts',
  'tests/integration/crm-port-amocrm.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          maxWorkers,
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          maxWorkers,
          include: ['tests/integration/**/*.test.ts'],
          exclude: SIMULATOR_SUITES,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ['tests/support/setup-env.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'simulators',
          maxWorkers,
          include: SIMULATOR_SUITES,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ['tests/support/setup-env.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'pg',
          include: ['tests/pg/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two files at a time, after the integration files (a group of its own): each has its own
          // database and processes, and most of their time is spent waiting (heartbeats, limits).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          setupFiles: ['tests/support/setup-env.ts', 'tests/support/require-postgres.ts'],
        },
      },
    ],
  },
});
