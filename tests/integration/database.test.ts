import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/db/migrate';
import { claimEffect } from '@/db/queries/effects';
import { dedupeKeyOf, insertInbox, listUnprocessedInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournal, listJournal } from '@/db/queries/journal';
import { findLinkByCrm, findLinkByLime, upsertLink } from '@/db/queries/links';
import {
  countActiveTenantsByKind,
  SANDBOX_AMOCRM_ACCOUNT_ID,
  SANDBOX_MEMBER_ID,
  setTenantStatus,
} from '@/db/queries/tenants';
import { storeInbound } from '@/lib/sync/inbox-writer';
import {
  createTenant,
  createTestDatabase,
  migrationCount,
  onPostgres,
  type TestDatabase,
} from '../support/test-database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe(`database (${onPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('reports its kind and applies migrations idempotently', async () => {
    expect(t.database.kind).toBe(onPostgres() ? 'postgres' : 'pglite');
    await applyMigrations(t.database);
    const { rows } = await t.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
    );
    expect(rows[0]?.n).toBe(migrationCount());
  });

  it('keeps SQL working after an error (no lost protocol state)', async () => {
    await expect(t.database.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
    const { rows } = await t.database.query<{ x: number }>('SELECT 41 + 1 AS x');
    expect(rows[0]?.x).toBe(42);
  });

  it('makes a duplicate inbox insert a no-op among unprocessed rows, and accepts it again once processed', async () => {
    const tenant = await createTenant(t.database);
    const raw = 'event=ONCRMCONTACTUPDATE&data[FIELDS][ID]=7';
    const row = {
      tenantId: tenant.id,
      source: 'bitrix24' as const,
      kind: 'ONCRMCONTACTUPDATE',
      dedupeKey: dedupeKeyOf(raw),
      payload: { id: 7 },
    };
    const first = await insertInbox(t.database.db, row);
    const duplicate = await insertInbox(t.database.db, row);
    expect(first.inserted).toBe(true);
    expect(duplicate.inserted).toBe(false);
    expect(await listUnprocessedInbox(t.database.db, { tenantId: tenant.id })).toHaveLength(1);

    if (!first.inserted) throw new Error('unreachable');
    await markInboxProcessed(t.database.db, { tenantId: tenant.id, ids: [first.id] });
    const later = await insertInbox(t.database.db, row);
    expect(later.inserted).toBe(true);
    expect(await listUnprocessedInbox(t.database.db, { tenantId: tenant.id })).toHaveLength(1);
  });

  it('stores requests of several tenants arriving together in shared statements, each answered for itself', async () => {
    const a = await createTenant(t.database);
    const b = await createTenant(t.database);
    const row = (tenantId: string, key: string) => ({
      tenantId,
      source: 'lime' as const,
      kind: 'client.updated',
      dedupeKey: key,
      payload: { key },
    });
    await insertInbox(t.database.db, row(a.id, 'earlier'));
    const receipts = await Promise.all(
      [
        storeInbound(t.database, row(a.id, 'one')),
        storeInbound(t.database, row(b.id, 'one')),
        storeInbound(t.database, row(a.id, 'earlier')),
        storeInbound(t.database, row(a.id, 'two')),
        storeInbound(t.database, row(a.id, 'two')),
        // jsonb refuses \u0000: this row fails its batch, and only its own request
        storeInbound(t.database, { ...row(b.id, 'bad'), payload: { text: 'nul \u0000' } }),
        storeInbound(t.database, row(b.id, 'two')),
      ].map((p) =>
        p.then(
          (r) => r.stored,
          () => 'refused',
        ),
      ),
    );
    expect(receipts).toEqual([true, true, false, true, false, 'refused', true]);
    const keys = async (tenantId: string) =>
      (await listUnprocessedInbox(t.database.db, { tenantId })).map((r) => r.dedupeKey).sort();
    expect(await keys(a.id)).toEqual(['earlier', 'one', 'two']);
    expect(await keys(b.id)).toEqual(['one', 'two']);
  });

  it('dedupes per tenant: the same body for another tenant is stored', async () => {
    const a = await createTenant(t.database);
    const b = await createTenant(t.database);
    const base = {
      source: 'amocrm' as const,
      kind: 'leads[update]',
      dedupeKey: dedupeKeyOf('same'),
      payload: {},
    };
    expect((await insertInbox(t.database.db, { ...base, tenantId: a.id })).inserted).toBe(true);
    expect((await insertInbox(t.database.db, { ...base, tenantId: b.id })).inserted).toBe(true);
  });

  it('scopes processing by tenant: another tenant cannot mark my rows processed', async () => {
    const mine = await createTenant(t.database);
    const other = await createTenant(t.database);
    const inserted = await insertInbox(t.database.db, {
      tenantId: mine.id,
      source: 'lime',
      kind: 'client.updated',
      dedupeKey: dedupeKeyOf(randomBytes(8)),
      payload: {},
    });
    if (!inserted.inserted) throw new Error('expected a row');
    await markInboxProcessed(t.database.db, { tenantId: other.id, ids: [inserted.id] });
    expect(await listUnprocessedInbox(t.database.db, { tenantId: mine.id })).toHaveLength(1);
  });

  it('claims an idempotency key once, even when claimed concurrently', async () => {
    const tenant = await createTenant(t.database);
    const key = `bonus:birthday:child-12:2026`;
    const claims = await Promise.all(
      Array.from({ length: 8 }, () =>
        claimEffect(t.database.db, { tenantId: tenant.id, key, kind: 'bonus' }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('keeps the identity map per tenant, by Lime id and by CRM id', async () => {
    const tenant = await createTenant(t.database);
    await upsertLink(t.database.db, {
      tenantId: tenant.id,
      limeType: 'client',
      limeId: '501',
      crmEntity: 'contact',
      crmId: '77',
      lastHash: 'h1',
    });
    await upsertLink(t.database.db, {
      tenantId: tenant.id,
      limeType: 'client',
      limeId: '501',
      crmEntity: 'contact',
      crmId: '77',
      lastHash: 'h2',
    });
    const byLime = await findLinkByLime(t.database.db, {
      tenantId: tenant.id,
      limeType: 'client',
      limeId: '501',
      crmEntity: 'contact',
    });
    expect(byLime?.lastHash).toBe('h2');
    expect(
      (await findLinkByCrm(t.database.db, { tenantId: tenant.id, crmEntity: 'contact', crmId: '77' }))
        ?.limeId,
    ).toBe('501');
    const stranger = await createTenant(t.database);
    expect(
      await findLinkByCrm(t.database.db, { tenantId: stranger.id, crmEntity: 'contact', crmId: '77' }),
    ).toBeNull();
  });

  it('journals per tenant, newest first', async () => {
    const tenant = await createTenant(t.database);
    const other = await createTenant(t.database);
    await appendJournal(t.database.db, {
      tenantId: tenant.id,
      direction: 'lime_to_crm',
      operation: 'a',
      status: 'ok',
    });
    await appendJournal(t.database.db, {
      tenantId: tenant.id,
      direction: 'crm_to_lime',
      operation: 'b',
      status: 'error',
      error: 'Lime said no',
    });
    await appendJournal(t.database.db, {
      tenantId: other.id,
      direction: 'inbound',
      operation: 'c',
      status: 'ok',
    });
    const entries = await listJournal(t.database.db, { tenantId: tenant.id });
    expect(entries.map((e) => e.operation)).toEqual(['b', 'a']);
  });

  it('rejects values outside the kinds the schema allows', async () => {
    const tenant = await createTenant(t.database);
    await expect(
      appendJournal(t.database.db, {
        tenantId: tenant.id,
        direction: 'sideways' as never,
        operation: 'x',
        status: 'ok',
      }),
    ).rejects.toThrow();
  });

  it('counts active tenants by kind', async () => {
    const before = await countActiveTenantsByKind(t.database.db);
    const amo = await createTenant(t.database, { kind: 'amocrm', domain: 'park.amocrm.ru' });
    const after = await countActiveTenantsByKind(t.database.db);
    expect(after.amocrm).toBe(before.amocrm + 1);
    await setTenantStatus(t.database.db, { tenantId: amo.id, status: 'uninstalled' });
    expect((await countActiveTenantsByKind(t.database.db)).amocrm).toBe(before.amocrm);
    // The sandbox's simulated accounts are not customers.
    await createTenant(t.database, {
      kind: 'amocrm',
      externalId: String(SANDBOX_AMOCRM_ACCOUNT_ID),
      domain: '127.0.0.1:40001',
    });
    await createTenant(t.database, {
      kind: 'bitrix24',
      externalId: SANDBOX_MEMBER_ID,
      domain: '127.0.0.1:40002',
    });
    expect(await countActiveTenantsByKind(t.database.db)).toEqual(before);
  });
});
