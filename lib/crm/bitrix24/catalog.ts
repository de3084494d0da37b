import type { CrmProductInput, UpsertResult } from '@/lib/crm/crm-port';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * Lime goods as Bitrix24 catalog products (api-reference/catalog/product/*, catalog/price/*;
 * crm.product.* is deprecated). A product carries our key in xmlId and is found by it; its price
 * is the base price type's, in rubles. Catalog errors come with a numeric `error`
 * (reference "Sharpened…"): rest.ts keeps it as text.
 */

interface Catalog {
  iblockId: number;
  productIblockId?: number | null;
}
interface PriceType {
  id: number;
  base: 'Y' | 'N';
}
interface Product {
  id: number;
  xmlId: string | null;
}
interface Price {
  id: number;
  productId: number;
  catalogGroupId: number;
}

async function catalogContext(rest: Bitrix24Rest): Promise<{ iblockId: number; basePriceTypeId: number }> {
  const outcome = await rest.batch<unknown>({
    catalogs: ['catalog.catalog.list', { select: ['iblockId', 'productIblockId'] }],
    priceTypes: ['catalog.priceType.list', { select: ['id', 'base'] }],
  });
  assertBatchOk(outcome, 'catalog context');
  const catalogs = (outcome.results.catalogs as { catalogs: Catalog[] }).catalogs;
  // The CRM's product catalog is the one that is not a catalog of offers (productIblockId empty).
  const catalog = catalogs.find((c) => !c.productIblockId) ?? catalogs[0];
  const base = (outcome.results.priceTypes as { priceTypes: PriceType[] }).priceTypes.find(
    (p) => p.base === 'Y',
  );
  if (!catalog || !base) throw new Error('Bitrix24 has no product catalog with a base price type');
  return { iblockId: catalog.iblockId, basePriceTypeId: base.id };
}

export async function upsertProducts(rest: Bitrix24Rest, items: CrmProductInput[]): Promise<UpsertResult[]> {
  if (items.length === 0) return [];
  const { iblockId, basePriceTypeId } = await catalogContext(rest);
  const lookups: BatchCommands = {};
  for (let i = 0; i < items.length; i += 50) {
    lookups[`p${i}`] = [
      'catalog.product.list',
      {
        select: ['id', 'iblockId', 'xmlId'],
        filter: { iblockId, xmlId: items.slice(i, i + 50).map((p) => p.externalKey) },
      },
    ];
  }
  const found = await batchAll<{ products: Product[] }>(rest, lookups);
  assertBatchOk(found, 'catalog.product.list');
  const byKey = new Map<string, number>();
  for (const page of Object.values(found.results))
    for (const p of page.products) if (p.xmlId) byKey.set(p.xmlId, p.id);

  const writes: BatchCommands = {};
  items.forEach((item, index) => {
    const fields = { name: item.name, active: item.active ? 'Y' : 'N' };
    const id = byKey.get(item.externalKey);
    writes[`w${index}`] = id
      ? ['catalog.product.update', { id, fields }]
      : ['catalog.product.add', { fields: { ...fields, iblockId, xmlId: item.externalKey } }];
  });
  const written = await batchAll<{ element: { id: number } }>(rest, writes);
  assertBatchOk(written, 'catalog.product.add/update');
  const ids = items.map(
    (item, index) => byKey.get(item.externalKey) ?? written.results[`w${index}`]?.element.id,
  );

  const priceLookups: BatchCommands = {};
  for (let i = 0; i < ids.length; i += 50) {
    priceLookups[`q${i}`] = [
      'catalog.price.list',
      { filter: { productId: ids.slice(i, i + 50), catalogGroupId: basePriceTypeId } },
    ];
  }
  const prices = await batchAll<{ prices: Price[] }>(rest, priceLookups);
  assertBatchOk(prices, 'catalog.price.list');
  const priceByProduct = new Map<number, number>();
  for (const page of Object.values(prices.results))
    for (const p of page.prices) priceByProduct.set(p.productId, p.id);
  const priceWrites: BatchCommands = {};
  items.forEach((item, index) => {
    const productId = ids[index] as number;
    const fields = { productId, catalogGroupId: basePriceTypeId, price: item.price / 100, currency: 'RUB' };
    const priceId = priceByProduct.get(productId);
    priceWrites[`r${index}`] = priceId
      ? ['catalog.price.update', { id: priceId, fields }]
      : ['catalog.price.add', { fields }];
  });
  assertBatchOk(await batchAll(rest, priceWrites), 'catalog.price.add/update');
  return items.map((item, index) => ({ id: String(ids[index]), created: !byKey.has(item.externalKey) }));
}
