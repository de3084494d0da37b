import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { connectionRef, createdAt, tenantRef, updatedAt } from './columns';

/**
 * Mailings through the CRM (issue 8, DESIGN.md item 5). A campaign picks people from the Lime mirror
 * (or from the CRM's stage history, for NPS); each occasion of each person becomes one row of
 * `campaign_sends`, unique per campaign, person and occasion, so a second pass of the scheduler, a
 * retried job or a second worker finds the row instead of mailing twice. The CRM's own automation
 * sends the message (a Bitrix24 trigger or business process, an amoCRM lead in a chosen status);
 * we write what the message needs into fields first. An NPS answer is a row of `nps_answers`, one per
 * send.
 */

export const CAMPAIGN_KINDS = ['birthday', 'winback', 'nps', 'manual'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_SEND_STATUSES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type CampaignSendStatus = (typeof CAMPAIGN_SEND_STATUSES)[number];
/**
 * What the CRM showed of a delivery: `confirmed` — something observable happened (the deal moved on
 * to the stage our trigger is linked to, a business process got its id); `not_confirmed` — the CRM
 * took the request but nothing observable followed (Bitrix24 answers a trigger with `true` even when
 * no rule reacts); `unknown` — an earlier attempt asked the CRM and stopped before hearing back, and
 * nothing shows whether it ran, so it was not asked again (a second message is worse than none).
 */
export const DELIVERY_CHECKS = ['confirmed', 'not_confirmed', 'unknown'] as const;
export type DeliveryCheck = (typeof DELIVERY_CHECKS)[number];
/** The answer's write into the CRM contact's NPS field and timeline. */
export type NpsCrmStatus = 'waiting' | 'written' | 'no_contact' | 'failed';

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    connectionId: connectionRef(),
    kind: text('kind').notNull().$type<CampaignKind>(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    /** The kind's rules (days before a birthday, days without a visit, NPS stages, a filter): zod-checked. */
    rules: jsonb('rules').notNull().$type<Record<string, unknown>>(),
    /** How the CRM sends (a trigger, a business process template, a lead status): zod-checked. */
    delivery: jsonb('delivery').notNull().$type<Record<string, unknown>>(),
    /** A bonus credited with each send (kopecks), or none. */
    bonusKopecks: bigint('bonus_kopecks', { mode: 'number' }),
    /** Occasions before this instant are not mailed (enabling does not mail last week's birthdays). */
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    /**
     * The scheduler recorded the occasions up to this instant (a birthday campaign: to the end of the
     * venue's day it planned), so later passes skip or narrow the audience query; cleared by a change.
     */
    plannedUntil: timestamp('planned_until', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('campaigns_tenant_name').on(t.tenantId, t.name),
    index('campaigns_tenant_enabled_idx').on(t.tenantId, t.enabled),
    check('campaigns_kind', sql`${t.kind} in ('birthday', 'winback', 'nps', 'manual')`),
    check('campaigns_bonus', sql`${t.bonusKopecks} is null or ${t.bonusKopecks} > 0`),
  ],
);

export const campaignSends = pgTable(
  'campaign_sends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** The Lime client mailed (a child's birthday mails the parent; the child is in the occasion). */
    clientId: integer('client_id').notNull(),
    /** What it is about, e.g. `birthday:child:<id>:<year>`, `winback:<last visit day>`, `deal:<id>`. */
    occasion: text('occasion').notNull(),
    /** The CRM contact mailed, once known. */
    contactId: text('contact_id'),
    /** NPS: the deal whose move was the occasion. */
    dealId: text('deal_id'),
    status: text('status').notNull().default('queued').$type<CampaignSendStatus>(),
    /** Not before this instant (quiet hours move it to their end; the daily cap to the next day). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Not sent from this instant on (a birthday's: the end of the birthday; a late greeting is worse than none). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Being delivered by a worker until then. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** The values written into CRM fields for the message (child's name, NPS link…). */
    fields: jsonb('fields').notNull().$type<Record<string, string>>().default({}),
    /** The CRM deal or lead the automation ran on, once made or chosen. */
    crmEntityId: text('crm_entity_id'),
    /**
     * Set just before the CRM's automation is asked (a trigger executed, a business process started):
     * a later attempt that finds it knows an earlier one may have gone through, and looks before asking.
     */
    automationAskedAt: timestamp('automation_asked_at', { withTimezone: true }),
    /** What the CRM showed of the delivery (DELIVERY_CHECKS); null before it, or where nothing is checked. */
    deliveryCheck: text('delivery_check').$type<DeliveryCheck>(),
    error: text('error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('campaign_sends_once').on(t.tenantId, t.campaignId, t.clientId, t.occasion),
    index('campaign_sends_due_idx').on(t.tenantId, t.dueAt).where(sql`${t.status} = 'queued'`),
    index('campaign_sends_sent_idx').on(t.tenantId, t.sentAt),
    check('campaign_sends_status', sql`${t.status} in ('queued', 'sent', 'failed', 'skipped')`),
    check(
      'campaign_sends_check',
      sql`${t.deliveryCheck} is null or ${t.deliveryCheck} in ('confirmed', 'not_confirmed', 'unknown')`,
    ),
  ],
);

export const npsAnswers = pgTable(
  'nps_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** One answer per send: the signed link names it. */
    sendId: uuid('send_id')
      .notNull()
      .references(() => campaignSends.id, { onDelete: 'cascade' }),
    clientId: integer('client_id').notNull(),
    contactId: text('contact_id'),
    score: integer('score').notNull(),
    comment: text('comment'),
    crmStatus: text('crm_status').notNull().default('waiting').$type<NpsCrmStatus>(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('nps_answers_send').on(t.sendId),
    index('nps_answers_tenant_time_idx').on(t.tenantId, t.answeredAt),
    check('nps_answers_score', sql`${t.score} between 0 and 10`),
    check('nps_answers_crm', sql`${t.crmStatus} in ('waiting', 'written', 'no_contact', 'failed')`),
  ],
);
