import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertTenant } from '@/db/queries/tenants';
import { saveSecret } from '@/lib/auth/refresh-lease';
import { portalAuthStore } from '@/lib/crm/bitrix24/portal-auth';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { UrlGuardError } from '@/lib/http/url-guard';
import { setSetting } from '@/lib/settings/settings';
import { portalRest } from '@/lib/sync/bitrix24/deps';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * An on-premise portal on plain http: refused before any socket unless its admin ticked "the portal
 * runs on http" in the settings; with it, the guard lets the request go (here it then fails to
 * resolve the made-up host, which proves it left the guard).
 */

let t: TestDatabase;
const secrets = createSecretBox(randomBytes(32));

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('"the portal runs on http"', () => {
  it('is what lets a request reach an http portal', async () => {
    const tenant = await upsertTenant(t.database.db, {
      kind: 'bitrix24',
      externalId: 'onprem-1',
      domain: 'crm.park.invalid',
    });
    await saveSecret(portalAuthStore({ database: t.database, secrets, tenantId: tenant.id }), {
      accessToken: 'a',
      refreshToken: 'r',
      expires: Math.floor(Date.now() / 1000) + 3600,
      clientEndpoint: 'http://crm.park.invalid/rest/',
      serverEndpoint: 'https://oauth.bitrix.info/rest/',
      memberId: 'onprem-1',
      domain: 'crm.park.invalid',
      scope: 'crm',
      status: 'L',
      userId: 1,
      applicationToken: 'x',
    });
    const deps = {
      database: t.database,
      secrets,
      allowHttpLoopback: false,
      app: { clientId: 'c', clientSecret: 's'.repeat(16) },
    };
    const refused = await (await portalRest(deps, tenant.id))
      .call('profile')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UrlGuardError);
    expect((refused as Error).message).toMatch(/plain http is not allowed/);
    await setSetting(t.database.db, { tenantId: tenant.id, key: 'allowHttpPortal', value: true });
    const passed = await (await portalRest(deps, tenant.id)).call('profile').catch((error: unknown) => error);
    // Past the scheme check: the request went on to resolve the (made-up) host.
    expect((passed as Error).message).toMatch(/could not resolve "crm\.park\.invalid"/);
  });
});
