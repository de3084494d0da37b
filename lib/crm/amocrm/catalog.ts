import type { CrmProductInput, UpsertResult } from '@/lib/crm/crm-port';
import type { Kopecks } from '@/lib/domain/money';
import type { AmocrmClient } from './api-client';
import { type AmoFieldValue, chunks, valuesByCode } from './fields';

/**
 * Lime goods as elements of an amoCRM catalog (reference/amocrm.md §3.4): the catalog "Товары Лайм"
 * when the account has one, else the account's products catalog "Товары" (type `products`, with
 * SKU and PRICE fields). An element carries our key in SKU and is found by it (`query=`, then an
 * exact comparison); PRICE is rubles, a string on read. A free-text row of a deal (no product) gets
 * an element of its own keyed by its name and price, so a lead can link it.
 */

export const LIME_CATALOG_NAME = 'Товары Лайм';
/** The name prefix of an element whose good Lime no longer sells. */
export const INACTIVE_PREFIX = '[снят с продажи] ';
export const FREE_ROW_PREFIX = 'lime-free:';
const WRITE_LIMIT = 50;
const READ_LIMIT = 250;
/** Up to this many keys are looked up one `query` each; more read the whole catalog. */
const QUERY_LOOKUPS = 10;

export interface AmoElement {
  id: number;
  name: string;
  catalog_id?: number;
  custom_fields_values?: AmoFieldValue[] | null;
}
interface ElementList {
  _embedded?: { elements?: AmoElement[] };
  _links?: { next?: { href: string } };
}
interface CatalogList {
  _embedded?: { catalogs?: { id: number; name: string; type: string }[] };
}

export const skuOf = (e: AmoElement) => {
  const value = valuesByCode(e.custom_fields_values, 'SKU')[0]?.value;
  return value === undefined ? null : String(value);
};
export const priceOf = (e: AmoElement) => valuesByCode(e.custom_fields_values, 'PRICE')[0]?.value;

/** The catalog's id, read once per client (one adapter, one job run): every deal with rows needs it. */
const catalogIds = new WeakMap<AmocrmClient, Promise<number>>();

export function limeCatalogId(client: AmocrmClient): Promise<number> {
  let id = catalogIds.get(client);
  if (!id) {
    id = findLimeCatalogId(client);
    catalogIds.set(client, id);
    id.catch(() => catalogIds.delete(client));
  }
  return id;
}

async function findLimeCatalogId(client: AmocrmClient): Promise<number> {
  const answer = await client.get<CatalogList>('/api/v4/catalogs');
  const catalogs = answer?._embedded?.catalogs ?? [];
  const catalog =
    catalogs.find((c) => c.name === LIME_CATALOG_NAME) ?? catalogs.find((c) => c.type === 'products');
  if (!catalog) throw new Error('amoCRM account has no products catalog (enable "Товары" in the account)');
  return catalog.id;
}

async function listElements(
  client: AmocrmClient,
  catalogId: number,
  query: Record<string, unknown>,
): Promise<AmoElement[]> {
  const found: AmoElement[] = [];
  for (let page = 1; page <= 400; page++) {
    const answer = await client.get<ElementList>(`/api/v4/catalogs/${catalogId}/elements`, {
      ...query,
      page,
      limit: READ_LIMIT,
    });
    const items = answer?._embedded?.elements ?? [];
    found.push(...items);
    if (!answer?._links?.next || items.length < READ_LIMIT) break;
  }
  return found;
}

export async function getElements(
  client: AmocrmClient,
  catalogId: number,
  ids: number[],
): Promise<AmoElement[]> {
  const out: AmoElement[] = [];
  for (const part of chunks([...new Set(ids)], READ_LIMIT))
    out.push(...(await listElements(client, catalogId, { filter: { id: part } })));
  return out;
}

/** Elements by SKU, for the keys given. */
async function findBySku(
  client: AmocrmClient,
  catalogId: number,
  keys: string[],
): Promise<Map<string, AmoElement>> {
  const wanted = new Set(keys);
  const found = new Map<string, AmoElement>();
  const pool: AmoElement[] = [];
  if (wanted.size <= QUERY_LOOKUPS)
    for (const key of wanted) pool.push(...(await listElements(client, catalogId, { query: key })));
  else pool.push(...(await listElements(client, catalogId, {})));
  for (const element of pool.sort((a, b) => a.id - b.id)) {
    const sku = skuOf(element);
    if (sku && wanted.has(sku) && !found.has(sku)) found.set(sku, element);
  }
  return found;
}

interface ElementWrite {
  key: string;
  name: string;
  price: Kopecks;
}

/** Creates elements by SKU or updates the one with that SKU; ids in input order. */
async function upsertElements(
  client: AmocrmClient,
  catalogId: number,
  items: ElementWrite[],
): Promise<UpsertResult[]> {
  const existing = await findBySku(
    client,
    catalogId,
    items.map((i) => i.key),
  );
  const priceField = (price: Kopecks) => ({ field_code: 'PRICE', values: [{ value: price / 100 }] });
  const updates = items.flatMap((item) => {
    const element = existing.get(item.key);
    if (!element) return [];
    if (element.name === item.name && Number(priceOf(element)) === item.price / 100) return [];
    return [{ id: element.id, name: item.name, custom_fields_values: [priceField(item.price)] }];
  });
  for (const part of chunks(updates, WRITE_LIMIT))
    await client.patch(`/api/v4/catalogs/${catalogId}/elements`, part);
  // One element per key even when the key repeats in the input.
  const toCreate = [...new Map(items.filter((i) => !existing.has(i.key)).map((i) => [i.key, i])).values()];
  const created = new Map<string, number>();
  for (const part of chunks(toCreate, WRITE_LIMIT)) {
    const answer = await client.post<
      ElementList & { _embedded?: { elements?: { id: number; request_id?: string }[] } }
    >(
      `/api/v4/catalogs/${catalogId}/elements`,
      part.map((item) => ({
        name: item.name,
        request_id: item.key,
        custom_fields_values: [{ field_code: 'SKU', values: [{ value: item.key }] }, priceField(item.price)],
      })),
    );
    const rows = answer?._embedded?.elements ?? [];
    rows.forEach((row, i) => {
      created.set((row as { request_id?: string }).request_id ?? (part[i]?.key as string), row.id);
    });
  }
  return items.map((item) => {
    const known = existing.get(item.key);
    if (known) return { id: String(known.id), created: false };
    const id = created.get(item.key);
    if (id === undefined) throw new Error(`amoCRM did not create the catalog element ${item.key}`);
    return { id: String(id), created: true };
  });
}

export async function upsertProducts(
  client: AmocrmClient,
  items: CrmProductInput[],
): Promise<UpsertResult[]> {
  if (items.length === 0) return [];
  const catalogId = await limeCatalogId(client);
  // amoCRM elements have no active flag and API v4 deletes none: a good gone from Lime keeps its
  // element (old leads link it) under a name that says so.
  return upsertElements(
    client,
    catalogId,
    items.map((i) => ({
      key: i.externalKey,
      name: i.active ? i.name : `${INACTIVE_PREFIX}${i.name}`,
      price: i.price,
    })),
  );
}

/** Elements for free-text rows (keyed by name and price, so an old lead keeps its price). */
export async function freeRowElements(
  client: AmocrmClient,
  catalogId: number,
  rows: { name: string; price: Kopecks }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const results = await upsertElements(
    client,
    catalogId,
    rows.map((r) => ({ key: `${FREE_ROW_PREFIX}${r.price}:${r.name}`, name: r.name, price: r.price })),
  );
  return results.map((r) => r.id);
}
