import type { Accessor } from './crm-query';
import { filterRecords, OPERATORS, orderRecords, pageOf } from './crm-query';
import type { StageHistoryEntry } from './crm-store';
import { entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { type MethodTable, ok } from './rest-context';
import { RestError } from './rest-error';
import type { CrmRecord, JsonObject, PhpMap, PhpValue } from './types';
import { isoInZone } from './wire-time';

/**
 * crm.stagehistory.list (api-reference/crm/crm-stage-history-list.md): `entityTypeId` 1 (leads) or 2
 * (deals) — any other is ENTITY_TYPE_NOT_SUPPORTED (invoices and smart processes are not
 * simulated) — with `filter` (the list operators, on the entity's own fields only: another field is
 * INVALID_ARG_VALUE "Invalid filter: field 'X' is not allowed in filter"), `order` (ASC/DESC, else
 * INVALID_ARG_VALUE), `select` and `start`: 50 rows a page as `{items: [...]}`, `total`, `next`.
 * Deals answer ID, TYPE_ID, OWNER_ID, CREATED_TIME, CATEGORY_ID, STAGE_SEMANTIC_ID, STAGE_ID; leads
 * STATUS_SEMANTIC_ID and STATUS_ID instead of the stage and pipeline. The store records a row on
 * every creation and stage change, whoever made it.
 */

const FIELDS: Record<1 | 2, Record<string, Accessor['kind']>> = {
  2: {
    ID: 'number',
    TYPE_ID: 'number',
    OWNER_ID: 'number',
    CREATED_TIME: 'datetime',
    CATEGORY_ID: 'number',
    STAGE_SEMANTIC_ID: 'text',
    STAGE_ID: 'text',
  },
  1: {
    ID: 'number',
    TYPE_ID: 'number',
    OWNER_ID: 'number',
    CREATED_TIME: 'datetime',
    STATUS_SEMANTIC_ID: 'text',
    STATUS_ID: 'text',
  },
};

const invalid = (text: string) => new RestError(400, 'INVALID_ARG_VALUE', text);

function mapParam(value: PhpValue | undefined): PhpMap {
  if (value === undefined || value === null || !isPhpArray(value)) return {};
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

/** A history row as a record the list machinery filters and orders (its columns as strings). */
function asRecord(entry: StageHistoryEntry): CrmRecord {
  const fields: Record<string, string> = {
    ID: String(entry.id),
    TYPE_ID: String(entry.typeId),
    OWNER_ID: String(entry.ownerId),
    CREATED_TIME: entry.createdAt.toISOString(),
    CATEGORY_ID: String(entry.categoryId),
    STAGE_SEMANTIC_ID: entry.semantic,
    STAGE_ID: entry.stageId,
    STATUS_SEMANTIC_ID: entry.semantic,
    STATUS_ID: entry.stageId,
  };
  return {
    entity: entry.entity,
    id: entry.id,
    fields,
    multi: [],
    uf: {},
    contactIds: [],
    createdAt: entry.createdAt,
    modifiedAt: entry.createdAt,
  };
}

export const stageHistoryMethods: MethodTable = {
  'crm.stagehistory.list': {
    scopes: ['crm'],
    handle(ctx) {
      const typeId = intval(ctx.params.entityTypeId ?? 0);
      if (typeId !== 1 && typeId !== 2)
        throw new RestError(400, 'ENTITY_TYPE_NOT_SUPPORTED', `Entity type ${typeId} is not supported`);
      const known = FIELDS[typeId];
      const accessors = new Map<string, Accessor>(
        Object.entries(known).map(([name, kind]) => [
          name,
          {
            kind,
            read: (r: CrmRecord) => {
              const value = r.fields[name] ?? null;
              if (value === null) return null;
              if (kind === 'number') return Number(value);
              if (kind === 'datetime') return new Date(value).getTime();
              return value;
            },
          },
        ]),
      );
      const filter = mapParam(ctx.params.filter);
      for (const key of Object.keys(filter)) {
        const op = OPERATORS.find((o) => key.startsWith(o)) ?? '';
        if (!(key.slice(op.length) in known))
          throw invalid(`Invalid filter: field '${key.slice(op.length)}' is not allowed in filter`);
      }
      const order = mapParam(ctx.params.order);
      for (const [field, direction] of Object.entries(order)) {
        if (!(field in known)) throw invalid(`Invalid order: field '${field}' is not allowed in order`);
        if (!['ASC', 'DESC'].includes(strval(direction).toUpperCase()))
          throw invalid(
            `Invalid order: allowed sort directions are ASC, DESC. But got '${strval(direction)}' for field '${field}'`,
          );
      }
      const selected = isPhpArray(ctx.params.select)
        ? entriesOf(ctx.params.select).map(([, v]) => strval(v))
        : [];
      const columns = Object.keys(known).filter((c) => selected.length === 0 || selected.includes(c));
      const entity = typeId === 2 ? 'DEAL' : 'LEAD';
      const rows = orderRecords(
        filterRecords(
          ctx.state.crm.stageHistory.filter((e) => e.entity === entity).map(asRecord),
          filter,
          accessors,
          ctx.state.zone,
        ),
        order,
        accessors,
      );
      const page = pageOf(rows, ctx.start, 'item');
      const items = page.rows.map((r) => {
        const item: JsonObject = {};
        for (const column of columns) {
          const value = r.fields[column] ?? null;
          item[column] =
            column === 'CREATED_TIME'
              ? isoInZone(new Date(value as string), ctx.state.zone)
              : known[column] === 'number'
                ? Number(value)
                : value;
        }
        return item;
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
};
