import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

/** Raw JSON values; lib/settings parses them with the typed registry. */
export async function readSettingValue(db: Db, params: { tenantId: string; key: string }): Promise<unknown> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.tenantId, params.tenantId), eq(settings.key, params.key)));
  return row?.value;
}

export async function writeSettingValue(
  db: Db,
  params: { tenantId: string; key: string; value: unknown },
): Promise<void> {
  await db
    .insert(settings)
    .values({ tenantId: params.tenantId, key: params.key, value: params.value })
    .onConflictDoUpdate({
      target: [settings.tenantId, settings.key],
      set: { value: params.value, updatedAt: sql`now()` },
    });
}
