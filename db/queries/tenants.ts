import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type TenantKind, type TenantStatus, tenants } from '../schema';

export type Tenant = typeof tenants.$inferSelect;

export async function upsertTenant(
  db: Db,
  params: { kind: TenantKind; externalId: string; domain: string; locale?: string },
): Promise<Tenant> {
  const [row] = await db
    .insert(tenants)
    .values({
      kind: params.kind,
      externalId: params.externalId,
      domain: params.domain,
      locale: params.locale,
    })
    .onConflictDoUpdate({
      target: [tenants.kind, tenants.externalId],
      set: { domain: params.domain, status: 'active', updatedAt: sql`now()` },
    })
    .returning();
  return row as Tenant;
}

export async function getTenantById(db: Db, params: { tenantId: string }): Promise<Tenant | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, params.tenantId));
  return row ?? null;
}

export async function findTenant(
  db: Db,
  params: { kind: TenantKind; externalId: string },
): Promise<Tenant | null> {
  const [row] = await db
    .select()
    .from(tenants)
    .where(and(eq(tenants.kind, params.kind), eq(tenants.externalId, params.externalId)));
  return row ?? null;
}

export async function setTenantStatus(
  db: Db,
  params: { tenantId: string; status: TenantStatus },
): Promise<void> {
  await db
    .update(tenants)
    .set({ status: params.status, updatedAt: sql`now()` })
    .where(eq(tenants.id, params.tenantId));
}

/** Active tenants of one kind (the schedules' work lists). */
export async function listActiveTenantIds(db: Db, params: { kind: TenantKind }): Promise<string[]> {
  const rows = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.kind, params.kind), eq(tenants.status, 'active')));
  return rows.map((row) => row.id);
}

/** Tenants whose CRM refused our refresh token: an admin must install the app again. */
export async function countTenantsNeedingReinstall(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tenants)
    .where(eq(tenants.status, 'needs_reinstall'));
  return Number(row?.n ?? 0);
}

/**
 * The sandbox's own demo tenant (lib/sandbox): first created with this domain, then installed on
 * the simulated portal whose member_id it has. It is not a connected customer.
 */
export const SANDBOX_DOMAIN = 'sandbox.local';
export const SANDBOX_MEMBER_ID = 'a9e0c0ffee5a4db0b0c0ffee5a4db0b0';
/** The sandbox's simulated amoCRM account (real account ids have eight digits). */
export const SANDBOX_AMOCRM_ACCOUNT_ID = 999;

/** Active tenants per kind: the only cross-tenant read, for the operator's home page and metrics. */
export async function countActiveTenantsByKind(db: Db): Promise<Record<TenantKind, number>> {
  const rows = await db
    .select({ kind: tenants.kind, n: sql<number>`count(*)::int` })
    .from(tenants)
    .where(
      and(
        eq(tenants.status, 'active'),
        ne(tenants.domain, SANDBOX_DOMAIN),
        notInArray(tenants.externalId, [SANDBOX_MEMBER_ID, String(SANDBOX_AMOCRM_ACCOUNT_ID)]),
      ),
    )
    .groupBy(tenants.kind);
  const counts: Record<TenantKind, number> = { bitrix24: 0, bitrix24_webhook: 0, amocrm: 0 };
  for (const row of rows) counts[row.kind] = Number(row.n);
  return counts;
}
