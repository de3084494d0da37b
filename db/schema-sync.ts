import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from './schema';
import { limeConnections } from './schema-lime';

/**
 * A tenant's initial import into its CRM (issue 6 d): goods, then clients, then recent
 * transactions, walked in Lime id order from the mirror. `cursor` is the last Lime id of the
 * current phase that reached the CRM, saved after every round, so a killed worker resumes where it
 * stopped and the CRM writes' own keys make the repeated round harmless. At most one import per
 * tenant is running or paused at a time.
 */
export const crmImports = pgTable(
  'crm_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => limeConnections.id, { onDelete: 'cascade' }),
    status: text('status').notNull().$type<ImportStatus>().default('running'),
    phase: text('phase').notNull().$type<ImportPhase>().default('goods'),
    cursor: text('cursor'),
    /** Transactions from this time on are imported (older ones stay in Lime's history). */
    transactionsSince: timestamp('transactions_since', { withTimezone: true }).notNull(),
    totals: jsonb('totals').notNull().$type<ImportCounts>(),
    done: jsonb('done').notNull().$type<ImportCounts>(),
    /** What the CRM got: created, matched to an existing contact, updated, unchanged, leads, deals, timeline. */
    outcome: jsonb('outcome').notNull().$type<Record<string, number>>().default({}),
    error: text('error'),
    /** Time spent running (pauses excluded), up to `resumed_at`; with it, the rate and the ETA. */
    activeMs: bigint('active_ms', { mode: 'number' }).notNull().default(0),
    resumedAt: timestamp('resumed_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('crm_imports_tenant_idx').on(t.tenantId, t.startedAt),
    uniqueIndex('crm_imports_one_active').on(t.tenantId).where(sql`${t.status} in ('running', 'paused')`),
    check('crm_imports_status', sql`${t.status} in ('running', 'paused', 'done', 'failed', 'cancelled')`),
    check('crm_imports_phase', sql`${t.phase} in ('goods', 'clients', 'transactions', 'done')`),
  ],
);

export type ImportStatus = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'goods' | 'clients' | 'transactions' | 'done';
export interface ImportCounts {
  goods: number;
  clients: number;
  transactions: number;
}
