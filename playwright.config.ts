import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end suite in Debian's Chromium (/usr/bin/chromium; `npm run test:e2e` runs
 * scripts/ensure-chromium.sh first; never download a browser) against the production build: build
 * first (`next build`), this config only starts `next start`.
 *
 * The server gets a fresh DATA_DIR per run (PGlite data directories are never shared between runs)
 * and no DATABASE_URL, so it runs on embedded PGlite.
 */

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

// Playwright loads this file in the runner and again in each worker; only the runner (no
// TEST_WORKER_INDEX) starts the server, so only it makes the data directory, and removes it at exit.
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
const dataDir = isRunner
  ? mkdtempSync(path.join(tmpdir(), 'lime-crm-e2e-'))
  : (process.env.E2E_DATA_DIR ?? '');
if (isRunner) {
  // Workers inherit the runner's environment: specs find the server's DATA_DIR here.
  process.env.E2E_DATA_DIR = dataDir;
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  // webServer.env is merged over process.env, so unset it here: the server must not see it.
  delete process.env.DATABASE_URL;
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: '.playwright-results.json' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATA_DIR: dataDir,
      ALLOW_HTTP_LOOPBACK: '1',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      // Our handler closes PGlite cleanly on SIGTERM (lib/runtime.ts), not Next's.
      NEXT_MANUAL_SIG_HANDLE: '1',
    },
  },
});
