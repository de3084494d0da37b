import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

/**
 * Raw JSON values; lib/settings parses them with the typed registry. Each value is stored wrapped
 * as `{ "v": value }`: Drizzle re-parses a jsonb string on read, which would turn the setting "17"
 * into the number 17; an object round-trips intact on both drivers.
 */
export async function readSettingValue(db: Db, params: { tenantId: string; key: string }): Promise<unknown> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.tenantId, params.tenantId), eq(settings.key, params.key)));
  return (row?.value as { v?: unknown } | undefined)?.v;
}

export async function writeSettingValue(
  db: Db,
  params: { tenantId: string; key: string; value: unknown },
): Promise<void> {
  await db
    .insert(settings)
    .values({ tenantId: params.tenantId, key: params.key, value: { v: params.value } })
    .onConflictDoUpdate({
      target: [settings.tenantId, settings.key],
      set: { value: { v: params.value }, updatedAt: sql`now()` },
    });
}

/**
 * The tenant whose setting `key` holds `value` (a webhook secret's hash, looked up on an
 * unauthenticated path): one of the few cross-tenant reads, by an unguessable value.
 */
export async function findTenantIdBySettingValue(
  db: Db,
  params: { key: string; value: string },
): Promise<string | null> {
  const [row] = await db
    .select({ tenantId: settings.tenantId })
    .from(settings)
    .where(
      and(
        eq(settings.key, params.key),
        sql`${settings.value} = ${JSON.stringify({ v: params.value })}::jsonb`,
      ),
    )
    .limit(1);
  return row?.tenantId ?? null;
}
