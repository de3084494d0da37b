import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCredential, putCredential } from '@/db/queries/credentials';
import type { AmocrmTokens } from '@/lib/crm/amocrm/oauth';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { type AmocrmHarness, startAmocrmHarness } from '../support/amocrm-harness';
import { spawnTs } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * amoCRM refresh tokens are single-use: two refreshes with one token lose the account. 20 callers in
 * two processes, all holding an expired access token, must cause exactly one refresh, and every call
 * must then succeed with the new token.
 */

let t: TestDatabase;
let h: AmocrmHarness;

beforeAll(async () => {
  t = await createTestDatabase({ max: 12 });
  // The real limit is 7 requests/s; 20 calls plus the refresh fit in a few seconds.
  h = await startAmocrmHarness(t.database, { sim: { seed: 21 } });
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describe('the amoCRM token refresh across processes', () => {
  it('20 concurrent callers in two processes with an expired token: exactly one refresh, no spent token reused', async () => {
    expect((await h.connect()).status).toBe(303);
    const tenantId = (await h.tenantId()) as string;
    const key = randomBytes(32);
    const shared = createSecretBox(key);
    const stored = await getCredential<AmocrmTokens>(t.database.db, h.deps.secrets, {
      tenantId,
      kind: 'amocrm-oauth',
    });
    const expired = { ...(stored?.secret as AmocrmTokens), expiresAt: Date.now() - 60_000 };
    await putCredential(t.database.db, shared, { tenantId, kind: 'amocrm-oauth', secret: expired });
    h.sim.controls.expireAccessTokens();
    const refreshesBefore = h.sim.state.refreshCount;
    const keys = h.deps.keys as NonNullable<typeof h.deps.keys>;
    const env = {
      DATABASE_URL: t.url as string,
      KEY_HEX: key.toString('hex'),
      CLIENT_ID: keys.clientId,
      CLIENT_SECRET: keys.clientSecret,
      REDIRECT_URI: keys.redirectUri,
      TENANT_ID: tenantId,
      BASE_URL: h.sim.url,
      CALLERS: '10',
      START_AT_MS: String(Date.now() + 2500),
    };
    const children = [
      spawnTs('tests/pg/fixtures/amo-refresh-callers.ts', env),
      spawnTs('tests/pg/fixtures/amo-refresh-callers.ts', env),
    ];
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    const results = children.map(
      (c) => JSON.parse(c.output().trim().split('\n').at(-1) as string) as { ok: number; errors: string[] },
    );
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(20);
    expect(h.sim.state.refreshCount - refreshesBefore).toBe(1);
    expect(h.sim.requests.filter((r) => r.path === '/oauth2/access_token' && r.status >= 400)).toHaveLength(
      0,
    );
    expect(h.sim.requests.filter((r) => r.status === 403)).toHaveLength(0);
  });
});
