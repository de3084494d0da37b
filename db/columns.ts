import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './schema';
import { limeConnections } from './schema-lime';

/** Columns the feature tables share: the tenant and the Lime connection (cascading), and their times. */

export const tenantRef = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });
export const connectionRef = () =>
  uuid('connection_id')
    .notNull()
    .references(() => limeConnections.id, { onDelete: 'cascade' });
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
