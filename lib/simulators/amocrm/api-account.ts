import {
  type AccountCore,
  BatchErrors,
  batchItems,
  type Route,
  requestIdOf,
  requireAdmin,
  selfLink,
} from './core';
import { fieldWire } from './custom-fields';
import { notFound } from './problems';
import type { CustomFieldDef, FieldEnum, JsonObject, Pipeline } from './types';

/**
 * Account-level reads and schema: `/api/v4/account` (with=amojo_id,users_groups,task_types,
 * datetime_settings), `/api/v4/users`, `/api/v4/leads/pipelines` (statuses embedded, 142/143
 * included) and `/api/v4/{contacts|leads}/custom_fields` (GET list; POST batch, admin only,
 * `enums` only for select-like types, codes unique).
 */

const FIELD_TYPES = new Set(
  'text numeric checkbox select multiselect multitext date url textarea radiobutton streetaddress smart_address birthday legal_entity date_time price monetary'.split(
    ' ',
  ),
);
const ENUM_TYPES = new Set(['select', 'multiselect', 'radiobutton', 'multitext']);

function pipelineWire(core: AccountCore, p: Pipeline): JsonObject {
  return {
    id: p.id,
    name: p.name,
    sort: p.sort,
    is_main: p.is_main,
    is_unsorted_on: p.is_unsorted_on,
    is_archive: p.is_archive,
    account_id: core.accountId,
    _links: selfLink(core, `/api/v4/leads/pipelines/${p.id}`),
    _embedded: {
      statuses: p.statuses.map((s) => ({
        ...s,
        account_id: core.accountId,
        _links: selfLink(core, `/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`),
      })),
    },
  };
}

const account: Route['handler'] = (core, req) => {
  const withs = (req.query.get('with') ?? '').split(',');
  const body: JsonObject = {
    id: core.accountId,
    name: 'Детский парк',
    subdomain: core.subdomain,
    created_at: 1_600_000_000,
    created_by: 0,
    updated_at: 1_600_000_000,
    updated_by: 0,
    current_user_id: req.userId,
    country: 'RU',
    currency: 'RUB',
    currency_symbol: '₽',
    customers_mode: 'disabled',
    is_unsorted_on: true,
    mobile_feature_version: 0,
    is_loss_reason_enabled: true,
    is_helpbot_enabled: false,
    is_technical_account: false,
    contact_name_display_order: 1,
    _links: selfLink(core, '/api/v4/account'),
  };
  const embedded: JsonObject = {};
  if (withs.includes('amojo_id')) body.amojo_id = core.random.uuid();
  if (withs.includes('users_groups')) embedded.users_groups = [{ id: 0, name: 'Отдел продаж', uuid: null }];
  if (withs.includes('task_types'))
    embedded.task_types = [
      { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
      { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
    ];
  if (withs.includes('datetime_settings'))
    embedded.datetime_settings = {
      date_pattern: 'd.m.Y H:i',
      short_date_pattern: 'd.m.Y',
      timezone: 'Europe/Moscow',
      timezone_offset: '+03:00',
    };
  if (Object.keys(embedded).length) body._embedded = embedded;
  return { status: 200, body };
};

const users: Route['handler'] = (core) => ({
  status: 200,
  body: {
    _total_items: core.account.users.length,
    _page: 1,
    _page_count: 1,
    _links: selfLink(core, '/api/v4/users'),
    _embedded: {
      users: core.account.users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        lang: 'ru',
        rights: { is_admin: u.is_admin, is_free: false, is_active: true },
        _links: selfLink(core, `/api/v4/users/${u.id}`),
      })),
    },
  },
});

const pipelines: Route['handler'] = (core) => ({
  status: 200,
  body: {
    _total_items: core.account.pipelines.length,
    _links: selfLink(core, '/api/v4/leads/pipelines'),
    _embedded: { pipelines: core.account.pipelines.map((p) => pipelineWire(core, p)) },
  },
});

const pipeline: Route['handler'] = (core, _req, [id]) => {
  const p = core.account.pipelines.find((x) => x.id === Number(id));
  if (!p) throw notFound();
  return { status: 200, body: pipelineWire(core, p) };
};

function fieldsList(kind: 'contacts' | 'leads'): Route['handler'] {
  return (core, req) => {
    const fields = core.account.fields[kind];
    if (fields.length === 0) return { status: 204 };
    return {
      status: 200,
      body: {
        _total_items: fields.length,
        _page: 1,
        _page_count: 1,
        _links: selfLink(core, req.path),
        _embedded: { custom_fields: fields.map((f) => fieldWire(f, core.accountId, core.base)) },
      },
    };
  };
}

function fieldsCreate(kind: 'contacts' | 'leads'): Route['handler'] {
  return (core, req) => {
    requireAdmin(req);
    const items = batchItems(req.body);
    const errors = new BatchErrors();
    const made: CustomFieldDef[] = [];
    const taken = new Set(core.account.fields[kind].map((f) => f.code).filter(Boolean));
    items.forEach((item, i) => {
      const e: { code: string; path: string; detail: string }[] = [];
      if (typeof item.name !== 'string' || !item.name.trim())
        e.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
      if (typeof item.type !== 'string' || !FIELD_TYPES.has(item.type))
        e.push({
          code: 'NotSupportedChoice',
          path: 'type',
          detail: 'The value you selected is not a valid choice.',
        });
      const code = typeof item.code === 'string' ? item.code : null;
      if (code && taken.has(code))
        e.push({ code: 'FieldAlreadyExists', path: 'code', detail: 'Field with this code already exists' });
      const type = String(item.type);
      if (item.enums !== undefined && item.enums !== null && !ENUM_TYPES.has(type))
        e.push({
          code: 'NotSupportedChoice',
          path: 'enums',
          detail: 'Enums are not supported for this field type',
        });
      if (
        ENUM_TYPES.has(type) &&
        type !== 'multitext' &&
        (!Array.isArray(item.enums) || item.enums.length === 0)
      )
        e.push({ code: 'NotBlank', path: 'enums', detail: 'This value should not be blank.' });
      errors.add(requestIdOf(item, i), e);
      if (e.length) return;
      if (code) taken.add(code);
      const enums: FieldEnum[] | null = Array.isArray(item.enums)
        ? item.enums.map((x, j) => ({
            id: core.ids.next('enum'),
            value: String((x as JsonObject).value ?? ''),
            sort: Number((x as JsonObject).sort ?? j + 1),
          }))
        : null;
      made.push({
        id: core.ids.next('field'),
        name: String(item.name),
        type,
        code,
        sort: typeof item.sort === 'number' ? item.sort : 500,
        entity_type: kind,
        is_api_only: item.is_api_only === true,
        enums,
      });
    });
    errors.throwIfAny();
    core.account.fields[kind].push(...made);
    return {
      status: 200,
      body: {
        _total_items: made.length,
        _embedded: { custom_fields: made.map((f) => fieldWire(f, core.accountId, core.base)) },
      },
    };
  };
}

export const accountRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/account$/, handler: account },
  { method: 'GET', pattern: /^\/api\/v4\/users$/, handler: users },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/pipelines$/, handler: pipelines },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/pipelines\/(\d+)$/, handler: pipeline },
  ...(['contacts', 'leads'] as const).flatMap((kind) => [
    { method: 'GET', pattern: new RegExp(`^/api/v4/${kind}/custom_fields$`), handler: fieldsList(kind) },
    { method: 'POST', pattern: new RegExp(`^/api/v4/${kind}/custom_fields$`), handler: fieldsCreate(kind) },
  ]),
];
