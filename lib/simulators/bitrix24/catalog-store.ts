import type { JsonObject, JsonValue } from './types';
import { isoInZone, zoneFor } from './wire-time';

/**
 * The trade catalog as catalog.* sees it: the CRM product catalog (iblock 23, products) and its
 * catalog of offers (iblock 24, `productIblockId` 23, SKU property 97) — a modern portal has both
 * — one price type (BASE, `base: 'Y'`), products (iblock elements with their catalog fields) and
 * prices. Rows are kept in their REST shape (camelCase keys, numbers as numbers) and answered
 * with their keys in alphabetical order, as the official examples show them.
 */

export const PRODUCT_IBLOCK_ID = 23;
export const OFFERS_IBLOCK_ID = 24;
/** catalog_measure: "pcs" (OKEI 796) is measure 5 on a fresh portal. */
export const DEFAULT_MEASURE = { id: 5, code: 796, ru: 'шт', com: 'pcs' } as const;
export const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'UAH'];

export interface CatalogStoreDeps {
  now: () => Date;
  region: 'ru' | 'com';
}

/** Product fields a client may write, with their types (catalog_product). */
export const PRODUCT_FIELDS: Record<string, 'string' | 'int' | 'double' | 'char' | 'datetime'> = {
  name: 'string',
  active: 'char',
  code: 'string',
  xmlId: 'string',
  barcodeMulti: 'char',
  canBuyZero: 'char',
  createdBy: 'int',
  modifiedBy: 'int',
  dateActiveFrom: 'datetime',
  dateActiveTo: 'datetime',
  dateCreate: 'datetime',
  iblockSectionId: 'int',
  measure: 'int',
  previewText: 'string',
  detailText: 'string',
  previewTextType: 'string',
  detailTextType: 'string',
  sort: 'int',
  subscribe: 'char',
  vatId: 'int',
  vatIncluded: 'char',
  height: 'double',
  length: 'double',
  weight: 'double',
  width: 'double',
  quantityTrace: 'char',
  purchasingCurrency: 'string',
  purchasingPrice: 'double',
  quantity: 'double',
  quantityReserved: 'double',
  recurSchemeLength: 'int',
  recurSchemeType: 'string',
  trialPriceId: 'int',
  withoutOrder: 'char',
};

export function sortKeys(row: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class CatalogStore {
  readonly catalogs: JsonObject[];
  readonly priceTypes: JsonObject[];
  readonly products = new Map<number, JsonObject>();
  readonly prices = new Map<number, JsonObject>();
  private nextProductId = 1;
  private nextPriceId = 1;

  constructor(private readonly deps: CatalogStoreDeps) {
    const ru = deps.region === 'ru';
    const name = ru ? 'Каталог товаров CRM' : 'Product Catalog CRM';
    this.catalogs = [
      {
        iblockId: PRODUCT_IBLOCK_ID,
        iblockTypeId: 0,
        id: PRODUCT_IBLOCK_ID,
        lid: 's1',
        name,
        productIblockId: null,
        skuPropertyId: null,
        subscription: 'N',
        vatId: null,
      },
      {
        iblockId: OFFERS_IBLOCK_ID,
        iblockTypeId: 0,
        id: OFFERS_IBLOCK_ID,
        lid: 's1',
        name: ru ? `${name} (предложения)` : `${name} (offers)`,
        productIblockId: PRODUCT_IBLOCK_ID,
        skuPropertyId: 97,
        subscription: 'N',
        vatId: null,
      },
    ];
    const created = this.stamp();
    this.priceTypes = [
      {
        base: 'Y',
        createdBy: 1,
        dateCreate: created,
        id: 1,
        modifiedBy: 1,
        name: 'BASE',
        sort: 100,
        timestampX: created,
        xmlId: 'BASE',
      },
    ];
  }

  stamp(): string {
    return isoInZone(this.deps.now(), zoneFor(this.deps.region));
  }

  measureName(): string {
    return DEFAULT_MEASURE[this.deps.region];
  }

  isCatalog(iblockId: number): boolean {
    return this.catalogs.some((c) => c.iblockId === iblockId);
  }

  /** A new product with the portal's defaults; `fields` already internalized (camelCase). */
  addProduct(iblockId: number, fields: Record<string, JsonValue>, userId: number): JsonObject {
    const id = this.nextProductId++;
    const now = this.stamp();
    const row: JsonObject = {
      active: 'Y',
      available: 'Y',
      barcodeMulti: 'N',
      bundle: 'N',
      canBuyZero: 'N',
      code: null,
      createdBy: userId,
      dateActiveFrom: null,
      dateActiveTo: null,
      dateCreate: now,
      detailPicture: null,
      detailText: null,
      detailTextType: 'text',
      height: null,
      iblockId,
      iblockSectionId: null,
      id,
      length: null,
      measure: DEFAULT_MEASURE.id,
      modifiedBy: userId,
      name: '',
      previewPicture: null,
      previewText: null,
      previewTextType: 'text',
      purchasingCurrency: null,
      purchasingPrice: null,
      quantity: 0,
      quantityReserved: 0,
      quantityTrace: 'D',
      recurSchemeLength: null,
      recurSchemeType: 'D',
      sort: 500,
      subscribe: 'D',
      timestampX: now,
      trialPriceId: null,
      type: iblockId === OFFERS_IBLOCK_ID ? 4 : 1,
      vatId: null,
      vatIncluded: 'N',
      weight: null,
      width: null,
      withoutOrder: 'N',
      xmlId: null,
      ...fields,
    };
    // An element saved without XML_ID gets its own id as the external code.
    if (row.xmlId === null || row.xmlId === '') row.xmlId = String(id);
    this.products.set(id, row);
    return sortKeys(row);
  }

  updateProduct(id: number, fields: Record<string, JsonValue>, userId: number): JsonObject {
    const row = this.products.get(id);
    if (!row) throw new Error(`no product ${id}`);
    Object.assign(row, fields, { modifiedBy: userId, timestampX: this.stamp() });
    if (row.xmlId === null || row.xmlId === '') row.xmlId = String(id);
    return sortKeys(row);
  }

  addPrice(fields: {
    productId: number;
    catalogGroupId: number;
    price: number;
    currency: string;
  }): JsonObject {
    const id = this.nextPriceId++;
    const row: JsonObject = {
      catalogGroupId: fields.catalogGroupId,
      currency: fields.currency,
      extraId: null,
      id,
      price: fields.price,
      productId: fields.productId,
      quantityFrom: null,
      quantityTo: null,
      timestampX: this.stamp(),
    };
    this.prices.set(id, row);
    return sortKeys(row);
  }
}
