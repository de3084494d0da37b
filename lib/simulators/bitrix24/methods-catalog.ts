import { CURRENCIES, PRODUCT_FIELDS, sortKeys } from './catalog-store';
import { pageOf } from './crm-query';
import { entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { type MethodContext, type MethodOutput, type MethodTable, ok } from './rest-context';
import { argumentTypeError, missingArgument, RestError } from './rest-error';
import type { JsonObject, JsonValue, PhpMap, PhpValue } from './types';
import { isoInZone, parseDateTimeInput } from './wire-time';

/**
 * catalog.catalog.list, catalog.priceType.list, catalog.product.list/get/add/update and
 * catalog.price.list/add/update (catalog/lib/controller/*.php behind rest's Engine and the
 * catalog REST views). Scope `catalog`. Answers wrap rows in the controller's name —
 * `{catalogs}`, `{priceTypes}`, `{products}`, `{product}` (get), `{element}` (add/update),
 * `{prices}`, `{price}` — with camelCase keys in alphabetical order. Errors carry a NUMERIC
 * `error` (reference "Sharpened…"): 200040300000 "Iblock Not Found", 0 for the view's own checks
 * ("Required select fields: id, iblockId", "Required filter fields: iblockId", "Required fields:
 * …", the price validations), 100 for a missing argument; an unknown product is an EMPTY code
 * with "product does not exist." (catalog-product-get.md). catalog.product.list needs `select`
 * with id and iblockId and `filter.iblockId`, and pages like CIBlockElement (a page past the end
 * repeats the last one); the ORM-backed lists page by offset. Filters take `=`, `!`/`!=`, `>`,
 * `>=`, `<`, `<=`, `@`/`!@`, `%`/`!%`; a plain array value means IN. Unknown fields are ignored.
 */

const IBLOCK_NOT_FOUND = 200040300000;

function viewError(description: string): RestError {
  return new RestError(400, 0, description);
}

function iblockNotFound(): RestError {
  return new RestError(400, IBLOCK_NOT_FOUND, 'Iblock Not Found');
}

function productMissing(): RestError {
  return new RestError(400, '', 'product does not exist.');
}

function mapParam(ctx: MethodContext, name: string): PhpMap | undefined {
  const value = ctx.params[name];
  if (value === undefined || value === null) return undefined;
  if (!isPhpArray(value)) throw argumentTypeError(name, strval(value), 'array');
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

function listParam(ctx: MethodContext, name: string): string[] {
  const value = ctx.params[name];
  if (value === undefined || value === null || value === '') return [];
  if (!isPhpArray(value)) throw argumentTypeError(name, strval(value), 'array');
  return entriesOf(value).map(([, v]) => strval(v));
}

function idParam(ctx: MethodContext): number {
  const value = ctx.params.id;
  if (value === undefined || value === null) throw missingArgument('id');
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) {
    throw argumentTypeError('id', strval(value), 'int');
  }
  return intval(value);
}

const OPERATORS = ['!=%', '!%=', '=%', '%=', '!@', '!%', '!=', '>=', '<=', '=', '!', '>', '<', '%', '@'];

function comparable(value: JsonValue | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

function like(pattern: string, value: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*');
  return new RegExp(`^${escaped}$`, 's').test(value);
}

function matches(row: JsonObject, field: string, op: string, raw: PhpValue): boolean {
  const stored = comparable(row[field]);
  const wanted = isPhpArray(raw) ? entriesOf(raw).map(([, v]) => v) : [raw];
  const same = (w: PhpValue) => {
    if (w === null || w === '') return stored === null || stored === '';
    if (typeof stored === 'number') return stored === Number(strval(w));
    return stored !== null && stored === strval(w).toLowerCase();
  };
  const text = stored === null ? '' : String(stored);
  switch (op) {
    case '':
    case '=':
    case '@':
      return wanted.some(same);
    case '!':
    case '!=':
    case '!@':
      return !wanted.some(same);
    case '%':
      return wanted.some((w) => text.includes(strval(w).toLowerCase()));
    case '!%':
      return !wanted.some((w) => text.includes(strval(w).toLowerCase()));
    case '=%':
    case '%=':
      return wanted.some((w) => like(strval(w), text));
    case '!=%':
    case '!%=':
      return !wanted.some((w) => like(strval(w), text));
    default: {
      if (stored === null) return false;
      const w = wanted[0];
      const other = typeof stored === 'number' ? Number(strval(w)) : strval(w).toLowerCase();
      const c = stored < other ? -1 : stored > other ? 1 : 0;
      return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
    }
  }
}

function filterRows(rows: JsonObject[], filter: PhpMap, fields: readonly string[]): JsonObject[] {
  const clauses: [string, string, PhpValue][] = [];
  for (const [key, value] of Object.entries(filter)) {
    const op = OPERATORS.find((o) => key.startsWith(o)) ?? '';
    const field = key.slice(op.length);
    if (fields.includes(field)) clauses.push([field, op, value]);
  }
  return rows.filter((row) => clauses.every(([field, op, value]) => matches(row, field, op, value)));
}

function orderRows(rows: JsonObject[], order: PhpMap, fields: readonly string[]): JsonObject[] {
  const keys = Object.entries(order)
    .filter(([k]) => fields.includes(k))
    .map(([k, dir]) => [k, strval(dir).toUpperCase() === 'DESC' ? -1 : 1] as const);
  const byId = [...rows].sort((a, b) => Number(a.id) - Number(b.id));
  return byId.sort((a, b) => {
    for (const [key, dir] of keys) {
      const x = comparable(a[key]);
      const y = comparable(b[key]);
      if (x === y) continue;
      if (x === null) return -dir;
      if (y === null) return dir;
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
}

function project(row: JsonObject, select: string[]): JsonObject {
  if (select.length === 0 || select.includes('*')) return sortKeys(row);
  return sortKeys(Object.fromEntries(Object.entries(row).filter(([k]) => select.includes(k))));
}

/** An Engine list answer: `{name: rows}` with `total` and `next` beside `result`. */
function listAnswer(
  ctx: MethodContext,
  name: string,
  rows: JsonObject[],
  select: string[],
  style: 'classic' | 'item',
): MethodOutput {
  const page = pageOf(rows, ctx.start, style);
  return ok(
    { [name]: page.rows.map((r) => project(r, select)) },
    {
      ...(page.next !== undefined ? { next: page.next } : {}),
      ...(page.total !== undefined ? { total: page.total } : {}),
    },
  );
}

function simpleList(name: string, rows: (ctx: MethodContext) => JsonObject[]) {
  return (ctx: MethodContext): MethodOutput => {
    const all = rows(ctx);
    const fields = Object.keys(all[0] ?? {});
    const select = listParam(ctx, 'select');
    const filtered = filterRows(all, mapParam(ctx, 'filter') ?? {}, fields);
    return listAnswer(ctx, name, orderRows(filtered, mapParam(ctx, 'order') ?? {}, fields), select, 'item');
  };
}

/** The writable product fields of `fields` in their stored types; read-only and unknown ones go. */
function internalizeProduct(ctx: MethodContext, fields: PhpMap): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    const type = PRODUCT_FIELDS[key];
    if (!type) continue;
    if (value === null || value === '') {
      out[key] = type === 'string' ? strval(value) || null : null;
      continue;
    }
    switch (type) {
      case 'int':
        out[key] = intval(value);
        break;
      case 'double':
        out[key] = Number.isFinite(Number(strval(value))) ? Number(strval(value)) : 0;
        break;
      case 'char':
        out[key] = strval(value).toUpperCase();
        break;
      case 'datetime': {
        const at = parseDateTimeInput(strval(value), ctx.state.zone);
        if (at === null) throw viewError('Wrong type datetime');
        out[key] = isoInZone(at, ctx.state.zone);
        break;
      }
      default:
        out[key] = strval(value);
    }
  }
  return out;
}

function fieldsParam(ctx: MethodContext): PhpMap {
  const fields = ctx.params.fields;
  if (fields === undefined || fields === null || fields === '') throw missingArgument('fields');
  if (!isPhpArray(fields)) throw argumentTypeError('fields', strval(fields), 'array');
  return isMap(fields) ? fields : {};
}

function requiredFields(fields: PhpMap, names: string[]): void {
  const missing = names.filter((n) => fields[n] === undefined || fields[n] === null || fields[n] === '');
  if (missing.length > 0) throw viewError(`Required fields: ${missing.join(', ')}`);
}

function product(ctx: MethodContext, id: number): JsonObject {
  const row = ctx.state.catalog.products.get(id);
  if (!row) throw productMissing();
  return row;
}

function priceFields(ctx: MethodContext, fields: PhpMap, base: JsonObject | null) {
  const merged = {
    productId: fields.productId ?? base?.productId,
    catalogGroupId: fields.catalogGroupId ?? base?.catalogGroupId,
    price: fields.price ?? base?.price,
    currency: fields.currency ?? base?.currency,
  } as PhpMap;
  requiredFields(merged, ['productId', 'catalogGroupId', 'price', 'currency']);
  const productId = intval(merged.productId);
  const catalogGroupId = intval(merged.catalogGroupId);
  const currency = strval(merged.currency).toUpperCase();
  if (!ctx.state.catalog.priceTypes.some((t) => t.id === catalogGroupId)) {
    throw viewError('Validate price error. Catalog price group is wrong');
  }
  if (!ctx.state.catalog.products.has(productId)) throw productMissing();
  if (!CURRENCIES.includes(currency)) throw viewError('Validate price error. Currency is wrong');
  const price = Number(strval(merged.price));
  if (!Number.isFinite(price) || price < 0) throw viewError('Validate price error. Price is wrong');
  const clash = [...ctx.state.catalog.prices.values()].some(
    (p) => p.productId === productId && p.catalogGroupId === catalogGroupId && p.id !== base?.id,
  );
  if (clash) {
    throw viewError(
      'Validate price error. Catalog product is allowed has only single price without ranges in price group',
    );
  }
  return { productId, catalogGroupId, price, currency };
}

const PRODUCT_LIST_FIELDS = () => [
  ...Object.keys(PRODUCT_FIELDS),
  'id',
  'iblockId',
  'type',
  'available',
  'bundle',
  'timestampX',
];

export const catalogMethods: MethodTable = {
  'catalog.catalog.list': {
    scopes: ['catalog'],
    handle: simpleList('catalogs', (ctx) => ctx.state.catalog.catalogs),
  },
  'catalog.pricetype.list': {
    scopes: ['catalog'],
    handle: simpleList('priceTypes', (ctx) => ctx.state.catalog.priceTypes),
  },
  'catalog.product.list': {
    scopes: ['catalog'],
    handle(ctx) {
      const select = listParam(ctx, 'select');
      const filter = mapParam(ctx, 'filter') ?? {};
      const missing = ['id', 'iblockId'].filter((f) => !select.includes(f));
      if (missing.length > 0) throw viewError(`Required select fields: ${missing.join(', ')}`);
      if (filter.iblockId === undefined) throw viewError('Required filter fields: iblockId');
      if (!ctx.state.catalog.isCatalog(intval(filter.iblockId))) throw iblockNotFound();
      const fields = PRODUCT_LIST_FIELDS();
      const rows = filterRows([...ctx.state.catalog.products.values()], filter, fields);
      return listAnswer(
        ctx,
        'products',
        orderRows(rows, mapParam(ctx, 'order') ?? {}, fields),
        select,
        'classic',
      );
    },
  },
  'catalog.product.get': {
    scopes: ['catalog'],
    handle: (ctx) => ok({ product: sortKeys(product(ctx, idParam(ctx))) }),
  },
  'catalog.product.add': {
    scopes: ['catalog'],
    handle(ctx) {
      const fields = fieldsParam(ctx);
      requiredFields(fields, ['iblockId', 'name']);
      const iblockId = intval(fields.iblockId);
      if (!ctx.state.catalog.isCatalog(iblockId)) throw iblockNotFound();
      const element = ctx.state.catalog.addProduct(iblockId, internalizeProduct(ctx, fields), ctx.user.id);
      return ok({ element });
    },
  },
  'catalog.product.update': {
    scopes: ['catalog'],
    handle(ctx) {
      const id = idParam(ctx);
      const fields = fieldsParam(ctx);
      const current = product(ctx, id);
      if (fields.iblockId !== undefined && intval(fields.iblockId) !== current.iblockId) {
        throw viewError(`Product - ${id} is not exists in catalog - ${intval(fields.iblockId)}`);
      }
      const changes = internalizeProduct(ctx, fields);
      if (changes.name === null) throw viewError('Required fields: name');
      return ok({ element: ctx.state.catalog.updateProduct(id, changes, ctx.user.id) });
    },
  },
  'catalog.price.list': {
    scopes: ['catalog'],
    handle(ctx) {
      const fields = [
        'catalogGroupId',
        'currency',
        'extraId',
        'id',
        'price',
        'productId',
        'quantityFrom',
        'quantityTo',
        'timestampX',
      ];
      const select = listParam(ctx, 'select');
      const rows = filterRows([...ctx.state.catalog.prices.values()], mapParam(ctx, 'filter') ?? {}, fields);
      return listAnswer(ctx, 'prices', orderRows(rows, mapParam(ctx, 'order') ?? {}, fields), select, 'item');
    },
  },
  'catalog.price.add': {
    scopes: ['catalog'],
    handle(ctx) {
      const fields = priceFields(ctx, fieldsParam(ctx), null);
      return ok({ price: ctx.state.catalog.addPrice(fields) });
    },
  },
  'catalog.price.update': {
    scopes: ['catalog'],
    handle(ctx) {
      const id = idParam(ctx);
      const input = fieldsParam(ctx);
      const current = ctx.state.catalog.prices.get(id);
      if (!current) throw new RestError(400, '', 'price does not exist.');
      const fields = priceFields(ctx, input, current);
      Object.assign(current, fields, { timestampX: ctx.state.catalog.stamp() });
      return ok({ price: sortKeys(current) });
    },
  },
};
