import { arrayArg, intArg } from './action-args';
import { camelOf, fieldsOf, ufCamel } from './crm-fields';
import {
  asItemError,
  itemFieldError,
  itemFieldNames,
  itemFieldsToClassic,
  resolveItemField,
} from './crm-items';
import { buildProductRow, rowInputs, rowToWire, sortRows } from './crm-productrows';
import { buildAccessors, filterRecords, orderRecords, pageOf } from './crm-query';
import { recordToItem } from './crm-wire';
import { entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { actorOf, type MethodContext, type MethodTable, ok } from './rest-context';
import { argumentTypeError, missingArgument, RestError } from './rest-error';
import type { CrmEntity, CrmRecord, JsonObject, PhpMap, PhpValue } from './types';

/**
 * crm.item.add / update / get / list / delete for entityTypeId 2 (deal) and 3 (contact), and a
 * deal's product rows (crm.item.productrow.set / .list) — Bitrix\Crm\Controller\Item and
 * ProductRow behind rest's Engine. Arguments are bound like an action's parameters: a missing
 * `fields`, `id`, `ownerId`… is `{"error":100,"error_description":"Could not find value for
 * parameter {fields}"}`, a value of the wrong type is code 100 too. An unknown entityTypeId is
 * NOT_FOUND "Smart process not found", an unknown id NOT_FOUND "Element not found" (400). Answers:
 * `{item}`, `{items}` (+ `total`/`next`; a plain offset, past the end is empty), `[]` for delete,
 * `{productRows}`. Field names and values: crm-items.ts. Deals may change pipeline here (unlike
 * crm.deal.update); a stage of another pipeline is CRM_FIELD_ERROR_VALUE_NOT_VALID.
 */

function itemEntity(params: PhpMap): CrmEntity {
  const type = intval(params.entityTypeId ?? params.ENTITY_TYPE_ID);
  if (type === 3) return 'CONTACT';
  if (type === 2) return 'DEAL';
  throw new RestError(400, 'NOT_FOUND', 'Smart process not found');
}

function fieldsArg(params: PhpMap): PhpMap {
  const fields = arrayArg(params, 'fields');
  return isMap(fields) ? fields : {};
}

function wantsOriginalUfNames(params: PhpMap): boolean {
  return strval(params.useOriginalUfNames).toUpperCase() === 'Y';
}

function found(ctx: MethodContext, entity: CrmEntity, id: number): CrmRecord {
  const record = ctx.state.crm.table(entity).get(id);
  if (!record) throw new RestError(400, 'NOT_FOUND', 'Element not found');
  return record;
}

/** Pipeline and stage of a deal written through crm.item: both must exist and belong together. */
function placeDeal(ctx: MethodContext, classic: PhpMap, current: CrmRecord | null): void {
  const { crm } = ctx.state;
  const before = current ? intval(current.fields.CATEGORY_ID) : 0;
  let category = before;
  if ('CATEGORY_ID' in classic) {
    category = classic.CATEGORY_ID === null ? 0 : intval(classic.CATEGORY_ID);
    if (!crm.categories.some((c) => c.id === category)) throw itemFieldError('Pipeline');
    classic.CATEGORY_ID = String(category);
  }
  const stages = crm.stagesOf(category).map(([s]) => s);
  if ('STAGE_ID' in classic && classic.STAGE_ID === null) delete classic.STAGE_ID;
  if ('STAGE_ID' in classic) {
    if (!stages.includes(strval(classic.STAGE_ID))) throw itemFieldError('Stage');
  } else if (current && category !== before) classic.STAGE_ID = stages[0] ?? 'NEW';
}

function write(ctx: MethodContext, entity: CrmEntity, fields: PhpMap, current: CrmRecord | null): number {
  const { state } = ctx;
  const classic = itemFieldsToClassic(entity, fields, state.userFields, current);
  if (entity === 'DEAL') placeDeal(ctx, classic, current);
  try {
    if (current) {
      state.crm.update(entity, current.id, classic, actorOf(ctx), { allowCategoryChange: true });
      return current.id;
    }
    return state.crm.add(entity, classic, actorOf(ctx), { allowCategoryChange: true });
  } catch (error) {
    throw asItemError(error);
  }
}

function itemOut(ctx: MethodContext, entity: CrmEntity, id: number): JsonObject {
  const record = found(ctx, entity, id);
  return recordToItem(record, ctx.state.userFields, ctx.state.zone, wantsOriginalUfNames(ctx.params));
}

/** The answer keys `select` asks for (id always), or null for everything. */
function selectedKeys(ctx: MethodContext, entity: CrmEntity, select: string[]): Set<string> | null {
  if (select.length === 0 || select.includes('*')) return null;
  const { userFields } = ctx.state;
  const names = itemFieldNames(entity, userFields);
  const specs = new Map(fieldsOf(entity).map((s) => [s.name, s]));
  const original = wantsOriginalUfNames(ctx.params);
  const keys = new Set(['id']);
  for (const wanted of select) {
    const upper = resolveItemField(names, wanted);
    if (upper === null) continue;
    const spec = specs.get(upper);
    if (spec) keys.add(camelOf(spec.name, spec));
    else if (upper === 'CONTACT_IDS') keys.add('contactIds');
    else if (upper === 'FM') keys.add('fm');
    else keys.add(original ? upper : ufCamel(upper));
  }
  return keys;
}

function ownerOf(ctx: MethodContext, ownerType: string, ownerId: number, forList: boolean): CrmRecord {
  const type = ownerType.toUpperCase();
  const denied = () => new RestError(400, 'ACCESS_DENIED', 'Access denied');
  if (type === 'D') {
    const deal = ctx.state.crm.deals.get(ownerId);
    if (deal) return deal;
    throw forList ? denied() : new RestError(400, 'OWNER_NOT_FOUND', 'Owner was not found');
  }
  // Leads, quotes, invoices and SPAs have product rows, but the simulated portal has none of them.
  if (['L', 'Q', 'SI'].includes(type) || /^T[0-9A-F]+$/.test(type)) {
    throw forList ? denied() : new RestError(400, 'OWNER_NOT_FOUND', 'Owner was not found');
  }
  throw forList ? denied() : new RestError(400, 'ENTITY_TYPE_NOT_SUPPORTED', 'Entity type is not supported');
}

const ROW_FILTER_FIELDS = ['id', 'productId'];
const ROW_OPERATORS = ['!=', '>=', '<=', '=', '>', '<', '@'];

export const itemMethods: MethodTable = {
  'crm.item.add': {
    scopes: ['crm'],
    handle(ctx) {
      const entity = itemEntity(ctx.params);
      const id = write(ctx, entity, fieldsArg(ctx.params), null);
      return ok({ item: itemOut(ctx, entity, id) });
    },
  },
  'crm.item.update': {
    scopes: ['crm'],
    handle(ctx) {
      const entity = itemEntity(ctx.params);
      const current = found(ctx, entity, intArg(ctx.params, 'id'));
      write(ctx, entity, fieldsArg(ctx.params), current);
      return ok({ item: itemOut(ctx, entity, current.id) });
    },
  },
  'crm.item.get': {
    scopes: ['crm'],
    handle(ctx) {
      const entity = itemEntity(ctx.params);
      return ok({ item: itemOut(ctx, entity, intArg(ctx.params, 'id')) });
    },
  },
  'crm.item.delete': {
    scopes: ['crm'],
    handle(ctx) {
      const entity = itemEntity(ctx.params);
      const record = found(ctx, entity, intArg(ctx.params, 'id'));
      ctx.state.crm.delete(entity, record.id, actorOf(ctx));
      return ok([]);
    },
  },
  'crm.item.list': {
    scopes: ['crm'],
    handle(ctx) {
      const entity = itemEntity(ctx.params);
      const { state } = ctx;
      const filter = isMap(ctx.params.filter) ? ctx.params.filter : {};
      const order = isMap(ctx.params.order) ? ctx.params.order : { id: 'ASC' };
      const select = isPhpArray(ctx.params.select)
        ? entriesOf(ctx.params.select).map(([, v]) => strval(v))
        : ['*'];
      const original = wantsOriginalUfNames(ctx.params);
      const accessors = buildAccessors(entity, state.userFields, 'item');
      const rows = orderRecords(
        filterRecords([...state.crm.table(entity).values()], filter, accessors, state.zone),
        order,
        accessors,
      );
      const page = pageOf(rows, ctx.start, 'item');
      const keys = selectedKeys(ctx, entity, select);
      const items = page.rows.map((r) => {
        const item = recordToItem(r, state.userFields, state.zone, original);
        return keys ? Object.fromEntries(Object.entries(item).filter(([k]) => keys.has(k))) : item;
      });
      return ok(
        { items },
        {
          ...(page.next !== undefined ? { next: page.next } : {}),
          ...(page.total !== undefined ? { total: page.total } : {}),
        },
      );
    },
  },
  'crm.item.productrow.set': {
    scopes: ['crm'],
    handle(ctx) {
      const ownerId = intArg(ctx.params, 'ownerId');
      const ownerTypeValue = ctx.params.ownerType;
      if (ownerTypeValue === undefined || ownerTypeValue === null) throw missingArgument('ownerType');
      const rowsValue = arrayArg(ctx.params, 'productRows');
      const deal = ownerOf(ctx, strval(ownerTypeValue), ownerId, false);
      const keep = new Set((ctx.state.crm.productRows.get(deal.id) ?? []).map((r) => r.id));
      // The set is saved as a whole: one bad row and nothing changes.
      const rows = rowInputs(rowsValue).map((input) => buildProductRow(ctx.state, deal.id, input, keep));
      ctx.state.crm.setProductRows(deal.id, rows, actorOf(ctx));
      return ok({ productRows: sortRows(rows).map(rowToWire) });
    },
  },
  'crm.item.productrow.list': {
    scopes: ['crm'],
    handle(ctx) {
      const filterValue = ctx.params.filter;
      if (filterValue === undefined || filterValue === null) throw missingArgument('filter');
      if (!isMap(filterValue)) throw argumentTypeError('filter', strval(filterValue), 'array');
      const ownerType = filterValue['=ownerType'];
      const ownerId = filterValue['=ownerId'];
      if (ownerType === undefined || ownerId === undefined) {
        throw new RestError(
          400,
          'REQUIRED_ARG_MISSING',
          'Required filter keys "=ownerType" and "=ownerId" are missing',
        );
      }
      const deal = ownerOf(ctx, strval(ownerType), intval(ownerId), true);
      const clauses: [string, string, PhpValue][] = [];
      for (const [key, value] of Object.entries(filterValue)) {
        const op = ROW_OPERATORS.find((o) => key.startsWith(o)) ?? '';
        const field = key.slice(op.length);
        if (!ROW_FILTER_FIELDS.includes(field)) continue;
        if (isPhpArray(value)) {
          if (op === '@' && field === 'id') {
            clauses.push([field, op, value]);
            continue;
          }
          if (op !== '')
            throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid value of the filter key "${key}"`);
          continue;
        }
        if (op === '@') continue;
        clauses.push([field, op, value]);
      }
      const rows = sortRows(ctx.state.crm.productRows.get(deal.id) ?? []).filter((row) =>
        clauses.every(([field, op, value]) => {
          const stored = field === 'id' ? row.id : row.productId;
          if (op === '@') return entriesOf(value as PhpMap).some(([, v]) => intval(v) === stored);
          const wanted = intval(value);
          switch (op) {
            case '!=':
              return stored !== wanted;
            case '>':
              return stored > wanted;
            case '>=':
              return stored >= wanted;
            case '<':
              return stored < wanted;
            case '<=':
              return stored <= wanted;
            default:
              return stored === wanted;
          }
        }),
      );
      const order = isMap(ctx.params.order) ? ctx.params.order : {};
      const keys = Object.entries(order)
        .filter(([k]) => k === 'id' || k === 'sort')
        .map(([k, dir]) => [k as 'id' | 'sort', strval(dir).toUpperCase() === 'DESC' ? -1 : 1] as const);
      if (keys.length > 0) {
        rows.sort((a, b) => {
          for (const [k, dir] of keys) if (a[k] !== b[k]) return (a[k] - b[k]) * dir;
          return 0;
        });
      }
      const page = pageOf(rows, ctx.start, 'item');
      return ok(
        { productRows: page.rows.map(rowToWire) },
        {
          ...(page.next !== undefined ? { next: page.next } : {}),
          ...(page.total !== undefined ? { total: page.total } : {}),
        },
      );
    },
  },
};
