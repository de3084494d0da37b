import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLimeConnection } from '@/db/queries/lime-connections';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { getMetrics } from '@/lib/metrics/registry';
import { limeGatewayFor, saveLimeConnection, testLimeConnection } from '@/lib/sync/lime/connections';
import { connectTenantToSimulator, type LimeFixture } from '../support/lime-fixture';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
let f: LimeFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await connectTenantToSimulator(t.database, { clients: 20 });
});
afterAll(async () => {
  await f?.close();
  await t?.drop();
});

const input = (overrides: Record<string, unknown> = {}) => ({
  baseUrl: 'https://lime.park.example.ru',
  auth: { mode: 'password', login: 'crm@park.example.ru', password: 'secret-password-1' },
  installationId: '2',
  cashdeskId: 10,
  ...overrides,
});

describe('a tenant’s Lime connection', () => {
  it('refuses private, link-local and loopback addresses, and plain http, changing nothing', async () => {
    const tenantId = (await createTenant(t.database)).id;
    const strict = {
      database: t.database,
      secrets: createSecretBox(randomBytes(32)),
      allowHttpLoopback: false,
    };
    for (const baseUrl of [
      'https://10.0.0.1',
      'https://169.254.169.254',
      'http://lime.park.example.ru',
      'https://127.0.0.1:4010',
    ]) {
      await expect(saveLimeConnection(strict, { tenantId, input: input({ baseUrl }) })).rejects.toMatchObject(
        {
          code: 'invalid_request',
          status: 400,
        },
      );
    }
    await expect(
      saveLimeConnection(strict, { tenantId, input: input({ timeZone: 'Mars/Olympus' }) }),
    ).rejects.toThrow();
    const { rows } = await t.database.query('SELECT * FROM lime_connections WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(rows).toEqual([]);
  });

  it('stores the password encrypted, and ids as integers', async () => {
    const tenantId = (await createTenant(t.database)).id;
    const deps = {
      database: t.database,
      secrets: createSecretBox(randomBytes(32)),
      allowHttpLoopback: false,
    };
    const { row, webhookSecret } = await saveLimeConnection(deps, { tenantId, input: input() });
    expect(row.installationId).toBe(2);
    expect(webhookSecret.length).toBeGreaterThanOrEqual(32);
    const { rows } = await t.database.query('SELECT ciphertext FROM credentials WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(JSON.stringify(rows)).not.toContain('secret-password-1');
    // Saving again keeps the webhook secret Lime already has.
    expect((await saveLimeConnection(deps, { tenantId, input: input() })).webhookSecret).toBe(webhookSecret);
  });

  it('tests a working connection with a plain verdict and remembers what the installation offers', async () => {
    const check = await testLimeConnection(f.deps, { tenantId: f.tenantId, connectionId: f.connectionId });
    expect(check).toMatchObject({
      reachable: true,
      authenticated: true,
      installationFound: true,
      cashdeskFound: true,
      problem: null,
      capabilities: { changeFeed: true, preorders: true, bonusAccruals: true, webhooks: true },
    });
    const row = await getLimeConnection(t.database.db, {
      tenantId: f.tenantId,
      connectionId: f.connectionId,
    });
    expect(row?.capabilities).toMatchObject({ changeFeed: true });
  });

  it('says plainly when Lime lacks the change feed', async () => {
    f.sim.controls.setCapabilities({ changeFeed: false });
    try {
      const check = await testLimeConnection(f.deps, { tenantId: f.tenantId, connectionId: f.connectionId });
      expect(check.capabilities.changeFeed).toBe(false);
      expect(check.problem).toMatch(/feed/i);
    } finally {
      f.sim.controls.setCapabilities({ changeFeed: true });
    }
  });

  it('marks the connection when Lime refuses its credentials', async () => {
    const tenantId = (await createTenant(t.database)).id;
    const { row } = await saveLimeConnection(f.deps, {
      tenantId,
      input: input({
        baseUrl: f.sim.url,
        auth: { mode: 'token', token: 'not-the-right-token' },
        installationId: f.sim.installationId,
        cashdeskId: f.sim.cashdeskId,
      }),
    });
    const check = await testLimeConnection(f.deps, { tenantId, connectionId: row.id });
    expect(check).toMatchObject({ reachable: true, authenticated: false });
    expect(check.problem).toBeTruthy();
    expect((await getLimeConnection(t.database.db, { tenantId, connectionId: row.id }))?.status).toBe(
      'auth_failed',
    );
  });

  it('keeps password-grant tokens in the database and reuses them across gateways', async () => {
    const tenantId = (await createTenant(t.database)).id;
    const { row } = await saveLimeConnection(f.deps, {
      tenantId,
      input: input({
        baseUrl: f.sim.url,
        auth: { mode: 'password', login: f.sim.credentials.login, password: f.sim.credentials.password },
        installationId: f.sim.installationId,
        cashdeskId: f.sim.cashdeskId,
      }),
    });
    const logins = () => f.sim.requests.filter((r) => r.path.endsWith('/connect/token')).length;
    const before = logins();
    await (await limeGatewayFor(f.deps, { tenantId, connectionId: row.id })).gateway.listGoodCategories();
    await (await limeGatewayFor(f.deps, { tenantId, connectionId: row.id })).gateway.listGoods();
    expect(logins()).toBe(before + 1);
    const { rows } = await t.database.query<{ kind: string }>(
      'SELECT kind FROM credentials WHERE tenant_id = $1',
      [tenantId],
    );
    expect(rows.map((r) => r.kind)).toContain(`lime-tokens:${row.id}`);
  });

  it('counts Lime errors by code in the metrics', async () => {
    const read = async () =>
      (await getMetrics().crmErrors.get()).values.find(
        (v) => v.labels.target === 'lime' && v.labels.code === 'LIME_SERVER_ERROR',
      )?.value ?? 0;
    const before = await read();
    f.sim.controls.fault({ kind: 'server_error', times: 10 });
    const { gateway } = await limeGatewayFor(f.deps, { tenantId: f.tenantId, connectionId: f.connectionId });
    await expect(gateway.listGoods()).rejects.toMatchObject({ code: 'LIME_SERVER_ERROR' });
    f.sim.controls.clearFaults();
    expect(await read()).toBe(before + 1);
  });
});
