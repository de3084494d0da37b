import { PAGE_SIZE } from './crm-query';
import { changeKeyCase, entriesOf, isMap, isPhpArray, strval, truthy } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import type { JsonObject, JsonValue, PhpMap, PhpValue, SimUser } from './types';
import { dateColumnToWire, isoInZone } from './wire-time';

/**
 * user.get (rest/lib/api/user.php, userGet): scopes user, user_brief or user_basic, which decide
 * the fields (api-reference/user/index.md: user_brief has no EMAIL or phones). Parameter names are
 * case-insensitive; `FILTER` (any case) holds the filter, and without it the top-level parameters
 * ARE the filter (kept "for backward compatibility"). Only allowed field names filter; a key may
 * carry a prefix of one or two non-word characters (`!%LAST_NAME`, `@ID`); ACTIVE becomes `=ACTIVE`
 * with the value PHP-truthy-and-not-'N' → 'Y' (so the string 'false' means active). Order: SORT +
 * ORDER, default ID ASC. Pages of 50 by offset (`start`), `total` and `next` beside `result`; an
 * empty page is a bare `[]` without `total`. Fields that are null are left out of a row;
 * TIMESTAMP_X and LAST_ACTIVITY_DATE are PHP DateTime objects json_encode'd to `{}` (as the
 * example shows).
 */

const BRIEF = [
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'TITLE',
  'IS_ONLINE',
  'TIME_ZONE',
  'PERSONAL_PHOTO',
  'TIMESTAMP_X',
  'DATE_REGISTER',
  'PERSONAL_PROFESSION',
  'PERSONAL_GENDER',
  'PERSONAL_BIRTHDAY',
  'PERSONAL_CITY',
  'PERSONAL_STATE',
  'PERSONAL_COUNTRY',
  'WORK_POSITION',
  'WORK_CITY',
  'WORK_STATE',
  'WORK_COUNTRY',
  'LAST_ACTIVITY_DATE',
  'UF_EMPLOYMENT_DATE',
  'UF_TIMEMAN',
  'UF_SKILLS',
  'UF_INTERESTS',
  'UF_DEPARTMENT',
  'UF_PHONE_INNER',
];

const BASIC = [
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'TITLE',
  'EMAIL',
  'PERSONAL_PHONE',
  'WORK_PHONE',
  'WORK_POSITION',
  'WORK_COMPANY',
  'IS_ONLINE',
  'TIME_ZONE',
  'TIMESTAMP_X',
  'DATE_REGISTER',
  'LAST_ACTIVITY_DATE',
  'PERSONAL_PROFESSION',
  'PERSONAL_GENDER',
  'PERSONAL_BIRTHDAY',
  'PERSONAL_PHOTO',
  'PERSONAL_MOBILE',
  'PERSONAL_CITY',
  'UF_DEPARTMENT',
  'UF_PHONE_INNER',
  'UF_EMPLOYMENT_DATE',
];

const FULL = [
  'ID',
  'XML_ID',
  'ACTIVE',
  'NAME',
  'LAST_NAME',
  'SECOND_NAME',
  'TITLE',
  'EMAIL',
  'LAST_LOGIN',
  'DATE_REGISTER',
  'TIME_ZONE',
  'IS_ONLINE',
  'TIMESTAMP_X',
  'LAST_ACTIVITY_DATE',
  'PERSONAL_GENDER',
  'PERSONAL_WWW',
  'PERSONAL_BIRTHDAY',
  'PERSONAL_PHOTO',
  'PERSONAL_MOBILE',
  'PERSONAL_CITY',
  'WORK_PHONE',
  'WORK_POSITION',
  'UF_EMPLOYMENT_DATE',
  'UF_DEPARTMENT',
];

function allowedFields(scope: string[]): string[] {
  if (scope.includes('user')) return FULL;
  if (scope.includes('user_basic')) return BASIC;
  return BRIEF;
}

/** The user as user.get's query sees it (values as the database holds them; null = not set). */
function columns(ctx: MethodContext, user: SimUser): Record<string, JsonValue> {
  const { zone } = ctx.state;
  return {
    ID: String(user.id),
    XML_ID: null,
    ACTIVE: user.active ? 'Y' : 'N',
    NAME: user.name,
    LAST_NAME: user.lastName,
    SECOND_NAME: '',
    TITLE: null,
    EMAIL: user.email,
    LAST_LOGIN: isoInZone(ctx.state.now(), zone),
    DATE_REGISTER: dateColumnToWire('2024-01-15', zone),
    TIME_ZONE: '',
    IS_ONLINE: user.admin ? 'Y' : 'N',
    TIMESTAMP_X: {},
    LAST_ACTIVITY_DATE: {},
    PERSONAL_GENDER: '',
    PERSONAL_WWW: '',
    PERSONAL_BIRTHDAY: '',
    PERSONAL_PHOTO: null,
    PERSONAL_MOBILE: '',
    PERSONAL_CITY: '',
    WORK_PHONE: '',
    WORK_POSITION: user.position,
    UF_EMPLOYMENT_DATE: '',
    UF_DEPARTMENT: [1],
    USER_TYPE: 'employee',
  };
}

function toWire(row: Record<string, JsonValue>, fields: string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of [...fields, 'USER_TYPE']) {
    const value = row[key];
    if (value === undefined || value === null) continue;
    out[key] = key === 'ACTIVE' ? value === 'Y' : value;
  }
  return out;
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function test(stored: JsonValue | undefined, op: string, raw: PhpValue): boolean {
  const values = Array.isArray(stored)
    ? stored.map((v) => strval(v as PhpValue))
    : [strval(stored as PhpValue)];
  const wanted = isPhpArray(raw) ? entriesOf(raw).map(([, v]) => strval(v)) : [strval(raw)];
  const lower = values.map((v) => v.toLowerCase());
  const eq = () => lower.some((v) => wanted.some((w) => v === w.toLowerCase()));
  switch (op) {
    case '':
      return wanted.some((w) => w.includes('%'))
        ? lower.some((v) => wanted.some((w) => likePattern(w).test(v)))
        : eq();
    case '=':
    case '@':
      return eq();
    case '!':
    case '!=':
    case '!@':
      return !eq();
    case '%':
      return lower.some((v) => wanted.some((w) => v.includes(w.toLowerCase())));
    case '!%':
      return !lower.some((v) => wanted.some((w) => v.includes(w.toLowerCase())));
    case '=%':
    case '%=':
      return lower.some((v) => wanted.some((w) => likePattern(w).test(v)));
    case '!=%':
    case '!%=':
      return !lower.some((v) => wanted.some((w) => likePattern(w).test(v)));
    default: {
      const w = wanted[0] ?? '';
      return values.some((v) => {
        const numeric = /^\d+$/.test(v) && /^\d+$/.test(w);
        const a = numeric ? Number(v) : v.toLowerCase();
        const b = numeric ? Number(w) : w.toLowerCase();
        return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
      });
    }
  }
}

export const userMethods: MethodTable = {
  'user.get': {
    scopes: ['user', 'user_brief', 'user_basic'],
    handle(ctx) {
      const query = changeKeyCase(ctx.params, true);
      const allowed = allowedFields(ctx.auth.scope);
      const filterable = [...allowed, 'IS_ONLINE', 'USER_TYPE', 'ACTIVE'];
      const source: PhpMap = isPhpArray(query.FILTER)
        ? changeKeyCase(isMap(query.FILTER) ? query.FILTER : {}, true)
        : query;
      const clauses: [string, string, PhpValue][] = [];
      for (const [key, value] of Object.entries(source)) {
        const m = /^(\W{1,2})(.+)$/s.exec(key);
        let op = m?.[2] ? (m[1] ?? '') : '';
        const field = m?.[2] ? m[2] : key;
        if (!filterable.includes(field)) continue;
        if (op === '' && (field === 'ACTIVE' || field === 'USER_TYPE')) op = '=';
        const prepared =
          field === 'ACTIVE' || field === 'IS_ONLINE' ? (truthy(value) && value !== 'N' ? 'Y' : 'N') : value;
        clauses.push([field, op, prepared]);
      }
      const rows = [...ctx.state.users.values()]
        .map((user) => columns(ctx, user))
        .filter((row) => clauses.every(([field, op, value]) => test(row[field], op, value)));
      const sort = strval(query.SORT).toUpperCase();
      const dir = strval(query.ORDER).toUpperCase() === 'DESC' ? -1 : 1;
      if (sort !== '' && strval(query.ORDER) !== '' && sort !== 'ID') {
        rows.sort((a, b) => strval(a[sort] as PhpValue).localeCompare(strval(b[sort] as PhpValue)) * dir);
      } else if (sort === 'ID' && strval(query.ORDER) !== '') {
        rows.sort((a, b) => (Number(a.ID) - Number(b.ID)) * dir);
      }
      const offset = Math.max(ctx.start, 0);
      const page = rows.slice(offset, offset + PAGE_SIZE).map((row) => toWire(row, allowed));
      if (page.length === 0 || ctx.start < 0) return ok(page);
      const more = offset + PAGE_SIZE < rows.length;
      return ok(page, { ...(more ? { next: offset + PAGE_SIZE } : {}), total: rows.length });
    },
  },
};
