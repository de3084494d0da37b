import { and, asc, eq, ilike } from 'drizzle-orm';
import type { Db } from '../client';
import { limeGoods } from '../schema-lime';

/** Goods a booking can order: the active goods of the tenant's Lime connection, by name. */
export async function searchSellableGoods(
  db: Db,
  params: { tenantId: string; connectionId: string; search: string; limit: number },
) {
  const pattern = `%${params.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      id: limeGoods.id,
      name: limeGoods.name,
      priceKopecks: limeGoods.priceKopecks,
      kind: limeGoods.kind,
    })
    .from(limeGoods)
    .where(
      and(
        eq(limeGoods.tenantId, params.tenantId),
        eq(limeGoods.connectionId, params.connectionId),
        eq(limeGoods.active, true),
        eq(limeGoods.kind, 'regular'),
        params.search ? ilike(limeGoods.name, pattern) : undefined,
      ),
    )
    .orderBy(asc(limeGoods.name))
    .limit(params.limit);
}
