import type { Route } from './core';
import { selfLink } from './core';
import type { LeadStatusChange } from './crm-store';
import { invalid } from './problems';
import type { JsonObject } from './types';

/**
 * GET /api/v4/events (amocrm-api-php EventsFilter, EventModel): the account's event feed, newest
 * first, `limit` up to 100 (more is a validation error) and `page`, `_links.next` while more
 * remain, 204 when nothing matches. Filters: `filter[type]` and `filter[entity]` (comma-separated),
 * `filter[entity_id]` (comma-separated or an array), `filter[created_at]` as one instant or
 * `[from]`/`[to]` in unix seconds (both ends included). Each event: `id` (a string), `type`,
 * `entity_id`, `entity_type`, `created_by`, `created_at`, `value_before` / `value_after` (for
 * lead_status_changed `[{lead_status: {id, pipeline_id}}]`), `account_id`, `_embedded.entity`.
 * Only lead_status_changed events are recorded (every status change, by API or by a user).
 */

const MAX_LIMIT = 100;

const listOf = (query: URLSearchParams, key: string): string[] => [
  ...(query.get(key)?.split(',') ?? []),
  ...query.getAll(`${key}[]`),
];

function eventWire(core: Parameters<Route['handler']>[0], change: LeadStatusChange): JsonObject {
  return {
    id: `01${change.seq.toString(36).padStart(24, '0')}`,
    type: 'lead_status_changed',
    entity_id: change.leadId,
    entity_type: 'lead',
    created_by: change.createdBy,
    created_at: change.createdAt,
    value_after: [{ lead_status: { ...change.after } }],
    value_before: [{ lead_status: { ...change.before } }],
    account_id: core.accountId,
    _links: selfLink(core, `/api/v4/events/${change.seq}`),
    _embedded: { entity: { id: change.leadId, _links: selfLink(core, `/api/v4/leads/${change.leadId}`) } },
  };
}

export const eventRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v4\/events$/,
    handler(core, req) {
      const q = req.query;
      const limit = Number(q.get('limit') ?? 100);
      const page = Number(q.get('page') ?? 1);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT || !Number.isInteger(page) || page < 1)
        throw invalid([
          {
            request_id: '0',
            errors: [{ code: 'InvalidLimit', path: 'limit', detail: `Limit must be from 1 to ${MAX_LIMIT}` }],
          },
        ]);
      const types = listOf(q, 'filter[type]');
      const entities = listOf(q, 'filter[entity]');
      const ids = listOf(q, 'filter[entity_id]').map(Number);
      const exact = q.get('filter[created_at]');
      const from = Number(q.get('filter[created_at][from]') ?? exact ?? Number.NEGATIVE_INFINITY);
      const to = Number(q.get('filter[created_at][to]') ?? exact ?? Number.POSITIVE_INFINITY);
      const matching = core.crm.statusChanges
        .filter(
          (c) =>
            (types.length === 0 || types.includes('lead_status_changed')) &&
            (entities.length === 0 || entities.includes('lead')) &&
            (ids.length === 0 || ids.includes(c.leadId)) &&
            c.createdAt >= from &&
            c.createdAt <= to,
        )
        .reverse();
      const slice = matching.slice((page - 1) * limit, page * limit);
      if (slice.length === 0) return { status: 204 };
      const more = page * limit < matching.length;
      const base = `/api/v4/events?page=`;
      return {
        status: 200,
        body: {
          _page: page,
          _links: {
            self: { href: `${core.base}${base}${page}&limit=${limit}` },
            ...(more ? { next: { href: `${core.base}${base}${page + 1}&limit=${limit}` } } : {}),
          },
          _embedded: { events: slice.map((c) => eventWire(core, c)) },
        },
      };
    },
  },
];
