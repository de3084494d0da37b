import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { links } from '../schema';

export type Link = typeof links.$inferSelect;

type LimeSide = { tenantId: string; limeType: string; limeId: string; crmEntity: string };

const byLime = (params: LimeSide) =>
  and(
    eq(links.tenantId, params.tenantId),
    eq(links.limeType, params.limeType),
    eq(links.limeId, params.limeId),
    eq(links.crmEntity, params.crmEntity),
  );

export async function findLinkByLime(
  db: Db,
  params: { tenantId: string; limeType: string; limeId: string; crmEntity: string },
): Promise<Link | null> {
  const [row] = await db.select().from(links).where(byLime(params));
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
    lastHash?: string | null;
    syncedFields?: unknown;
  },
): Promise<void> {
  const { tenantId, ...row } = params;
  await upsertLinks(db, { tenantId, rows: [row] });
}

/** Many links of one tenant in one statement (a round of 50 contacts). */
export async function upsertLinks(
  db: Db,
  params: {
    tenantId: string;
    rows: {
      limeType: string;
      limeId: string;
      crmEntity: string;
      crmId: string;
      lastHash?: string | null;
      syncedFields?: unknown;
    }[];
  },
): Promise<void> {
  if (params.rows.length === 0) return;
  await db
    .insert(links)
    .values(
      params.rows.map((row) => ({
        ...row,
        tenantId: params.tenantId,
        lastHash: row.lastHash ?? null,
        syncedFields: row.syncedFields ?? null,
      })),
    )
    .onConflictDoUpdate({
      target: [links.tenantId, links.limeType, links.limeId, links.crmEntity],
      set: {
        crmId: sql`excluded.crm_id`,
        lastHash: sql`excluded.last_hash`,
        syncedFields: sql`excluded.synced_fields`,
        updatedAt: sql`now()`,
      },
    });
}

/** The links of many Lime ids of one type to one CRM entity, by Lime id. */
export function findLinksByLime(
  db: Db,
  params: { tenantId: string; limeType: string; crmEntity: string; limeIds: string[] },
): Promise<Map<string, Link>> {
  return findLinksKeyed(db, params, links.limeId, params.limeIds, eq(links.limeType, params.limeType));
}

/** The links of many CRM ids of one entity, by CRM id. */
export function findLinksByCrm(
  db: Db,
  params: { tenantId: string; crmEntity: string; crmIds: string[] },
): Promise<Map<string, Link>> {
  return findLinksKeyed(db, params, links.crmId, params.crmIds);
}

async function findLinksKeyed(
  db: Db,
  params: { tenantId: string; crmEntity: string },
  column: typeof links.limeId | typeof links.crmId,
  values: string[],
  extra?: SQL,
): Promise<Map<string, Link>> {
  if (values.length === 0) return new Map();
  const rows = await db
    .select()
    .from(links)
    .where(
      and(
        eq(links.tenantId, params.tenantId),
        eq(links.crmEntity, params.crmEntity),
        inArray(column, values),
        extra,
      ),
    );
  return new Map(rows.map((row) => [column === links.limeId ? row.limeId : row.crmId, row]));
}

/** Forgets what we last wrote for a link, so the next push writes the CRM whatever it is thought to have. */
export async function forgetLinkHash(
  db: Db,
  params: { tenantId: string; limeType: string; limeId: string; crmEntity: string },
): Promise<void> {
  await db.update(links).set({ lastHash: null, updatedAt: sql`now()` }).where(byLime(params));
}
