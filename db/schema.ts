import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Tenant-scoped tables every feature builds on. Every query on a tenant table filters by
 * tenant_id (db/queries/*). Times are timestamptz. Kinds are text with CHECK constraints rather
 * than enums, so adding a kind is a one-line migration on both databases.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A Bitrix24 portal (Market app), a Bitrix24 webhook connection, or an amoCRM account. */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull().$type<TenantKind>(),
    /** Bitrix24 member_id, amoCRM account id, or our webhook connection id. */
    externalId: text('external_id').notNull(),
    /** Portal domain or amoCRM subdomain host, as verified at install. */
    domain: text('domain').notNull(),
    status: text('status').notNull().default('active').$type<TenantStatus>(),
    locale: text('locale').notNull().default('ru'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tenants_kind_external_id_key').on(t.kind, t.externalId),
    check('tenants_kind_check', sql`${t.kind} in ('bitrix24', 'bitrix24_webhook', 'amocrm')`),
    check(
      'tenants_status_check',
      sql`${t.status} in ('active', 'needs_reinstall', 'uninstalled', 'disabled')`,
    ),
  ],
);
export type TenantKind = 'bitrix24' | 'bitrix24_webhook' | 'amocrm';
export type TenantStatus = 'active' | 'needs_reinstall' | 'uninstalled' | 'disabled';

/**
 * Secrets of a tenant, one row per kind (CRM OAuth pair, application token, Lime connection…),
 * encrypted with AES-256-GCM (lib/crypto/secret-box.ts); the refresh lease serialises token
 * refreshes across processes (DESIGN.md "Tokens").
 */
export const credentials = pgTable(
  'credentials',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    ciphertext: text('ciphertext').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    refreshLeaseUntil: timestamp('refresh_lease_until', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);

/** Per-tenant settings, one JSON value per key, typed by the zod registry in lib/settings. */
export const settings = pgTable(
  'settings',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

/**
 * Every accepted inbound request (CRM events, webhooks, Lime pushes), written before the 2xx.
 * The dedupe key (a hash of the raw body) is unique among unprocessed rows only.
 */
export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    source: text('source').notNull().$type<InboxSource>(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('inbox_unprocessed_dedupe_key')
      .on(t.tenantId, t.source, t.dedupeKey)
      .where(sql`${t.processedAt} is null`),
    index('inbox_unprocessed_idx').on(t.tenantId, t.receivedAt).where(sql`${t.processedAt} is null`),
    check('inbox_source_check', sql`${t.source} in ('bitrix24', 'amocrm', 'lime')`),
  ],
);
export type InboxSource = 'bitrix24' | 'amocrm' | 'lime';

/**
 * The identity map: which CRM entity a Lime entity became, and the hash of what we last wrote
 * (so the echo of our own write is recognised and causes no further write).
 */
export const links = pgTable(
  'links',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    limeType: text('lime_type').notNull(),
    limeId: text('lime_id').notNull(),
    crmEntity: text('crm_entity').notNull(),
    crmId: text('crm_id').notNull(),
    lastHash: text('last_hash'),
    /**
     * The fields both sides edit (name, phone, e-mail, birth date) as the CRM has them from us: the
     * base of a three-way merge when the CRM reports a change.
     */
    syncedFields: jsonb('synced_fields'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.limeType, t.limeId, t.crmEntity] }),
    uniqueIndex('links_crm_key').on(t.tenantId, t.crmEntity, t.crmId),
  ],
);

/**
 * Token buckets shared by every process (DESIGN.md "Rate limits"). Taken only through the
 * rate_take() SQL function (hand migration), one statement per take.
 */
export const rateBuckets = pgTable('rate_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** What the sync did, per tenant: shown in settings with a retry button, pruned by age. */
export const syncJournal = pgTable(
  'sync_journal',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    direction: text('direction').notNull().$type<JournalDirection>(),
    operation: text('operation').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    status: text('status').notNull().$type<JournalStatus>(),
    error: text('error'),
    jobId: text('job_id'),
    details: jsonb('details'),
  },
  (t) => [
    index('sync_journal_tenant_at_idx').on(t.tenantId, t.at),
    check(
      'sync_journal_direction_check',
      sql`${t.direction} in ('lime_to_crm', 'crm_to_lime', 'inbound', 'internal')`,
    ),
    check('sync_journal_status_check', sql`${t.status} in ('ok', 'skipped', 'error', 'retrying', 'dead')`),
  ],
);
export type JournalDirection = 'lime_to_crm' | 'crm_to_lime' | 'inbound' | 'internal';
export type JournalStatus = 'ok' | 'skipped' | 'error' | 'retrying' | 'dead';

/**
 * Effects that must happen once (bonus credits, pre-orders, deal creation…): a deterministic
 * idempotency key, unique per tenant. A job claims the key before (or in the same transaction as)
 * the effect, so a retried or duplicated job finds it and does not repeat the effect.
 */
export const effects = pgTable(
  'effects',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    result: jsonb('result'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
