import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteCredentials,
  getCredential,
  putCredential,
  releaseRefreshLease,
  takeRefreshLease,
} from '@/db/queries/credentials';
import { createSecretBox, SecretDecryptError } from '@/lib/crypto/secret-box';
import { createLogger } from '@/lib/log/logger';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
const box = createSecretBox(randomBytes(32));
const secret = {
  access_token: 'AT-7f3c9b2e1d-very-secret',
  refresh_token: 'RT-4a8d2c6e0f-very-secret',
  application_token: 'APP-51c0ffee',
};

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('credentials at rest', () => {
  it('stores secrets unreadable in the database and reads them back decrypted', async () => {
    const tenant = await createTenant(t.database);
    await putCredential(t.database.db, box, { tenantId: tenant.id, kind: 'b24_oauth', secret });

    const { rows } = await t.database.query<Record<string, unknown>>(
      'SELECT * FROM credentials WHERE tenant_id = $1',
      [tenant.id],
    );
    const dump = JSON.stringify(rows);
    for (const value of Object.values(secret)) expect(dump).not.toContain(value);
    expect(dump).not.toContain('very-secret');

    const read = await getCredential<typeof secret>(t.database.db, box, {
      tenantId: tenant.id,
      kind: 'b24_oauth',
    });
    expect(read?.secret).toEqual(secret);
  });

  it('refuses a ciphertext moved to another tenant or read with another key', async () => {
    const a = await createTenant(t.database);
    const b = await createTenant(t.database);
    await putCredential(t.database.db, box, { tenantId: a.id, kind: 'lime', secret });
    await t.database.query(
      `INSERT INTO credentials (tenant_id, kind, ciphertext)
       SELECT $2, kind, ciphertext FROM credentials WHERE tenant_id = $1 AND kind = 'lime'`,
      [a.id, b.id],
    );
    await expect(getCredential(t.database.db, box, { tenantId: b.id, kind: 'lime' })).rejects.toBeInstanceOf(
      SecretDecryptError,
    );
    const otherBox = createSecretBox(randomBytes(32));
    await expect(
      getCredential(t.database.db, otherBox, { tenantId: a.id, kind: 'lime' }),
    ).rejects.toBeInstanceOf(SecretDecryptError);
  });

  it('gives the refresh lease to exactly one of many concurrent callers, until released or expired', async () => {
    const tenant = await createTenant(t.database);
    await putCredential(t.database.db, box, { tenantId: tenant.id, kind: 'amocrm_oauth', secret });
    const wins = await Promise.all(
      Array.from({ length: 10 }, () =>
        takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'amocrm_oauth' }),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'amocrm_oauth' })).toBe(false);
    await releaseRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'amocrm_oauth' });
    expect(
      await takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'amocrm_oauth', seconds: 0 }),
    ).toBe(true);
    // A zero-second lease has already expired: the next caller may take over from a crashed winner.
    await new Promise((r) => setTimeout(r, 20));
    expect(await takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'amocrm_oauth' })).toBe(true);
  });

  it('storing a refreshed secret clears the lease', async () => {
    const tenant = await createTenant(t.database);
    await putCredential(t.database.db, box, { tenantId: tenant.id, kind: 'b24_oauth', secret });
    expect(await takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'b24_oauth' })).toBe(true);
    await putCredential(t.database.db, box, {
      tenantId: tenant.id,
      kind: 'b24_oauth',
      secret: { ...secret, access_token: 'new' },
    });
    expect(await takeRefreshLease(t.database.db, { tenantId: tenant.id, kind: 'b24_oauth' })).toBe(true);
  });

  it('wipes a tenant’s credentials and only theirs', async () => {
    const a = await createTenant(t.database);
    const b = await createTenant(t.database);
    await putCredential(t.database.db, box, { tenantId: a.id, kind: 'x', secret });
    await putCredential(t.database.db, box, { tenantId: b.id, kind: 'x', secret });
    expect(await deleteCredentials(t.database.db, { tenantId: a.id })).toBe(1);
    expect(await getCredential(t.database.db, box, { tenantId: a.id, kind: 'x' })).toBeNull();
    expect(await getCredential(t.database.db, box, { tenantId: b.id, kind: 'x' })).not.toBeNull();
  });

  it('never writes the secrets to the log, whatever shape they are logged in', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'trace', destination });
    log.info({ secret }, 'stored');
    log.info({ auth: { access_token: secret.access_token, member_id: 'm1' } }, 'event');
    log.info({ request: { headers: { authorization: `Bearer ${secret.access_token}` } } }, 'outbound');
    log.warn(
      `refresh failed for https://oauth.bitrix.info/oauth/token/?refresh_token=${secret.refresh_token}&x=1`,
    );
    log.error({ err: new Error(`call failed: Bearer ${secret.access_token}`) }, 'boom');
    log.info({ hook: `https://park.bitrix24.ru/rest/1/${secret.application_token}/profile` }, 'webhook');
    const output = lines.join('');
    expect(lines.length).toBe(6);
    for (const value of Object.values(secret)) expect(output).not.toContain(value);
    expect(output).toContain('[Redacted]');
    expect(output).toContain('m1');
  });
});
