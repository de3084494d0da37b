import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
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
import { tenants } from './schema';

/**
 * Lime connections and the local mirror of Lime's data, fed by the change feed and webhooks.
 * Rows are keyed by (connection, Lime id) and carry the tenant for scoping. `source_seq` is the
 * feed position of the event that last wrote a row: an older event arriving late never overwrites
 * a newer state.
 */

const tenantRef = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });
const connectionRef = () =>
  uuid('connection_id')
    .notNull()
    .references(() => limeConnections.id, { onDelete: 'cascade' });
const sourceSeq = () => bigint('source_seq', { mode: 'number' }).notNull().default(0);
/** PostgreSQL's datemultirange, as its text ('{[2019-03-01,2019-03-02)}'); only SQL reads it. */
const dateMultirange = customType<{ data: string }>({ dataType: () => 'datemultirange' });

export const limeConnections = pgTable(
  'lime_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    baseUrl: text('base_url').notNull(),
    authMode: text('auth_mode').notNull().$type<'token' | 'password'>(),
    installationId: integer('installation_id').notNull(),
    cashdeskId: integer('cashdesk_id').notNull(),
    processingId: integer('processing_id'),
    apiUserId: integer('api_user_id'),
    depositGoodTypeId: integer('deposit_good_type_id'),
    bonusGoodTypeId: integer('bonus_good_type_id'),
    timeZone: text('time_zone').notNull(),
    allowHttp: boolean('allow_http').notNull().default(false),
    status: text('status').notNull().default('active').$type<LimeConnectionStatus>(),
    feedCursor: bigint('feed_cursor', { mode: 'number' }).notNull().default(0),
    feedBackoffUntil: timestamp('feed_backoff_until', { withTimezone: true }),
    lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
    lastError: text('last_error'),
    capabilities: jsonb('capabilities'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lime_connections_tenant_installation_key').on(t.tenantId, t.baseUrl, t.installationId),
    check('lime_connections_status_check', sql`${t.status} in ('active', 'auth_failed', 'disabled')`),
  ],
);
export type LimeConnectionStatus = 'active' | 'auth_failed' | 'disabled';

/** The ledger of applied events: an event id is applied once per connection, ever. */
export const limeAppliedEvents = pgTable(
  'lime_applied_events',
  {
    connectionId: connectionRef(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    tenantId: tenantRef(),
    type: text('type').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.eventId] })],
);

export const limeGoods = pgTable(
  'lime_goods',
  {
    connectionId: connectionRef(),
    id: integer('id').notNull(),
    tenantId: tenantRef(),
    name: text('name').notNull(),
    categoryId: integer('category_id'),
    priceKopecks: bigint('price_kopecks', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    active: boolean('active').notNull(),
    sourceSeq: sourceSeq(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] }), index('lime_goods_tenant_idx').on(t.tenantId)],
);

export const limeClients = pgTable(
  'lime_clients',
  {
    connectionId: connectionRef(),
    id: integer('id').notNull(),
    tenantId: tenantRef(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    middleName: text('middle_name'),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    email: text('email'),
    birthDate: date('birth_date'),
    /** 'MM-DD' of the birth date: audiences by birthday without a function index. */
    birthMonthDay: text('birth_month_day'),
    category: text('category'),
    cardUids: text('card_uids').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull(),
    limeUpdatedAt: timestamp('lime_updated_at', { withTimezone: true }).notNull(),
    /** Lime's last visit, or our latest stored pass or purchase when that is later. */
    lastVisitAt: timestamp('last_visit_at', { withTimezone: true }),
    /**
     * The birth dates of the client's live children, one day-range each (null: none known), kept by
     * the mirror (db/queries/lime-mirror.ts): "has a child aged N to M" is an overlap test on the
     * parent's row, no join (lime_clients_parents_born_idx).
     */
    childrenBorn: dateMultirange('children_born'),
    /**
     * The same children's birth years as bits (lib/domain/child-years.ts), kept with children_born:
     * a range of ages covers most of its years whole, and those parents are decided by one AND.
     */
    childrenYears: bigint('children_years', { mode: 'bigint' }),
    sourceSeq: sourceSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index('lime_clients_tenant_phone_idx').on(t.tenantId, t.phone),
    index('lime_clients_tenant_email_idx').on(t.tenantId, t.email),
    /**
     * Birthdays; a birth month's count of a category is read from the index alone (every column a
     * key, so the few distinct values deduplicate and the index stays small).
     */
    index('lime_clients_tenant_birthday_idx').on(t.tenantId, t.birthMonthDay, t.connectionId, t.category),
    index('lime_clients_tenant_last_visit_idx').on(t.tenantId, t.lastVisitAt),
    /**
     * Parents by their children's birth years, every column a key, so it deduplicates to a few MB:
     * the count of parents with a child in years a range covers whole (db/queries/bonus-audience.ts).
     */
    index('lime_clients_parents_years_idx')
      .on(t.tenantId, t.connectionId, t.category, t.childrenYears)
      .where(sql`${t.childrenYears} is not null`),
    /** The same with the birth dates: the parents of the range's partly covered years, read alone. */
    index('lime_clients_parents_born_idx')
      .on(t.tenantId, t.connectionId, t.category, t.childrenYears, t.childrenBorn)
      .where(sql`${t.childrenYears} is not null`),
  ],
);

export const limeRelations = pgTable(
  'lime_relations',
  {
    connectionId: connectionRef(),
    relationId: integer('relation_id').notNull(),
    tenantId: tenantRef(),
    parentId: integer('parent_id').notNull(),
    childId: integer('child_id').notNull(),
    relationTypeId: integer('relation_type_id'),
    relationTypeName: text('relation_type_name'),
    /**
     * The child's birth date, copied from the child's row by the mirror (db/queries/lime-mirror.ts)
     * whenever either is written; the parent's children_born is made from these.
     */
    childBirthDate: date('child_birth_date'),
    /** A removed relation stays as a tombstone, so a late "created" cannot bring it back. */
    deleted: boolean('deleted').notNull().default(false),
    sourceSeq: sourceSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.relationId] }),
    index('lime_relations_parent_idx').on(t.connectionId, t.parentId),
    /** A child's live parents, read from the index alone (a child's birthday mails and credits the parent). */
    index('lime_relations_child_live_idx')
      .on(t.connectionId, t.childId, t.parentId)
      .where(sql`not ${t.deleted}`),
  ],
);

export const limeBalances = pgTable(
  'lime_balances',
  {
    connectionId: connectionRef(),
    clientId: integer('client_id').notNull(),
    tenantId: tenantRef(),
    depositKopecks: bigint('deposit_kopecks', { mode: 'number' }).notNull(),
    bonusKopecks: bigint('bonus_kopecks', { mode: 'number' }).notNull(),
    bonusExpiresAt: timestamp('bonus_expires_at', { withTimezone: true }),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.clientId] })],
);

export const limeTransactions = pgTable(
  'lime_transactions',
  {
    connectionId: connectionRef(),
    id: bigint('id', { mode: 'number' }).notNull(),
    tenantId: tenantRef(),
    clientId: integer('client_id'),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    totalKopecks: bigint('total_kopecks', { mode: 'number' }).notNull(),
    checkId: bigint('check_id', { mode: 'number' }),
    cardUid: text('card_uid'),
    lines: jsonb('lines').notNull(),
    servicePoint: jsonb('service_point'),
    writeOff: jsonb('write_off'),
    preorderId: integer('preorder_id'),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index('lime_transactions_client_recent_idx').on(t.tenantId, t.clientId, t.occurredAt.desc()),
  ],
);

export const limePreorders = pgTable(
  'lime_preorders',
  {
    connectionId: connectionRef(),
    id: integer('id').notNull(),
    tenantId: tenantRef(),
    number: text('number').notNull(),
    status: text('status').notNull(),
    clientId: integer('client_id'),
    eventAt: timestamp('event_at', { withTimezone: true }).notNull(),
    comment: text('comment'),
    items: jsonb('items').notNull(),
    totalKopecks: bigint('total_kopecks', { mode: 'number' }).notNull(),
    externalRef: jsonb('external_ref'),
    version: integer('version').notNull(),
    limeUpdatedAt: timestamp('lime_updated_at', { withTimezone: true }).notNull(),
    sourceSeq: sourceSeq(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index('lime_preorders_tenant_event_idx').on(t.tenantId, t.eventAt),
  ],
);

/**
 * Clients whose balances must be re-read from Lime, written in the same transaction as the events
 * that touched them, so a crash between applying events and reading balances loses nothing.
 */
export const limePendingBalances = pgTable(
  'lime_pending_balances',
  {
    connectionId: connectionRef(),
    clientId: integer('client_id').notNull(),
    tenantId: tenantRef(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.clientId] }),
    index('lime_pending_balances_tenant_idx').on(t.tenantId),
  ],
);

/**
 * What the CRM has not seen yet: goods, clients, transactions and pre-orders whose mirror rows changed, marked in the same
 * transaction as the change. The CRM push job reads them, writes the CRM, and removes a mark only
 * if it was not marked again meanwhile (`version`), so a change arriving during a push is pushed too.
 */
export const crmOutbox = pgTable(
  'crm_outbox',
  {
    connectionId: connectionRef(),
    kind: text('kind').notNull(),
    limeId: bigint('lime_id', { mode: 'number' }).notNull(),
    tenantId: tenantRef(),
    version: integer('version').notNull().default(1),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.kind, t.limeId] }),
    index('crm_outbox_tenant_idx').on(t.tenantId, t.markedAt),
    check('crm_outbox_kind', sql`${t.kind} in ('good', 'client', 'transaction', 'preorder')`),
  ],
);
