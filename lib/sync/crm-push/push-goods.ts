import type { Database } from '@/db/client';
import type { OutboxEntry } from '@/db/queries/crm-outbox';
import { listMirrorGoods } from '@/db/queries/crm-push-reads';
import { findLinksByLime, upsertLink } from '@/db/queries/links';
import type { CrmPort, CrmProductInput } from '@/lib/crm/crm-port';
import { kopecks } from '@/lib/domain/money';
import { writeHash } from './hash';

/**
 * Lime goods → the CRM catalog (DESIGN.md item 1): created by our key (`lime-good:<id>`) or updated
 * in place — renames, prices, and a good removed in Lime made inactive. What the CRM already has
 * (the hash of our last write in `links`) is not written again.
 */

export const goodKey = (id: number) => `lime-good:${id}`;

export async function pushGoods(
  deps: { database: Database; crm: CrmPort },
  params: { tenantId: string; connectionId: string; entries: OutboxEntry[] },
): Promise<{ written: number; unchanged: number }> {
  const { db } = deps.database;
  const goods = await listMirrorGoods(db, { ...params, ids: params.entries.map((e) => e.limeId) });
  const linked = await findLinksByLime(db, {
    tenantId: params.tenantId,
    limeType: 'good',
    crmEntity: 'product',
    limeIds: goods.map((g) => String(g.id)),
  });
  const changed: { id: number; input: CrmProductInput; hash: string }[] = [];
  for (const good of goods) {
    const input: CrmProductInput = {
      externalKey: goodKey(good.id),
      name: good.name,
      price: kopecks(good.priceKopecks),
      active: good.active,
    };
    const hash = writeHash(input);
    if (linked.get(String(good.id))?.lastHash !== hash) changed.push({ id: good.id, input, hash });
  }
  const results = await deps.crm.upsertProducts(changed.map((c) => c.input));
  for (const [index, item] of changed.entries()) {
    const result = results[index];
    if (!result) continue;
    await upsertLink(db, {
      tenantId: params.tenantId,
      limeType: 'good',
      limeId: String(item.id),
      crmEntity: 'product',
      crmId: result.id,
      lastHash: item.hash,
    });
  }
  return { written: changed.length, unchanged: goods.length - changed.length };
}
