import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';
import { type CampaignKind, campaigns } from '../schema-mailings';
import { rowsOf } from './campaign-audience';

/** Mailing campaigns (db/schema-mailings.ts), always of one tenant. */

export type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignDraft {
  tenantId: string;
  connectionId: string;
  kind: CampaignKind;
  name: string;
  rules: Record<string, unknown>;
  delivery: Record<string, unknown>;
  bonusKopecks: number | null;
}

const thisCampaign = (params: { tenantId: string; id: string }) =>
  and(eq(campaigns.tenantId, params.tenantId), eq(campaigns.id, params.id));

export async function listCampaigns(db: Db, params: { tenantId: string }): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(eq(campaigns.tenantId, params.tenantId))
    .orderBy(asc(campaigns.createdAt), asc(campaigns.id));
}

export async function listEnabledCampaigns(db: Db, params: { tenantId: string }): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, params.tenantId), eq(campaigns.enabled, true)))
    .orderBy(asc(campaigns.createdAt), asc(campaigns.id));
}

export async function getCampaign(
  db: Db,
  params: { tenantId: string; id: string },
): Promise<CampaignRow | null> {
  const [row] = await db.select().from(campaigns).where(thisCampaign(params));
  return row ?? null;
}

/** A new campaign (disabled), or null when the tenant has one of that name. */
export async function insertCampaign(
  db: Db,
  draft: CampaignDraft & { createdBy: string },
): Promise<CampaignRow | null> {
  const [row] = await db.insert(campaigns).values(draft).onConflictDoNothing().returning();
  return row ?? null;
}

/**
 * A campaign's new name, rules, delivery and bonus (its kind stays); null when it is not the
 * tenant's or another campaign of the tenant has the name.
 */
export async function updateCampaign(
  db: Db,
  params: { tenantId: string; id: string } & Omit<CampaignDraft, 'tenantId' | 'kind' | 'connectionId'>,
): Promise<CampaignRow | null> {
  const { tenantId, id, ...patch } = params;
  const [row] = await db
    .update(campaigns)
    .set({ ...patch, plannedUntil: null, updatedAt: sql`now()` })
    .where(
      and(
        thisCampaign({ tenantId, id }),
        sql`not exists (select 1 from ${campaigns} other
             where other.tenant_id = ${tenantId} and other.name = ${patch.name} and other.id <> ${id})`,
      ),
    )
    .returning();
  return row ?? null;
}

/** On or off; enabling stamps `enabledAt` (occasions before it are not mailed), a second enable keeps it. */
export async function setCampaignEnabled(
  db: Db,
  params: { tenantId: string; id: string; enabled: boolean; at: Date },
): Promise<CampaignRow | null> {
  const [row] = await db
    .update(campaigns)
    .set({
      enabled: params.enabled,
      enabledAt: params.enabled
        ? sql`case when ${campaigns.enabled} then ${campaigns.enabledAt} else ${params.at.toISOString()}::timestamptz end`
        : null,
      plannedUntil: params.enabled ? sql`${campaigns.plannedUntil}` : null,
      updatedAt: sql`now()`,
    })
    .where(thisCampaign(params))
    .returning();
  return row ?? null;
}

/** The scheduler recorded the campaign's occasions up to `until`. */
export async function markCampaignPlanned(
  db: Db,
  params: { tenantId: string; id: string; until: Date },
): Promise<void> {
  await db.update(campaigns).set({ plannedUntil: params.until }).where(thisCampaign(params));
}

/**
 * Tenants with mailing work: an enabled campaign, or automatic birthday bonuses switched on — or
 * switched off with their catch-up mark still set, for one pass to clear it (the periodic schedule's
 * list; a cross-tenant read of ids only).
 */
export async function listTenantsWithMailingWork(db: Db): Promise<string[]> {
  const rows = await rowsOf<{ tenantId: string }>(
    db,
    sql`select distinct ${campaigns.tenantId} as "tenantId" from ${campaigns} where ${campaigns.enabled}
        union
        select ${settings.tenantId} from ${settings}
         where (${settings.key} = 'birthdayBonus' and (${settings.value} -> 'v' ->> 'enabled') = 'true')
            or (${settings.key} = 'birthdayBonusCatchUp' and jsonb_typeof(${settings.value} -> 'v') = 'object')`,
  );
  return rows.map((r) => r.tenantId);
}
