import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { links } from '../schema';

export type Link = typeof links.$inferSelect;

export async function findLinkByLime(
  db: Db,
  params: { tenantId: string; limeType: string; limeId: string; crmEntity: string },
): Promise<Link | null> {
  const [row] = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.tenantId, params.tenantId),
        eq(links.limeType, params.limeType),
        eq(links.limeId, params.limeId),
        eq(links.crmEntity, params.crmEntity),
      ),
    );
  return row ?? null;
}

export async function findLinkByCrm(
  db: Db,
  params: { tenantId: string; crmEntity: string; crmId: string },
): Promise<Link | null> {
  const [row] = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.tenantId, params.tenantId),
        eq(links.crmEntity, params.crmEntity),
        eq(links.crmId, params.crmId),
      ),
    );
  return row ?? null;
}

export async function upsertLink(
  db: Db,
  params: {
    tenantId: string;
    limeType: string;
    limeId: string;
    crmEntity: string;
    crmId: string;
    lastHash?: string;
  },
): Promise<void> {
  await db
    .insert(links)
    .values({ ...params, lastHash: params.lastHash ?? null })
    .onConflictDoUpdate({
      target: [links.tenantId, links.limeType, links.limeId, links.crmEntity],
      set: { crmId: params.crmId, lastHash: params.lastHash ?? null, updatedAt: sql`now()` },
    });
}

/** The links of many Lime ids of one type to one CRM entity, by Lime id. */
export async function findLinksByLime(
  db: Db,
  params: { tenantId: string; limeType: string; crmEntity: string; limeIds: string[] },
): Promise<Map<string, Link>> {
  if (params.limeIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.tenantId, params.tenantId),
        eq(links.limeType, params.limeType),
        eq(links.crmEntity, params.crmEntity),
        inArray(links.limeId, params.limeIds),
      ),
    );
  return new Map(rows.map((row) => [row.limeId, row]));
}
