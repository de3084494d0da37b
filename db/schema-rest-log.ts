import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantRef } from './columns';

/**
 * The per-tenant REST log (issue 9; the Bitrix24 Market rule "request and response logs kept at
 * least 3 days"): one row per HTTP request our app sent to Bitrix24, amoCRM or Lime, with bodies
 * truncated and secrets redacted (lib/rest-log/redact.ts). Written in batches off the request path
 * (lib/rest-log/recorder.ts) and pruned by age in the hourly maintenance.
 */

export const REST_LOG_SYSTEMS = ['bitrix24', 'amocrm', 'lime'] as const;
export type RestLogSystem = (typeof REST_LOG_SYSTEMS)[number];
/** ok: a 2xx answer; error: any other answer; failed: no answer (network, timeout, refused address). */
export const REST_LOG_OUTCOMES = ['ok', 'error', 'failed'] as const;
export type RestLogOutcome = (typeof REST_LOG_OUTCOMES)[number];

export const restLog = pgTable(
  'rest_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantRef(),
    system: text('system').notNull().$type<RestLogSystem>(),
    /** The HTTP verb. */
    method: text('method').notNull(),
    /** Bitrix24's REST method, amoCRM's path, Lime's Controller/Action. */
    operation: text('operation').notNull(),
    /** The URL with secrets redacted. */
    url: text('url').notNull(),
    status: integer('status'),
    durationMs: integer('duration_ms').notNull(),
    outcome: text('outcome').notNull().$type<RestLogOutcome>(),
    error: text('error'),
    requestBody: text('request_body'),
    responseBody: text('response_body'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rest_log_tenant_idx').on(t.tenantId, t.id),
    index('rest_log_at_idx').on(t.at),
    check('rest_log_system_check', sql`${t.system} in ('bitrix24', 'amocrm', 'lime')`),
    check('rest_log_outcome_check', sql`${t.outcome} in ('ok', 'error', 'failed')`),
  ],
);
