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
import type { WeekHours } from '@/lib/domain/bookings';
import { createdAt, tenantRef, updatedAt } from './columns';

/**
 * Bookings of halls and staff (issue 7, DESIGN.md "Bookings are safe under concurrency"). A booking
 * holds one hall and any staff; each (booking, resource) pair is a `booking_resources` row with the
 * range widened by that resource's buffers and the booking's status, and the exclusion constraint
 * of migration 0009 (hand SQL: drizzle cannot express it) forbids two live rows of one resource
 * whose ranges overlap. Times are timestamptz; the wall clock is the tenant's venue zone, kept on
 * the booking so a move keeps local times across a daylight-saving change.
 */

export const RESOURCE_KINDS = ['hall', 'staff'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    kind: text('kind').notNull().$type<ResourceKind>(),
    name: text('name').notNull(),
    /** Halls: how many guests fit (null: not said). */
    capacity: integer('capacity'),
    hours: jsonb('hours').notNull().$type<WeekHours>(),
    bufferBeforeMin: integer('buffer_before_min').notNull().default(0),
    bufferAfterMin: integer('buffer_after_min').notNull().default(0),
    /** Archived resources keep their bookings but take no new ones. */
    active: boolean('active').notNull().default(true),
    /** Bitrix24 booking.v1 resource id, when the portal has the booking module. */
    crmMirrorId: text('crm_mirror_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('resources_tenant_name')
      .on(t.tenantId, t.kind, sql`lower(${t.name})`)
      .where(sql`${t.active}`),
    index('resources_tenant_idx').on(t.tenantId, t.kind),
    check('resources_kind', sql`${t.kind} in ('hall', 'staff')`),
    check('resources_capacity', sql`${t.capacity} is null or ${t.capacity} > 0`),
    check(
      'resources_buffers',
      sql`${t.bufferBeforeMin} between 0 and 720 and ${t.bufferAfterMin} between 0 and 720`,
    ),
  ],
);

export const BOOKING_STATUSES = ['held', 'confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** A line of the booking's order: a Lime good, its price when chosen (kopecks) and the quantity. */
export interface BookingItem {
  goodId: number;
  name: string;
  price: number;
  quantity: number;
}

export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** What managers call it ("бронь №12"): per tenant, from 1, without gaps (booking_counters). */
    number: integer('number').notNull(),
    hallId: uuid('hall_id')
      .notNull()
      .references(() => resources.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** The venue's IANA zone when the booking was made: its wall clock. */
    timeZone: text('time_zone').notNull(),
    status: text('status').notNull().$type<BookingStatus>().default('held'),
    /** The CRM deal whose card made it: one booking per deal. */
    crmDealId: text('crm_deal_id').notNull(),
    crmContactId: text('crm_contact_id'),
    limeClientId: integer('lime_client_id'),
    items: jsonb('items').notNull().$type<BookingItem[]>().default([]),
    totalKopecks: bigint('total_kopecks', { mode: 'number' }).notNull().default(0),
    comment: text('comment'),
    /** Bumped by every change Lime must hear of: the pre-order's update key carries it. */
    version: integer('version').notNull().default(1),
    preorderId: integer('preorder_id'),
    preorderNumber: text('preorder_number'),
    /** The booking version Lime's pre-order reflects (null: none pushed yet). */
    preorderVersion: integer('preorder_version'),
    /** First confirmed (then Lime may hold its pre-order, even if a push died before recording it). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    pushError: text('push_error'),
    crmMirrorId: text('crm_mirror_id'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bookings_tenant_deal').on(t.tenantId, t.crmDealId),
    uniqueIndex('bookings_tenant_number').on(t.tenantId, t.number),
    index('bookings_tenant_time_idx').on(t.tenantId, t.startsAt),
    index('bookings_tenant_preorder_idx').on(t.tenantId, t.preorderId),
    check('bookings_range', sql`${t.endsAt} > ${t.startsAt}`),
    check('bookings_status', sql`${t.status} in ('held', 'confirmed', 'cancelled')`),
  ],
);

/**
 * The last booking number of each tenant. Taken in the booking's own transaction (`UPDATE …
 * RETURNING` holds the row until commit), so a refused booking gives its number back and one
 * tenant's numbers say nothing of another's activity.
 */
export const bookingCounters = pgTable('booking_counters', {
  tenantId: tenantRef().primaryKey(),
  last: integer('last').notNull().default(0),
});

/** One row per (booking, resource): the range it holds (widened by the resource's buffers). */
export const bookingResources = pgTable(
  'booking_resources',
  {
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    tenantId: tenantRef(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().$type<BookingStatus>(),
  },
  (t) => [
    uniqueIndex('booking_resources_pk').on(t.bookingId, t.resourceId),
    index('booking_resources_tenant_time_idx').on(t.tenantId, t.startsAt),
    check('booking_resources_range', sql`${t.endsAt} > ${t.startsAt}`),
    check('booking_resources_status', sql`${t.status} in ('held', 'confirmed', 'cancelled')`),
  ],
);
