import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEffect } from '@/db/queries/effects';
import { dedupeKeyOf, insertInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournal, listJournal } from '@/db/queries/journal';
import { writeSettingValue } from '@/db/queries/settings';
import { runMaintenance } from '@/lib/queue/maintenance';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('typed settings', () => {
  it('answers defaults, stores valid values per tenant, and refuses invalid ones without change', async () => {
    const tenant = await createTenant(t.database);
    const other = await createTenant(t.database);
    const db = t.database.db;
    expect(await getSetting(db, { tenantId: tenant.id, key: 'newClientsAsLeads' })).toBe(false);
    expect(await getSetting(db, { tenantId: tenant.id, key: 'responsibleUserId' })).toBeNull();

    await setSetting(db, { tenantId: tenant.id, key: 'newClientsAsLeads', value: true });
    await setSetting(db, { tenantId: tenant.id, key: 'responsibleUserId', value: '17' });
    expect(await getSetting(db, { tenantId: tenant.id, key: 'newClientsAsLeads' })).toBe(true);
    expect(await getSetting(db, { tenantId: other.id, key: 'newClientsAsLeads' })).toBe(false);

    await expect(
      setSetting(db, { tenantId: tenant.id, key: 'responsibleUserId', value: 'admin' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      status: 400,
    });
    await expect(setSetting(db, { tenantId: tenant.id, key: 'noSuchThing', value: 1 })).rejects.toMatchObject(
      {
        code: 'invalid_request',
      },
    );
    expect(await getSetting(db, { tenantId: tenant.id, key: 'responsibleUserId' })).toBe('17');
  });

  it('falls back to the default when a stored value no longer fits its schema', async () => {
    const tenant = await createTenant(t.database);
    await writeSettingValue(t.database.db, {
      tenantId: tenant.id,
      key: 'locale',
      value: 'klingon',
    });
    expect(await getSetting(t.database.db, { tenantId: tenant.id, key: 'locale' })).toBe('ru');
  });
});

describe('retention', () => {
  it('prunes old journal entries and old processed inbox rows, and keeps the rest', async () => {
    const tenant = await createTenant(t.database);
    const db = t.database.db;
    const oldId = await appendJournal(db, {
      tenantId: tenant.id,
      direction: 'inbound',
      operation: 'old',
      status: 'ok',
    });
    await appendJournal(db, { tenantId: tenant.id, direction: 'inbound', operation: 'recent', status: 'ok' });
    await t.database.query(`UPDATE sync_journal SET at = now() - interval '31 days' WHERE id = $1`, [oldId]);

    const rows = [];
    for (const name of ['old-processed', 'new-processed', 'old-unprocessed']) {
      const r = await insertInbox(db, {
        tenantId: tenant.id,
        source: 'lime',
        kind: 'x',
        dedupeKey: dedupeKeyOf(name),
        payload: { name },
      });
      if (!r.inserted) throw new Error('expected a row');
      rows.push(r.id);
    }
    await markInboxProcessed(db, { tenantId: tenant.id, ids: [rows[0] as number, rows[1] as number] });
    await t.database.query(
      `UPDATE inbox SET processed_at = now() - interval '8 days', received_at = now() - interval '8 days' WHERE id = $1`,
      [rows[0]],
    );
    await t.database.query(`UPDATE inbox SET received_at = now() - interval '30 days' WHERE id = $1`, [
      rows[2],
    ]);

    // Spent single-use tokens go after two days; an effect that guards a credit stays.
    for (const [key, kind] of [
      ['tab-code:old', 'tab-code'],
      ['amocrm-jti:old', 'amocrm-jti'],
      ['tab-code:new', 'tab-code'],
      ['bonus:old', 'bonus-credit'],
    ]) {
      await claimEffect(db, { tenantId: tenant.id, key: key as string, kind: kind as string });
    }
    await t.database.query(
      `UPDATE effects SET created_at = now() - interval '3 days' WHERE tenant_id = $1 AND key LIKE '%:old'`,
      [tenant.id],
    );

    const pruned = await runMaintenance(t.database);
    expect(pruned.spentTokens).toBe(2);
    const { rows: effectsLeft } = await t.database.query<{ key: string }>(
      'SELECT key FROM effects WHERE tenant_id = $1 ORDER BY key',
      [tenant.id],
    );
    expect(effectsLeft.map((r) => r.key)).toEqual(['bonus:old', 'tab-code:new']);
    expect(pruned.journal).toBeGreaterThanOrEqual(1);
    expect(pruned.inbox).toBeGreaterThanOrEqual(1);
    expect((await listJournal(db, { tenantId: tenant.id })).map((e) => e.operation)).toEqual(['recent']);
    const { rows: left } = await t.database.query<{ name: string }>(
      `SELECT payload->>'name' AS name FROM inbox WHERE tenant_id = $1 ORDER BY id`,
      [tenant.id],
    );
    // An unprocessed row is never pruned, however old: nothing inbound is lost.
    expect(left.map((r) => r.name)).toEqual(['new-processed', 'old-unprocessed']);
  });
});
