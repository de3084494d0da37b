import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'cfg-'));
const KEY = 'a'.repeat(64);

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('keeps the REST log 7 days by default, and refuses fewer than the Market’s 3', () => {
    expect(parseConfig({ DATA_DIR: dataDir() }).restLogRetentionDays).toBe(7);
    expect(parseConfig({ DATA_DIR: dataDir(), REST_LOG_RETENTION_DAYS: '3' }).restLogRetentionDays).toBe(3);
    expect(problemsOf({ DATA_DIR: dataDir(), REST_LOG_RETENTION_DAYS: '2' })).toEqual([
      expect.stringMatching(/^REST_LOG_RETENTION_DAYS: must be at least 3/),
    ]);
  });

  it('gives the sandbox simulated Bitrix24 keys, kept in DATA_DIR; real keys turn the sandbox off', () => {
    const dir = dataDir();
    const first = parseConfig({ DATA_DIR: dir });
    expect(first.bitrix24).toMatchObject({ simulated: true });
    expect(first.bitrix24?.clientSecret.length).toBeGreaterThanOrEqual(16);
    expect(parseConfig({ DATA_DIR: dir }).bitrix24).toEqual(first.bitrix24);
    // amoCRM's simulated keys follow from the stored ones: a UUID client id, the same in every process.
    expect(first.amocrm).toMatchObject({
      simulated: true,
      redirectUri: expect.stringMatching(/\/api\/amocrm\/oauth\/callback$/),
    });
    expect(first.amocrm?.clientId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(parseConfig({ DATA_DIR: dir }).amocrm).toEqual(first.amocrm);
    expect(parseConfig({ DATA_DIR: dataDir() }).amocrm?.clientSecret).not.toBe(first.amocrm?.clientSecret);
    expect((statSync(path.join(dir, 'sandbox-crm.json')).mode & 0o777).toString(8)).toBe('600');
    const real = parseConfig({
      DATA_DIR: dataDir(),
      B24_CLIENT_ID: 'app.real',
      B24_CLIENT_SECRET: 'real-secret-0123456789',
    });
    expect(real.sandbox).toBe(false);
    expect(real.bitrix24).toEqual({ clientId: 'app.real', clientSecret: 'real-secret-0123456789' });
    expect(parseConfig({ DATA_DIR: dataDir(), SANDBOX: 'off' }).bitrix24).toBeNull();
    expect(parseConfig({ DATA_DIR: dataDir(), SANDBOX: 'off' }).amocrm).toBeNull();
  });

  it('needs nothing for the sandbox: PGlite in DATA_DIR, generated keys, sandbox on', () => {
    const dir = dataDir();
    const config = parseConfig({ DATA_DIR: dir });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: dir });
    expect(config.appUrl).toBe('http://127.0.0.1:3000');
    expect(config.nextAuthUrl).toBe(config.appUrl);
    expect(config.sandbox).toBe(true);
    expect(config.worker).toBe('inline');
    expect(config.encryptionKey).toHaveLength(32);
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same keys on the next start.
    const again = parseConfig({ DATA_DIR: dir });
    expect(again.encryptionKey.equals(config.encryptionKey)).toBe(true);
    expect(again.nextAuthSecret).toBe(config.nextAuthSecret);
    expect(readFileSync(file, 'utf8')).toContain(config.nextAuthSecret);
  });

  it('names each wrong variable', () => {
    const problems = problemsOf({
      DATA_DIR: dataDir(),
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
    });
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true);
  });

  it('requires APP_ENCRYPTION_KEY with DATABASE_URL, and refuses a malformed key', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://u@127.0.0.1/db' })).toEqual([
      'APP_ENCRYPTION_KEY: is required with DATABASE_URL (every process must share it)',
    ]);
    expect(problemsOf({ DATA_DIR: dataDir(), APP_ENCRYPTION_KEY: 'short' })[0]).toMatch(
      /^APP_ENCRYPTION_KEY:/,
    );
    const config = parseConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1/db',
      APP_ENCRYPTION_KEY: KEY,
      NEXTAUTH_SECRET: 'x'.repeat(32),
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1/db' });
    expect(config.encryptionKey.toString('hex')).toBe(KEY);
  });

  it('refuses WORKER=off on embedded PGlite, naming the reason', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), WORKER: 'off' })[0]).toMatch(
      /^WORKER: "off" needs DATABASE_URL/,
    );
    expect(
      parseConfig({
        DATABASE_URL: 'postgres://u@h/db',
        APP_ENCRYPTION_KEY: KEY,
        NEXTAUTH_SECRET: 'x'.repeat(32),
        WORKER: 'off',
      }).worker,
    ).toBe('off');
  });

  it('turns the sandbox off by default once CRM credentials are configured, and requires them in pairs', () => {
    const config = parseConfig({ DATA_DIR: dataDir(), B24_CLIENT_ID: 'local.1', B24_CLIENT_SECRET: 's' });
    expect(config.sandbox).toBe(false);
    expect(config.bitrix24).toEqual({ clientId: 'local.1', clientSecret: 's' });
    expect(
      parseConfig({ DATA_DIR: dataDir(), B24_CLIENT_ID: 'local.1', B24_CLIENT_SECRET: 's', SANDBOX: 'on' })
        .sandbox,
    ).toBe(true);
    expect(problemsOf({ DATA_DIR: dataDir(), AMOCRM_CLIENT_ID: 'id' })[0]).toMatch(/^AMOCRM_CLIENT_SECRET:/);
  });

  it('builds the amoCRM redirect URI from APP_URL unless given', () => {
    const config = parseConfig({
      DATA_DIR: dataDir(),
      APP_URL: 'https://bridge.example.ru/',
      AMOCRM_CLIENT_ID: 'id',
      AMOCRM_CLIENT_SECRET: 'secret',
    });
    expect(config.appUrl).toBe('https://bridge.example.ru');
    expect(config.amocrm?.redirectUri).toBe('https://bridge.example.ru/api/amocrm/oauth/callback');
  });

  it('treats empty variables as unset and reads ALLOW_HTTP_LOOPBACK strictly', () => {
    const config = parseConfig({ DATA_DIR: dataDir(), DATABASE_URL: '', PORT: '', ALLOW_HTTP_LOOPBACK: '1' });
    expect(config.database.kind).toBe('pglite');
    expect(config.port).toBe(3000);
    expect(config.allowHttpLoopback).toBe(true);
    expect(problemsOf({ DATA_DIR: dataDir(), ALLOW_HTTP_LOOPBACK: 'yes' })[0]).toMatch(
      /^ALLOW_HTTP_LOOPBACK:/,
    );
  });
});
