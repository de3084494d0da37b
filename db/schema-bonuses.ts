import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
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
import type { AudienceFilter } from '@/lib/domain/bonus-audience';
import type { BonusReason } from '@/lib/domain/lime';
import { connectionRef, createdAt, tenantRef, updatedAt } from './columns';
import { inbox } from './schema';

/**
 * Bonus credits (issue 8, DESIGN.md "Idempotent effects"). Every credit is a row whose key names its
 * occasion (lib/domain/bonus-keys.ts), unique per tenant: a second request for the same occasion
 * finds the first row instead of making one, and the key is Lime's Idempotency-Key too. A row is
 * sent to Lime only by whoever holds its lease (`lease_until`), so two workers never send one credit
 * at once, and a worker that died gives it back when the lease runs out. A mass run is a row of
 * `bonus_runs` whose credits carry its id.
 */

export const BONUS_CREDIT_STATUSES = ['pending', 'done', 'failed'] as const;
export type BonusCreditStatus = (typeof BONUS_CREDIT_STATUSES)[number];
/** The CRM timeline entry of a done credit: still to write, written, or no contact to write it on. */
export type BonusTimelineStatus = 'waiting' | 'written' | 'no_contact';
export const BONUS_RUN_STATUSES = ['queued', 'running', 'done', 'interrupted'] as const;
export type BonusRunStatus = (typeof BONUS_RUN_STATUSES)[number];

/** Who a run credits: a filter over the mirror, or the rows ticked in a CRM list, resolved at start. */
export type BonusRunAudience =
  | { source: 'filter'; filter: AudienceFilter }
  | {
      source: 'selection';
      type: 'contact' | 'lead';
      ids: string[];
      /** The Lime client of each ticked row that has one, with its contact. */
      clients: { clientId: number; contactId: string }[];
    };

/** A ticked row the run could not credit before it started (no contact, no Lime client). */
export interface BonusRunSkip {
  id: string;
  name: string;
  reason: 'no_contact' | 'no_client';
}

export const bonusRuns = pgTable(
  'bonus_runs',
  {
    /** Made by the form once per opening: a second start of the same run finds this row. */
    id: uuid('id').primaryKey(),
    tenantId: tenantRef(),
    connectionId: connectionRef(),
    audience: jsonb('audience').notNull().$type<BonusRunAudience>(),
    amountKopecks: bigint('amount_kopecks', { mode: 'number' }).notNull(),
    reason: text('reason').notNull().$type<BonusReason>(),
    comment: text('comment'),
    status: text('status').notNull().default('queued').$type<BonusRunStatus>(),
    /** The people the run credits, counted when its credits were written (null before). */
    total: integer('total'),
    credited: integer('credited').notNull().default(0),
    /** People whose credit of this run existed already (a list naming one client twice). */
    already: integer('already').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: jsonb('skipped').notNull().$type<BonusRunSkip[]>().default([]),
    error: text('error'),
    requestedBy: text('requested_by').notNull(),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bonus_runs_tenant_idx').on(t.tenantId, t.createdAt.desc()),
    check('bonus_runs_amount', sql`${t.amountKopecks} > 0`),
    check('bonus_runs_status', sql`${t.status} in ('queued', 'running', 'done', 'interrupted')`),
  ],
);

export const bonusCredits = pgTable(
  'bonus_credits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** The occasion (lib/domain/bonus-keys.ts); Lime's Idempotency-Key. */
    key: text('key').notNull(),
    connectionId: connectionRef(),
    /** The Lime client credited. */
    clientId: integer('client_id').notNull(),
    /** A child whose occasion it is (child_birthday): the parent is credited. */
    relatedClientId: integer('related_client_id'),
    /** The CRM contact the request came from, when it came from one (else the links table's). */
    crmContactId: text('crm_contact_id'),
    amountKopecks: bigint('amount_kopecks', { mode: 'number' }).notNull(),
    reason: text('reason').notNull().$type<BonusReason>(),
    comment: text('comment'),
    status: text('status').notNull().default('pending').$type<BonusCreditStatus>(),
    /** Being sent to Lime by a worker until then. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    accrualId: integer('accrual_id'),
    balanceAfterKopecks: bigint('balance_after_kopecks', { mode: 'number' }),
    error: text('error'),
    /** The CRM user who asked (null: our scheduler). */
    requestedBy: text('requested_by'),
    runId: uuid('run_id').references(() => bonusRuns.id, { onDelete: 'cascade' }),
    timelineStatus: text('timeline_status').notNull().default('waiting').$type<BonusTimelineStatus>(),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bonus_credits_tenant_key').on(t.tenantId, t.key),
    index('bonus_credits_run_idx').on(t.tenantId, t.runId, t.status),
    index('bonus_credits_contact_idx').on(t.tenantId, t.crmContactId, t.createdAt.desc()),
    index('bonus_credits_timeline_idx')
      .on(t.tenantId, t.doneAt)
      .where(sql`${t.status} = 'done' and ${t.timelineStatus} = 'waiting'`),
    check('bonus_credits_amount', sql`${t.amountKopecks} > 0`),
    check('bonus_credits_status', sql`${t.status} in ('pending', 'done', 'failed')`),
    check(
      'bonus_credits_reason',
      sql`${t.reason} in ('manual', 'mass', 'birthday', 'child_birthday', 'campaign', 'nps')`,
    ),
    check('bonus_credits_timeline', sql`${t.timelineStatus} in ('waiting', 'written', 'no_contact')`),
  ],
);

export const ROBOT_REPLY_STATUSES = ['waiting', 'answered', 'not_waiting'] as const;
export type RobotReplyStatus = (typeof ROBOT_REPLY_STATUSES)[number];

/**
 * The Bitrix24 bonus robot's answers to its workflows (docs/bitrix24-robot.md): a row per stored run
 * (its inbox row), ready once the run's credit has settled (`credit_key`) or the run was refused
 * (`refusal`). Whoever holds the lease sends the ready ones 50 to a `batch` request, then marks each
 * `answered` — or `not_waiting` when the portal no longer takes its token — so each workflow hears
 * once, and many runs cost few requests.
 */
export const robotReplies = pgTable(
  'robot_replies',
  {
    tenantId: tenantRef(),
    inboxId: bigint('inbox_id', { mode: 'number' })
      .notNull()
      .references(() => inbox.id, { onDelete: 'cascade' }),
    creditKey: text('credit_key'),
    refusal: text('refusal'),
    status: text('status').notNull().default('waiting').$type<RobotReplyStatus>(),
    /** Being sent by a worker until then. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.inboxId] }),
    index('robot_replies_waiting_idx').on(t.tenantId, t.createdAt).where(sql`${t.status} = 'waiting'`),
    check('robot_replies_status', sql`${t.status} in ('waiting', 'answered', 'not_waiting')`),
    check('robot_replies_what', sql`${t.creditKey} is not null or ${t.refusal} is not null`),
  ],
);
