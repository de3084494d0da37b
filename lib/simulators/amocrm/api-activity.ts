import {
  type AccountCore,
  BatchErrors,
  batchItems,
  nowSeconds,
  type Route,
  requestIdOf,
  requireAdmin,
  selfLink,
} from './core';
import { ApiError, apiProblem, invalid, notFound } from './problems';
import type { JsonObject, Note, WebhookSubscription } from './types';

/**
 * Notes (`POST|GET /api/v4/{contacts|leads}/notes`, types of NoteFactory; `common` needs
 * params.text, `service_message` params.service and params.text) and webhook subscriptions
 * (`GET|POST|DELETE /api/v4/webhooks`, admin only; the destination must be an http(s) URL and
 * every setting a known event — otherwise the documented `destination.destination` "Invalid
 * URL" / settings validation errors).
 */

const NOTE_TYPES = new Set(
  'common attachment call_in call_out amomail_message chat site_visit targeting_in targeting_out transaction service_message message_cashier invoice_paid geolocation sms_in sms_out extended_service_message'.split(
    ' ',
  ),
);

export const WEBHOOK_EVENTS = new Set([
  ...['add', 'update', 'delete', 'restore', 'responsible', 'note'].flatMap((a) =>
    ['lead', 'contact', 'company', 'customer'].map((e) => `${a}_${e}`),
  ),
  'status_lead',
  'add_task',
  'update_task',
  'delete_task',
  'responsible_task',
  'add_talk',
  'update_talk',
]);

function noteWire(core: AccountCore, n: Note): JsonObject {
  return {
    id: n.id,
    entity_id: n.entity_id,
    created_by: n.created_by,
    updated_by: n.created_by,
    created_at: n.created_at,
    updated_at: n.updated_at,
    responsible_user_id: n.created_by,
    group_id: 0,
    note_type: n.note_type,
    params: { ...n.params },
    account_id: core.accountId,
    _links: selfLink(core, `/api/v4/${n.entity_type}/${n.entity_id}/notes/${n.id}`),
  };
}

function addNotes(kind: 'contacts' | 'leads'): Route['handler'] {
  return (core, req) => {
    const items = batchItems(req.body);
    const errors = new BatchErrors();
    const now = nowSeconds(core);
    const made: Note[] = [];
    items.forEach((item, i) => {
      const e: { code: string; path: string; detail: string }[] = [];
      const id = item.entity_id;
      const exists =
        typeof id === 'number' && (kind === 'contacts' ? core.crm.contact(id) : core.crm.lead(id));
      if (!exists)
        e.push({
          code: 'NotSupportedChoice',
          path: 'entity_id',
          detail: 'The value you selected is not a valid choice.',
        });
      if (typeof item.note_type !== 'string' || !NOTE_TYPES.has(item.note_type))
        e.push({
          code: 'NotSupportedChoice',
          path: 'note_type',
          detail: 'The value you selected is not a valid choice.',
        });
      const params = (item.params ?? null) as JsonObject | null;
      if (!params || typeof params !== 'object')
        e.push({ code: 'NotBlank', path: 'params', detail: 'This value should not be blank.' });
      else if (
        (item.note_type === 'common' || item.note_type === 'service_message') &&
        typeof params.text !== 'string'
      )
        e.push({ code: 'NotBlank', path: 'params.text', detail: 'This value should not be blank.' });
      else if (item.note_type === 'service_message' && typeof params.service !== 'string')
        e.push({ code: 'NotBlank', path: 'params.service', detail: 'This value should not be blank.' });
      errors.add(requestIdOf(item, i), e);
      if (!e.length)
        made.push({
          id: core.ids.next('note'),
          entity_type: kind,
          entity_id: id as number,
          note_type: String(item.note_type),
          params: { ...(params as JsonObject) },
          created_by: req.userId,
          created_at: now,
          updated_at: now,
        });
    });
    errors.throwIfAny();
    core.notes.push(...made);
    return {
      status: 200,
      body: {
        _links: selfLink(core, req.path),
        _embedded: {
          notes: made.map((n, i) => ({
            id: n.id,
            entity_id: n.entity_id,
            request_id: requestIdOf(items[i] ?? {}, i),
            _links: selfLink(core, `/api/v4/${kind}/${n.entity_id}/notes/${n.id}`),
          })),
        },
      },
    };
  };
}

function listNotes(kind: 'contacts' | 'leads'): Route['handler'] {
  return (core, req, [entityId]) => {
    const wanted = entityId ? Number(entityId) : null;
    const notes = core.notes.filter(
      (n) => n.entity_type === kind && (wanted === null || n.entity_id === wanted),
    );
    if (notes.length === 0) return { status: 204 };
    return {
      status: 200,
      body: {
        _page: 1,
        _links: selfLink(core, req.path),
        _embedded: { notes: notes.map((n) => noteWire(core, n)) },
      },
    };
  };
}

function hookWire(core: AccountCore, w: WebhookSubscription): JsonObject {
  return {
    id: w.id,
    destination: w.destination,
    created_at: w.created_at,
    updated_at: w.created_at,
    account_id: core.accountId,
    created_by: w.created_by,
    sort: w.sort,
    disabled: w.disabled,
    settings: [...w.settings],
  };
}

const objectBody = (body: unknown): Record<string, unknown> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, apiProblem(400, 'Request body must be an object'));
  return body as Record<string, unknown>;
};

const validUrl = (s: unknown): s is string => {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
};

const subscribe: Route['handler'] = (core, req) => {
  requireAdmin(req);
  const body = objectBody(req.body);
  const errors: { code: string; path: string; detail: string }[] = [];
  if (!validUrl(body.destination))
    errors.push({ code: 'InvalidUrl', path: 'destination.destination', detail: 'Invalid URL' });
  if (
    !Array.isArray(body.settings) ||
    body.settings.length === 0 ||
    !body.settings.every((s) => typeof s === 'string' && WEBHOOK_EVENTS.has(s))
  )
    errors.push({
      code: 'NotSupportedChoice',
      path: 'settings',
      detail: 'The value you selected is not a valid choice.',
    });
  if (errors.length) throw invalid([{ request_id: '0', errors }]);
  const settings = [...new Set(body.settings as string[])];
  let hook = core.webhooks.find((w) => w.destination === body.destination);
  if (hook) {
    hook.settings = settings;
    hook.disabled = false;
    hook.failures = [];
  } else {
    hook = {
      id: core.ids.next('webhook'),
      destination: body.destination as string,
      settings,
      sort: typeof body.sort === 'number' ? body.sort : 10,
      disabled: false,
      created_at: nowSeconds(core),
      created_by: req.userId,
      failures: [],
    };
    core.webhooks.push(hook);
  }
  return { status: 200, body: hookWire(core, hook) };
};

const listHooks: Route['handler'] = (core, req) => {
  requireAdmin(req);
  const dest = req.query.get('filter[destination]');
  const hooks = core.webhooks.filter((w) => dest === null || w.destination === dest);
  if (hooks.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      _total_items: hooks.length,
      _links: selfLink(core, '/api/v4/webhooks'),
      _embedded: { webhooks: hooks.map((w) => hookWire(core, w)) },
    },
  };
};

const unsubscribe: Route['handler'] = (core, req) => {
  requireAdmin(req);
  const body = objectBody(req.body);
  const i = core.webhooks.findIndex((w) => w.destination === body.destination);
  if (i < 0) throw notFound();
  core.webhooks.splice(i, 1);
  return { status: 204 };
};

export const activityRoutes: Route[] = [
  ...(['contacts', 'leads'] as const).flatMap((kind) => [
    { method: 'POST', pattern: new RegExp(`^/api/v4/${kind}/notes$`), handler: addNotes(kind) },
    { method: 'GET', pattern: new RegExp(`^/api/v4/${kind}/notes$`), handler: listNotes(kind) },
    { method: 'GET', pattern: new RegExp(`^/api/v4/${kind}/(\\d+)/notes$`), handler: listNotes(kind) },
  ]),
  { method: 'GET', pattern: /^\/api\/v4\/webhooks$/, handler: listHooks },
  { method: 'POST', pattern: /^\/api\/v4\/webhooks$/, handler: subscribe },
  { method: 'DELETE', pattern: /^\/api\/v4\/webhooks$/, handler: unsubscribe },
];
