import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { WeekHours } from '@/lib/domain/bookings';
import type { Db } from '../client';
import { type ResourceKind, resources } from '../schema-bookings';

/** A tenant's halls and staff (db/schema-bookings.ts). */

export type ResourceRow = typeof resources.$inferSelect;

export interface ResourceFields {
  kind: ResourceKind;
  name: string;
  capacity: number | null;
  hours: WeekHours;
  bufferBeforeMin: number;
  bufferAfterMin: number;
}

export async function listResources(
  db: Db,
  params: { tenantId: string; includeArchived?: boolean },
): Promise<ResourceRow[]> {
  return db
    .select()
    .from(resources)
    .where(
      and(
        eq(resources.tenantId, params.tenantId),
        params.includeArchived ? undefined : eq(resources.active, true),
      ),
    )
    .orderBy(asc(resources.kind), asc(resources.name));
}

export async function getResources(
  db: Db,
  params: { tenantId: string; ids: string[] },
): Promise<ResourceRow[]> {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(resources)
    .where(and(eq(resources.tenantId, params.tenantId), inArray(resources.id, params.ids)));
}

/** The new resource, or null when an active one of that kind already has the name. */
export async function insertResource(
  db: Db,
  params: { tenantId: string } & ResourceFields,
): Promise<ResourceRow | null> {
  const [row] = await db.insert(resources).values(params).onConflictDoNothing().returning();
  return row ?? null;
}

/** The changed resource; null when the tenant has none with that id. */
export async function updateResource(
  db: Db,
  params: { tenantId: string; id: string } & Partial<ResourceFields> & { active?: boolean },
): Promise<ResourceRow | null> {
  const { tenantId, id, ...fields } = params;
  const [row] = await db
    .update(resources)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)))
    .returning();
  return row ?? null;
}

export async function setResourceMirrorId(
  db: Db,
  params: { tenantId: string; id: string; crmMirrorId: string | null },
): Promise<void> {
  await db
    .update(resources)
    .set({ crmMirrorId: params.crmMirrorId })
    .where(and(eq(resources.tenantId, params.tenantId), eq(resources.id, params.id)));
}
