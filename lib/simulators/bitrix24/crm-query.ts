import { camelOf, type FieldSpec, fieldsOf, hasMultiFields, MULTIFIELD_TYPES, ufCamel } from './crm-fields';
import { entriesOf, isPhpArray, strval } from './php';
import type { CrmRecord, PhpMap, PhpValue } from './types';
import type { UserFields } from './user-fields';
import { parseDateInput, parseDateTimeInput } from './wire-time';

/**
 * Filter, order and paging of crm.*.list and crm.item.list, as CCrmEntity::GetListEx does them:
 * a filter key is `[operator]FIELD` (`=`, `!`/`!=`, `>`, `>=`, `<`, `<=`, `%` / `!%` for
 * "contains", `=%` / `%=` for LIKE with the caller's own `%` and `_` wildcards, `@` / `!@` for
 * IN, an array value with `=`/none meaning IN); comparisons are case-insensitive for text; keys
 * naming no field are silently ignored (a typo returns everything, as on a real portal), and so
 * is `logic` (crm-contact-list.md: not supported, use crm.item.list); multifields (PHONE, EMAIL,
 * …) match whole values only, whatever the operator ("Filters for them only work on exact
 * matches");
 * crm.deal.list neither filters nor returns CONTACT_IDS. Pages are 50 rows (see pageOf);
 * `start = -1` skips counting (no `total`, no `next`).
 */

export const PAGE_SIZE = 50;

type Scalar = string | number | null;

export interface Accessor {
  kind: 'text' | 'number' | 'date' | 'datetime' | 'multi';
  read(record: CrmRecord): Scalar | Scalar[];
}

function accessorFor(spec: FieldSpec): Accessor {
  const kind =
    spec.type === 'id' || spec.type === 'int' || spec.type === 'user' || spec.type === 'double'
      ? 'number'
      : spec.type === 'date'
        ? 'date'
        : spec.type === 'datetime'
          ? 'datetime'
          : 'text';
  return {
    kind,
    read(record) {
      if (spec.type === 'id') return record.id;
      const value = record.fields[spec.name] ?? null;
      if (value === null || value === '') return kind === 'text' ? value : null;
      if (kind === 'number') return Number(value);
      if (kind === 'datetime') return new Date(value).getTime();
      return value;
    },
  };
}

/** Field name (classic UPPER_CASE or crm.item camelCase) → how to read it. */
export function buildAccessors(
  entity: CrmRecord['entity'],
  uf: UserFields,
  style: 'classic' | 'item',
): Map<string, Accessor> {
  const map = new Map<string, Accessor>();
  for (const spec of fieldsOf(entity)) {
    map.set(style === 'classic' ? spec.name : camelOf(spec.name, spec), accessorFor(spec));
    // crm.item's converter takes a known UPPER_CASE name as it is (crm-items.ts).
    if (style === 'item') map.set(spec.name, accessorFor(spec));
  }
  for (const def of uf.of(entity)) {
    const numeric =
      def.USER_TYPE_ID === 'integer' || def.USER_TYPE_ID === 'double' || def.USER_TYPE_ID === 'enumeration';
    const accessor: Accessor = {
      kind: def.MULTIPLE === 'Y' ? 'multi' : numeric ? 'number' : 'text',
      read(record) {
        const value = record.uf[def.FIELD_NAME];
        if (Array.isArray(value)) return value;
        if (value === undefined || value === null) return null;
        return numeric ? Number(value) : value;
      },
    };
    map.set(def.FIELD_NAME, accessor);
    if (style === 'item') map.set(ufCamel(def.FIELD_NAME), accessor);
  }
  if (hasMultiFields(entity)) {
    for (const type of MULTIFIELD_TYPES) {
      map.set(type, {
        kind: 'multi',
        read: (r) => r.multi.filter((m) => m.TYPE_ID === type).map((m) => m.VALUE),
      });
    }
  }
  if (entity === 'DEAL' && style === 'item') {
    const contacts: Accessor = { kind: 'multi', read: (r) => r.contactIds.map(String) };
    for (const name of ['contactIds', 'contactId', 'CONTACT_IDS', 'CONTACT_ID']) map.set(name, contacts);
  }
  return map;
}

function normalize(kind: Accessor['kind'], raw: PhpValue, zone: string): Scalar {
  if (raw === null || raw === undefined) return null;
  const text = strval(raw);
  if (kind === 'number') return text === '' ? null : Number(text);
  if (kind === 'date') return text === '' ? null : (parseDateInput(text, zone) ?? text);
  if (kind === 'datetime') return text === '' ? null : (parseDateTimeInput(text, zone)?.getTime() ?? null);
  return text.toLowerCase();
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function matches(accessor: Accessor, op: string, raw: PhpValue, record: CrmRecord, zone: string): boolean {
  const stored = accessor.read(record);
  const values = Array.isArray(stored) ? stored : [stored];
  const wanted = isPhpArray(raw)
    ? entriesOf(raw).map(([, v]) => normalize(accessor.kind, v, zone))
    : [normalize(accessor.kind, raw, zone)];
  const norm = values.map((v) => (typeof v === 'string' && accessor.kind !== 'date' ? v.toLowerCase() : v));
  const empty = (v: Scalar) => v === null || v === '';
  const equalsAny = () =>
    norm.some((v) => wanted.some((w) => (empty(w) ? empty(v) : v !== null && compare(v, w) === 0))) ||
    (norm.length === 0 && wanted.some(empty));
  switch (op) {
    case '':
    case '=':
    case '@':
      return equalsAny();
    case '!':
    case '!=':
    case '!@':
      return !equalsAny();
    case '%':
    case '!%':
    case '=%':
    case '%=': {
      if (accessor.kind === 'multi') return op === '!%' ? !equalsAny() : equalsAny();
      const hit = norm.some(
        (v) =>
          v !== null &&
          wanted.some(
            (w) =>
              w !== null &&
              (op === '%' || op === '!%' ? String(v).includes(String(w)) : like(String(v), String(w))),
          ),
      );
      return op === '!%' ? !hit : hit;
    }
    default: {
      const w = wanted[0] ?? null;
      if (w === null) return false;
      return norm.some((v) => {
        if (v === null || v === '') return false;
        const c = compare(v, w);
        return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
      });
    }
  }
}

/** SQL LIKE: `%` any run, `_` one character, the rest literal (both sides already lower-cased). */
function like(value: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

export const OPERATORS = ['=%', '%=', '!@', '!%', '!=', '>=', '<=', '=', '!', '>', '<', '%', '@'];

export function filterRecords(
  records: CrmRecord[],
  filter: PhpMap,
  accessors: Map<string, Accessor>,
  zone: string,
): CrmRecord[] {
  const clauses: [Accessor, string, PhpValue][] = [];
  for (const [key, value] of Object.entries(filter)) {
    const op = OPERATORS.find((o) => key.startsWith(o)) ?? '';
    const accessor = accessors.get(key.slice(op.length));
    if (accessor) clauses.push([accessor, op, value]);
  }
  return records.filter((r) => clauses.every(([a, op, v]) => matches(a, op, v, r, zone)));
}

export function orderRecords(
  records: CrmRecord[],
  order: PhpMap,
  accessors: Map<string, Accessor>,
): CrmRecord[] {
  const keys: [Accessor, number][] = [];
  for (const [key, dir] of Object.entries(order)) {
    const accessor = accessors.get(key);
    if (accessor) keys.push([accessor, strval(dir).toUpperCase() === 'DESC' ? -1 : 1]);
  }
  const sorted = [...records].sort((a, b) => a.id - b.id);
  return sorted.sort((a, b) => {
    for (const [accessor, dir] of keys) {
      const va = accessor.read(a);
      const vb = accessor.read(b);
      const x = Array.isArray(va) ? (va[0] ?? null) : va;
      const y = Array.isArray(vb) ? (vb[0] ?? null) : vb;
      if (x === y) continue;
      if (x === null) return -dir;
      if (y === null) return dir;
      const c = compare(x, y);
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

export interface Page<T> {
  rows: T[];
  next?: number;
  total?: number;
}

/**
 * IRestService::getNavData + setNavData. Classic lists page through a CDBResult: offsets are
 * page-aligned and a page past the end is clamped to the last page (CDBResult::NavStart), so
 * `start` beyond the total repeats the last rows. crm.item.list pages through the ORM: a plain
 * offset, and past the end is empty.
 */
export function pageOf<T>(rows: T[], start: number, style: 'classic' | 'item' = 'classic'): Page<T> {
  if (start < 0) return { rows: rows.slice(0, PAGE_SIZE) };
  if (style === 'item') {
    const slice = rows.slice(start, start + PAGE_SIZE);
    const more = start + slice.length < rows.length;
    return more
      ? { rows: slice, next: start + slice.length, total: rows.length }
      : { rows: slice, total: rows.length };
  }
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(Math.floor(start / PAGE_SIZE) + 1, pageCount);
  const offset = (page - 1) * PAGE_SIZE;
  const slice = rows.slice(offset, offset + PAGE_SIZE);
  return page < pageCount
    ? { rows: slice, next: page * PAGE_SIZE, total: rows.length }
    : { rows: slice, total: rows.length };
}
