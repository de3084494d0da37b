import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRestLog, type RestLogInput } from '@/db/queries/rest-log';
import { loadSecret } from '@/lib/auth/refresh-lease';
import { createAmocrmClient, tokenStore } from '@/lib/crm/amocrm/api-client';
import { Bitrix24ApiError } from '@/lib/crm/bitrix24/errors';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import { loadPortalAuth, portalAuthStore } from '@/lib/crm/bitrix24/portal-auth';
import { ForbiddenError } from '@/lib/http/errors';
import { createLogger } from '@/lib/log/logger';
import { getMetrics } from '@/lib/metrics/registry';
import { renderMetricsOf } from '@/lib/metrics/render';
import { runMaintenance } from '@/lib/queue/maintenance';
import { startQueue } from '@/lib/queue/queue';
import { flushRestLog } from '@/lib/rest-log/recorder';
import { REST_LOG_BODY_LIMIT } from '@/lib/rest-log/redact';
import { listRestLogForClaims, type RestLogItem } from '@/lib/rest-log/rest-log-api';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { limeGatewayFor, saveLimeConnection } from '@/lib/sync/lime/connections';
import { TEST_APP } from '../support/bitrix24-harness';
import {
  type CrmAccountFixture,
  claimsOf,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The per-tenant REST log (issue 9, operations): every request to Bitrix24 (the SDK's axios),
 * amoCRM (our fetch client) and Lime (its transport, token calls included) is logged for its tenant
 * with secrets redacted and bodies cut, readable by that tenant's admins only, and pruned by age.
 * Also the metrics those calls leave.
 */

let t: TestDatabase;
let b24: CrmAccountFixture;
let amo: CrmAccountFixture;
let lime: LimeSimulator;

beforeAll(async () => {
  t = await createTestDatabase();
  b24 = await startBitrix24Account(t.database, 901);
  amo = await startAmocrmAccount(t.database, 902);
  lime = await startLimeSimulator({ seed: 903 });
});
afterAll(async () => {
  await b24?.close();
  await amo?.close();
  await lime?.close();
  await t?.drop();
});

const LIMIT_WITH_NOTE = REST_LOG_BODY_LIMIT + 40;

async function logOf(account: { tenantId: string }, system?: string): Promise<RestLogItem[]> {
  await flushRestLog(t.database);
  const claims = { ...claimsOf(b24, true), tenantId: account.tenantId };
  return (await listRestLogForClaims({ database: t.database }, claims, { system, limit: 200 })).entries;
}

const text = (entries: RestLogItem[]) => JSON.stringify(entries);
const errorCount = async (target: string, code: string) =>
  (await getMetrics().crmErrors.get()).values.find(
    (v) => v.labels.target === target && v.labels.code === code,
  )?.value ?? 0;

describe('the REST log', () => {
  it('logs Bitrix24 calls of the tenant with the access token redacted, failures included', async () => {
    const rest = await createOAuthRest(
      { database: t.database, secrets: b24.secrets, allowHttpLoopback: true, app: TEST_APP },
      { tenantId: b24.tenantId },
    );
    await rest.call('crm.contact.list', { select: ['ID'] });
    const refused = await rest.call('crm.contact.get', { id: 999_999 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Bitrix24ApiError);
    const { bitrixCode } = refused as Bitrix24ApiError;
    b24.bitrix24?.sim.controls.expireAccessTokens();
    await rest.call('crm.contact.list', { select: ['ID'] });
    const entries = await logOf(b24, 'bitrix24');
    const list = entries.find((e) => e.operation === 'crm.contact.list');
    expect(list).toMatchObject({ system: 'bitrix24', method: 'POST', status: 200, outcome: 'ok' });
    expect(list?.requestBody).toContain('"auth":"[Redacted]"');
    expect(list?.responseBody).toContain('"result"');
    const failed = entries.find((e) => e.operation === 'crm.contact.get');
    expect(failed).toMatchObject({ outcome: 'error', status: 400 });
    expect(failed?.responseBody).toContain('Not found');
    expect(await errorCount('bitrix24', bitrixCode)).toBeGreaterThanOrEqual(1);
    const refresh = entries.find((e) => e.operation === 'oauth/token');
    expect(refresh).toMatchObject({ status: 200, outcome: 'ok' });
    expect(refresh?.requestBody).toMatch(/client_secret=\[Redacted\]&refresh_token=\[Redacted\]/);
    expect(refresh?.responseBody).toContain('"access_token":"[Redacted]"');

    const auth = await loadPortalAuth(
      portalAuthStore({ database: t.database, secrets: b24.secrets, tenantId: b24.tenantId }),
    );
    expect(auth?.accessToken.length).toBeGreaterThan(8);
    for (const secret of [auth?.accessToken, auth?.refreshToken, auth?.applicationToken]) {
      expect(text(entries)).not.toContain(secret);
    }
    for (const e of entries) expect(e.requestBody?.length ?? 0).toBeLessThanOrEqual(LIMIT_WITH_NOTE);
  });

  it('logs amoCRM calls by path with status and answer, and never the bearer token', async () => {
    const before = await errorCount('amocrm', '404');
    amo.amocrm?.sim.controls.expireAccessTokens();
    await amo.crm.listPipelines();
    const failing = createAmocrmClient(
      { ...amoDeps(), keys: amoKeys() },
      { tenantId: amo.tenantId, baseUrl: amoUrl() },
    );
    await expect(failing.get('/api/v4/no-such-thing')).rejects.toThrow();
    const entries = await logOf(amo, 'amocrm');
    expect(entries.find((e) => e.operation === '/api/v4/leads/pipelines')).toMatchObject({
      method: 'GET',
      status: 200,
      outcome: 'ok',
    });
    expect(entries.find((e) => e.operation === '/api/v4/no-such-thing')).toMatchObject({
      status: 404,
      outcome: 'error',
    });
    expect(await errorCount('amocrm', '404')).toBe(before + 1);
    expect(entries.find((e) => e.operation === '/oauth2/access_token')).toMatchObject({ status: 200 });
    const tokens = await loadSecret(tokenStore({ ...amoDeps(), keys: amoKeys() }, amo.tenantId));
    for (const secret of [tokens?.accessToken, tokens?.refreshToken, amoKeys().clientSecret]) {
      expect(text(entries)).not.toContain(secret);
    }
    expect(text(entries)).not.toMatch(/bearer [a-z0-9]/i);
  });

  it('logs Lime calls, the password grant redacted, and counts every call in the metrics', async () => {
    const tenant = await createTenant(t.database, { kind: 'amocrm' });
    const deps = { database: t.database, secrets: amo.secrets, allowHttpLoopback: true };
    const { row } = await saveLimeConnection(deps, {
      tenantId: tenant.id,
      input: {
        baseUrl: lime.url,
        auth: { mode: 'password', login: lime.credentials.login, password: lime.credentials.password },
        installationId: lime.installationId,
        cashdeskId: lime.cashdeskId,
        timeZone: lime.timeZone,
      },
    });
    const okBefore = await requestCount('lime', 'ok');
    const { gateway } = await limeGatewayFor(deps, { tenantId: tenant.id, connectionId: row.id });
    const check = await gateway.testConnection();
    expect(check.authenticated).toBe(true);
    await gateway.subscribeWebhook({
      url: 'https://bridge.example.ru/api/lime/webhook/x',
      secret: 'whsec-0123456789abcdef',
    });

    const entries = await logOf({ tenantId: tenant.id }, 'lime');
    const token = entries.find((e) => e.url.endsWith('/connect/token'));
    expect(token).toMatchObject({ method: 'POST', status: 200, outcome: 'ok' });
    expect(token?.requestBody).toContain('password=[Redacted]');
    expect(token?.responseBody).toContain('"access_token":"[Redacted]"');
    expect(entries.some((e) => e.operation === 'Installations/Select' && e.outcome === 'ok')).toBe(true);
    const logged = text(entries);
    expect(logged).not.toContain(lime.credentials.password);
    expect(logged).not.toContain('whsec-0123456789abcdef');
    expect(await requestCount('lime', 'ok')).toBe(
      okBefore + entries.filter((e) => e.outcome === 'ok').length,
    );
  });

  it('shows a tenant its own calls only, and admins only', async () => {
    const mine = await logOf(b24);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.system === 'bitrix24')).toBe(true);
    const amoIds = new Set((await logOf(amo)).map((e) => e.id));
    expect(mine.some((e) => amoIds.has(e.id))).toBe(false);
    await expect(
      listRestLogForClaims({ database: t.database }, claimsOf(b24, false), {}),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      listRestLogForClaims({ database: t.database }, claimsOf(b24, true), { system: 'kommo' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('is pruned by age in the maintenance: older than the retention goes, newer stays', async () => {
    const tenant = await createTenant(t.database);
    const day = 24 * 3600 * 1000;
    const entry = (operation: string, ageDays: number): RestLogInput => ({
      tenantId: tenant.id,
      system: 'bitrix24',
      method: 'POST',
      operation,
      url: 'https://park.bitrix24.ru/rest/x',
      status: 200,
      durationMs: 5,
      outcome: 'ok',
      error: null,
      requestBody: null,
      responseBody: null,
      at: new Date(Date.now() - ageDays * day),
    });
    await insertRestLog(t.database.db, [entry('eight-days', 8), entry('four-days', 4), entry('today', 0)]);
    const pruned = await runMaintenance(t.database, { restLogRetentionDays: 7 });
    expect(pruned.restLog).toBeGreaterThanOrEqual(1);
    expect((await logOf({ tenantId: tenant.id })).map((e) => e.operation).sort()).toEqual([
      'four-days',
      'today',
    ]);
    await runMaintenance(t.database, { restLogRetentionDays: 3 });
    expect((await logOf({ tenantId: tenant.id })).map((e) => e.operation)).toEqual(['today']);
  });
});

describe('the metrics', () => {
  it('exports queue depth per lane, external errors and requests, and rate-limit waits', async () => {
    const queue = await startQueue(t.database, {
      registry: {},
      work: false,
      log: createLogger({ level: 'silent' }),
    });
    try {
      const { body } = await renderMetricsOf(queue);
      for (const lane of ['lane-bitrix24', 'lane-amocrm', 'lane-lime', 'dead-letter']) {
        expect(body).toContain(`bridge_queue_depth{queue="${lane}",state="queued",app="lime-crm-bridge"}`);
      }
      expect(body).toMatch(
        /bridge_external_errors_total\{target="bitrix24",code="[^"]+",app="lime-crm-bridge"\} \d/,
      );
      expect(body).toMatch(
        /bridge_external_requests_total\{target="amocrm",outcome="ok",app="lime-crm-bridge"\} \d/,
      );
      expect(body).toContain('bridge_external_request_duration_seconds_bucket');
      expect(body).toContain('# TYPE bridge_rate_limit_wait_seconds_total counter');
    } finally {
      await queue.stop({ timeoutMs: 1000 });
      await queue.boss.stop({ close: true, graceful: false }).catch(() => {});
    }
  });
});

const requestCount = async (target: string, outcome: string) =>
  (await getMetrics().externalRequests.get()).values.find(
    (v) => v.labels.target === target && v.labels.outcome === outcome,
  )?.value ?? 0;

function amoDeps() {
  return { database: t.database, secrets: amo.secrets, allowHttpLoopback: true };
}
function amoKeys() {
  const keys = amo.amocrm?.deps.keys;
  if (!keys) throw new Error('no amoCRM keys');
  return keys;
}
function amoUrl() {
  return amo.amocrm?.sim.url as string;
}
