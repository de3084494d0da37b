import { DEFAULT_MEASURE } from './catalog-store';
import type { ProductRow } from './crm-store';
import { intval, isMap, strval } from './php';
import type { PortalState } from './portal-state';
import { RestError } from './rest-error';
import type { JsonObject, PhpMap, PhpValue } from './types';

/**
 * Product rows of deals (crm.item.productrow.set / .list; api-reference/crm/universal/product-rows).
 * A row names a catalog product (`productId`, which must exist: INVALID_ARG_VALUE otherwise) or
 * is free text (`productName`); `price` is the final unit price (discount and tax included), 0 when
 * omitted even for a catalog product; `quantity` defaults to 1, `discountTypeId` to 2 (percent),
 * `taxIncluded` to N; `taxName` is a label ("No VAT" when there is no tax). The method computes
 * priceExclusive (without tax), priceNetto (before the discount), priceBrutto (netto with tax),
 * priceAccount, measureName, type, customized, xmlId and storeId itself and ignores them in
 * the request. An `id` of one of the deal's rows keeps that id; anything else is a new row.
 */

const round8 = (n: number) => Math.round(n * 1e8) / 1e8;

function num(value: PhpValue | undefined, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(strval(value));
  return Number.isFinite(n) ? n : fallback;
}

export function buildProductRow(
  state: PortalState,
  dealId: number,
  input: PhpMap,
  keepIds: Set<number>,
): ProductRow {
  const productId = Math.max(intval(input.productId ?? 0), 0);
  const product = productId > 0 ? state.catalog.products.get(productId) : undefined;
  if (productId > 0 && !product) {
    throw new RestError(400, 'INVALID_ARG_VALUE', `Product with id ${productId} was not found`);
  }
  let productName = strval(input.productName);
  if (productName === '' && product) productName = strval(product.name);
  if (productName === '') {
    throw new RestError(400, 'INVALID_ARG_VALUE', 'Either productId or productName must be set');
  }
  const price = num(input.price, 0);
  const taxRate =
    input.taxRate === undefined || input.taxRate === null || input.taxRate === ''
      ? null
      : num(input.taxRate, 0);
  const taxIncluded = strval(input.taxIncluded).toUpperCase() === 'Y' ? 'Y' : 'N';
  const discountTypeId = intval(input.discountTypeId ?? 2) === 1 ? 1 : 2;
  const tax = (taxRate ?? 0) / 100;
  const priceExclusive = price / (1 + tax);
  let discountRate = num(input.discountRate, 0);
  let discountSum = num(input.discountSum, 0);
  let priceNetto: number;
  if (discountTypeId === 2) {
    priceNetto = discountRate < 100 ? priceExclusive / (1 - discountRate / 100) : priceExclusive;
    discountSum = priceNetto - priceExclusive;
  } else {
    priceNetto = priceExclusive + discountSum;
    discountRate = priceNetto !== 0 ? (discountSum / priceNetto) * 100 : 0;
  }
  const id = intval(input.id ?? 0);
  const measureCode = input.measureCode === undefined ? DEFAULT_MEASURE.code : intval(input.measureCode);
  return {
    id: id > 0 && keepIds.has(id) ? id : state.crm.rowId(),
    ownerId: dealId,
    ownerType: 'D',
    productId,
    productName,
    price: round8(price),
    priceAccount: round8(price),
    priceExclusive: round8(priceExclusive),
    priceNetto: round8(priceNetto),
    priceBrutto: round8(priceNetto * (1 + tax)),
    quantity: num(input.quantity, 1),
    discountTypeId,
    discountRate: round8(discountRate),
    discountSum: round8(discountSum),
    taxRate,
    taxIncluded,
    taxName:
      input.taxName !== undefined
        ? strval(input.taxName)
        : taxRate === null
          ? noVat(state)
          : `VAT ${taxRate}`,
    customized: 'Y',
    measureCode,
    measureName: measureCode === DEFAULT_MEASURE.code ? state.catalog.measureName() : '',
    sort: intval(input.sort ?? 0),
    xmlId: '',
    type: product ? Number(product.type) : 1,
    storeId: null,
  };
}

function noVat(state: PortalState): string {
  return state.region === 'ru' ? 'Без НДС' : 'No VAT';
}

export function sortRows(rows: readonly ProductRow[]): ProductRow[] {
  return [...rows].sort((a, b) => a.sort - b.sort || a.id - b.id);
}

export function rowToWire(row: ProductRow): JsonObject {
  return { ...row };
}

export function rowInputs(value: PhpValue): PhpMap[] {
  if (Array.isArray(value)) return value.filter((v): v is PhpMap => isMap(v));
  if (isMap(value)) return Object.values(value).filter((v): v is PhpMap => isMap(v));
  return [];
}
