import { fieldValuesWire } from './custom-fields';
import { badRequest } from './problems';
import type { Contact, CustomFieldDef, JsonObject, Lead } from './types';

/**
 * API v4 wire shapes and list mechanics: entities with `_links.self`, `account_id`,
 * `custom_fields_values: null` when empty and `_embedded.tags`; lists as
 * `{_page, _links: {self, next?}, _embedded: {<entity>: [...]}}`; `limit` at most 250 (default
 * 50); `page` from 1; `filter[id][]`, `filter[updated_at][from|to]`, `order[updated_at|id|
 * created_at]=asc|desc`, `query` (substring over name and field values). `_links` use the
 * simulator's own base, so following `_links.next.href` works; the account host itself must
 * still come from the OAuth referer (see README).
 */

export interface Ctx {
  base: string;
  accountId: number;
}

export function contactWire(c: Contact, fields: CustomFieldDef[], ctx: Ctx, leadIds?: number[]): JsonObject {
  return {
    id: c.id,
    name: c.name,
    first_name: c.first_name,
    last_name: c.last_name,
    responsible_user_id: c.responsible_user_id,
    group_id: 0,
    created_by: c.created_by,
    updated_by: c.updated_by,
    created_at: c.created_at,
    updated_at: c.updated_at,
    closest_task_at: null,
    is_deleted: false,
    is_unsorted: false,
    custom_fields_values: fieldValuesWire(c.custom_fields_values, fields),
    account_id: ctx.accountId,
    _links: { self: { href: `${ctx.base}/api/v4/contacts/${c.id}` } },
    _embedded: {
      tags: c.tags.map((name, i) => ({ id: i + 1, name, color: null })),
      companies: [],
      ...(leadIds
        ? {
            leads: leadIds.map((id) => ({
              id,
              _links: { self: { href: `${ctx.base}/api/v4/leads/${id}` } },
            })),
          }
        : {}),
    },
  };
}

export function leadWire(l: Lead, fields: CustomFieldDef[], ctx: Ctx, withContacts: boolean): JsonObject {
  return {
    id: l.id,
    name: l.name,
    price: l.price,
    responsible_user_id: l.responsible_user_id,
    group_id: 0,
    status_id: l.status_id,
    pipeline_id: l.pipeline_id,
    loss_reason_id: null,
    created_by: l.created_by,
    updated_by: l.updated_by,
    created_at: l.created_at,
    updated_at: l.updated_at,
    closed_at: l.closed_at,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: fieldValuesWire(l.custom_fields_values, fields),
    score: null,
    account_id: ctx.accountId,
    labor_cost: null,
    _links: { self: { href: `${ctx.base}/api/v4/leads/${l.id}` } },
    _embedded: {
      tags: l.tags.map((name, i) => ({ id: i + 1, name, color: null })),
      companies: [],
      ...(withContacts
        ? {
            contacts: l.contact_ids.map((id, i) => ({
              id,
              is_main: i === 0,
              _links: { self: { href: `${ctx.base}/api/v4/contacts/${id}` } },
            })),
          }
        : {}),
    },
  };
}

export interface ListParams {
  page: number;
  limit: number;
  ids: number[] | null;
  updatedFrom: number | null;
  updatedTo: number | null;
  order: { key: 'updated_at' | 'created_at' | 'id'; dir: 'asc' | 'desc' } | null;
  query: string | null;
  with: string[];
}

const intParam = (raw: string | null, name: string, min: number, max: number): number | null => {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw badRequest(`${name} must be between ${min} and ${max}`);
  return n;
};

export function listParams(query: URLSearchParams): ListParams {
  const page = intParam(query.get('page'), 'page', 1, 1_000_000) ?? 1;
  const limit = intParam(query.get('limit'), 'limit', 1, 250) ?? 50;
  const rawIds = [...query.getAll('filter[id][]'), ...query.getAll('filter[id]')];
  for (const [k, v] of query) if (/^filter\[id\]\[\d+\]$/.test(k)) rawIds.push(v);
  const ids = rawIds.length
    ? rawIds
        .flatMap((v) => v.split(','))
        .map(Number)
        .filter(Number.isInteger)
    : null;
  const updatedFrom = intParam(query.get('filter[updated_at][from]'), 'filter[updated_at][from]', 0, 2 ** 32);
  const updatedTo = intParam(query.get('filter[updated_at][to]'), 'filter[updated_at][to]', 0, 2 ** 32);
  let order: ListParams['order'] = null;
  for (const key of ['updated_at', 'created_at', 'id'] as const) {
    const dir = query.get(`order[${key}]`);
    if (dir === null) continue;
    if (dir !== 'asc' && dir !== 'desc') throw badRequest(`order[${key}] must be asc or desc`);
    order = { key, dir };
  }
  const q = query.get('query');
  const withs = (query.get('with') ?? '').split(',').filter(Boolean);
  return {
    page,
    limit,
    ids,
    updatedFrom,
    updatedTo,
    order,
    query: q?.trim() ? q.trim() : null,
    with: withs,
  };
}

interface Listable {
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
  custom_fields_values: { values: { value: string | number | boolean }[] }[];
}

export function applyList<T extends Listable>(items: T[], p: ListParams): { page: T[]; more: boolean } {
  let out = items.slice();
  if (p.ids) out = out.filter((x) => p.ids?.includes(x.id));
  if (p.updatedFrom !== null) out = out.filter((x) => x.updated_at >= (p.updatedFrom ?? 0));
  if (p.updatedTo !== null) out = out.filter((x) => x.updated_at <= (p.updatedTo ?? 0));
  if (p.query) {
    const q = p.query.toLowerCase();
    // Digits are matched inside numbers only for a query that is a number as typed ("+7 (999) 12"),
    // not for the digits scattered in words ("анна2024").
    const digits = /^[\d\s()+.-]+$/.test(q) ? q.replace(/\D/g, '') : '';
    out = out.filter(
      (x) =>
        x.name.toLowerCase().includes(q) ||
        x.custom_fields_values.some((f) =>
          f.values.some((v) => {
            const s = String(v.value).toLowerCase();
            return s.includes(q) || (digits.length >= 4 && s.replace(/\D/g, '').includes(digits));
          }),
        ),
    );
  }
  if (p.order) {
    const { key, dir } = p.order;
    out.sort((a, b) => (a[key] - b[key] || a.id - b.id) * (dir === 'asc' ? 1 : -1));
  } else out.sort((a, b) => a.id - b.id);
  const start = (p.page - 1) * p.limit;
  return { page: out.slice(start, start + p.limit), more: out.length > start + p.limit };
}

export function listBody(
  entity: string,
  items: JsonObject[],
  ctx: Ctx,
  path: string,
  query: URLSearchParams,
  p: ListParams,
  more: boolean,
): JsonObject {
  const href = (page: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(page));
    q.set('limit', String(p.limit));
    return `${ctx.base}${path}?${q.toString()}`;
  };
  const links: JsonObject = { self: { href: href(p.page) } };
  if (more) links.next = { href: href(p.page + 1) };
  if (p.page > 1) links.prev = { href: href(p.page - 1) };
  return { _page: p.page, _links: links, _embedded: { [entity]: items } };
}
