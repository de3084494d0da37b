import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCredential, putCredential } from '@/db/queries/credentials';
import type { PortalAuth } from '@/lib/crm/bitrix24/portal-auth';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { spawnTs } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * DESIGN.md "Tokens": Bitrix24 refresh tokens rotate, so two processes refreshing with the same
 * token would spend it twice and lose the portal. 20 callers in two processes, all holding an
 * expired token, must cause exactly one refresh, and every call must then succeed with the new one.
 */

let t: TestDatabase;
let h: Bitrix24Harness;

beforeAll(async () => {
  t = await createTestDatabase({ max: 12 });
  h = await startBitrix24Harness(t.database, { sim: { seed: 301 } });
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('the Bitrix24 token refresh across processes', () => {
  it('20 concurrent callers in two processes with an expired token: exactly one refresh, no spent token reused', async () => {
    expect((await h.installViaFrame()).status).toBe(303);
    const tenant = await h.tenant();
    const tenantId = tenant?.id as string;
    // Re-seal the stored pair with a key both processes share, marked as expired an hour ago.
    const key = randomBytes(32);
    const shared = createSecretBox(key);
    const stored = await getCredential<PortalAuth>(t.database.db, h.deps.secrets, {
      tenantId,
      kind: 'bitrix24-oauth',
    });
    const expired = { ...(stored?.secret as PortalAuth), expires: Math.floor(Date.now() / 1000) - 3600 };
    await putCredential(t.database.db, shared, { tenantId, kind: 'bitrix24-oauth', secret: expired });
    h.sim.controls.expireAccessTokens();
    const refreshesBefore = h.sim.state.refreshCount;

    const env = {
      DATABASE_URL: t.url as string,
      KEY_HEX: key.toString('hex'),
      CLIENT_ID: TEST_APP.clientId,
      CLIENT_SECRET: TEST_APP.clientSecret,
      TENANT_ID: tenantId,
      CALLERS: '10',
      START_AT_MS: String(Date.now() + 2500),
    };
    const children = [
      spawnTs('tests/pg/fixtures/b24-refresh-callers.ts', env),
      spawnTs('tests/pg/fixtures/b24-refresh-callers.ts', env),
    ];
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    const results = children.map(
      (c) => JSON.parse(c.output().trim().split('\n').at(-1) as string) as { ok: number; errors: string[] },
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(20);
    expect(h.sim.state.refreshCount - refreshesBefore).toBe(1);
    expect(h.sim.requests.filter((r) => r.server === 'oauth' && r.status >= 400)).toHaveLength(0);
    const after = await getCredential<PortalAuth>(t.database.db, shared, {
      tenantId,
      kind: 'bitrix24-oauth',
    });
    expect(after?.secret.refreshToken).not.toBe(expired.refreshToken);
  });
});
