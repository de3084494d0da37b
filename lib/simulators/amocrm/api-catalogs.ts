import {
  type AccountCore,
  BatchErrors,
  batchItems,
  nowSeconds,
  type Route,
  requestIdOf,
  selfLink,
} from './core';
import { fieldValuesWire, mergeFieldValues, parseFieldValues } from './custom-fields';
import { notFound } from './problems';
import type { Catalog, CatalogElement, JsonObject, Link } from './types';
import { applyList, listBody, listParams } from './wire';

/**
 * Catalogs and their elements (`/api/v4/catalogs`, `/api/v4/catalogs/{id}/elements` GET/POST/
 * PATCH; PRICE comes back as a string), and lead links (`POST /api/v4/leads/{id}/link` with
 * `to_entity_type` catalog_elements or contacts and `metadata.quantity`, which may be
 * fractional; `GET /api/v4/leads/{id}/links`), per LinkMethodsTrait / LinkModel. A contact is
 * linked with `metadata.is_main` (ContactModel::getMetadataForLink): true makes it the lead's main
 * contact, the others stay linked; answers describe contact links as `metadata.main_contact`
 * (entity-links-api "Response parameters").
 */

const catalogOf = (core: AccountCore, id: string | undefined): Catalog => {
  const c = core.account.catalogs.find((x) => x.id === Number(id));
  if (!c) throw notFound();
  return c;
};

const fieldsOf = (core: AccountCore, c: Catalog) =>
  core.account.fields.catalogs.filter((f) => f.catalog_id === c.id);

function elementWire(core: AccountCore, c: Catalog, e: CatalogElement): JsonObject {
  return {
    id: e.id,
    name: e.name,
    created_by: 0,
    updated_by: 0,
    created_at: e.created_at,
    updated_at: e.updated_at,
    is_deleted: false,
    custom_fields_values: fieldValuesWire(e.custom_fields_values, fieldsOf(core, c)),
    catalog_id: c.id,
    account_id: core.accountId,
    _links: selfLink(core, `/api/v4/catalogs/${c.id}/elements/${e.id}`),
  };
}

const catalogs: Route['handler'] = (core) => ({
  status: 200,
  body: {
    _page: 1,
    _links: selfLink(core, '/api/v4/catalogs'),
    _embedded: {
      catalogs: core.account.catalogs.map((c) => ({
        id: c.id,
        name: c.name,
        created_by: 0,
        updated_by: 0,
        created_at: 1_600_000_000,
        updated_at: 1_600_000_000,
        sort: c.sort,
        type: c.type,
        can_add_elements: true,
        can_show_in_cards: true,
        can_link_multiple: true,
        can_be_deleted: c.type === 'regular',
        sdk_widget_code: null,
        account_id: core.accountId,
        _links: selfLink(core, `/api/v4/catalogs/${c.id}`),
      })),
    },
  },
});

const elements: Route['handler'] = (core, req, [id]) => {
  const c = catalogOf(core, id);
  const p = listParams(req.query);
  const { page, more } = applyList(c.elements, p);
  if (page.length === 0) return { status: 204 };
  return {
    status: 200,
    body: listBody(
      'elements',
      page.map((e) => elementWire(core, c, e)),
      { base: core.base, accountId: core.accountId },
      req.path,
      req.query,
      p,
      more,
    ),
  };
};

function writeElements(patch: boolean): Route['handler'] {
  return (core, req, [id]) => {
    const c = catalogOf(core, id);
    const items = batchItems(req.body);
    const errors = new BatchErrors();
    const now = nowSeconds(core);
    const plan: (() => CatalogElement)[] = [];
    items.forEach((item, i) => {
      const e: { code: string; path: string; detail: string }[] = [];
      const target = patch ? c.elements.find((x) => x.id === item.id) : undefined;
      if (patch && !target) e.push({ code: 'NotFound', path: 'id', detail: 'Entity not found' });
      if (!patch && (typeof item.name !== 'string' || !item.name.trim()))
        e.push({ code: 'NotBlank', path: 'name', detail: 'This value should not be blank.' });
      if (patch && item.name !== undefined && typeof item.name !== 'string')
        e.push({ code: 'InvalidType', path: 'name', detail: 'This value should be of type string.' });
      const fields =
        item.custom_fields_values === undefined
          ? undefined
          : parseFieldValues(item.custom_fields_values, fieldsOf(core, c));
      if (fields) e.push(...fields.errors);
      errors.add(requestIdOf(item, i), e);
      plan.push(() => {
        if (target) {
          if (typeof item.name === 'string') target.name = item.name;
          if (fields)
            target.custom_fields_values = mergeFieldValues(target.custom_fields_values, fields.values);
          target.updated_at = now;
          return target;
        }
        const made: CatalogElement = {
          id: core.ids.next('element'),
          catalog_id: c.id,
          name: String(item.name),
          created_at: now,
          updated_at: now,
          custom_fields_values: mergeFieldValues([], fields?.values ?? []),
        };
        c.elements.push(made);
        return made;
      });
    });
    errors.throwIfAny();
    const done = plan.map((f) => f());
    return {
      status: 200,
      body: {
        _links: selfLink(core, req.path),
        _embedded: {
          elements: done.map((e, i) => ({
            ...elementWire(core, c, e),
            request_id: requestIdOf(items[i] ?? {}, i),
          })),
        },
      },
    };
  };
}

function linkWire(l: Link): JsonObject {
  return {
    to_entity_id: l.to_entity_id,
    to_entity_type: l.to_entity_type,
    metadata: l.metadata ? { ...l.metadata } : null,
  };
}

const link: Route['handler'] = (core, req, [id]) => {
  const lead = core.crm.lead(Number(id));
  if (!lead) throw notFound();
  const items = batchItems(req.body);
  const errors = new BatchErrors();
  const made: Link[] = [];
  items.forEach((item, i) => {
    const e: { code: string; path: string; detail: string }[] = [];
    const meta = (item.metadata ?? null) as Record<string, unknown> | null;
    if (item.to_entity_type === 'catalog_elements') {
      const catalog = core.account.catalogs.find((c) => c.id === meta?.catalog_id);
      if (!catalog)
        e.push({
          code: 'NotSupportedChoice',
          path: 'metadata.catalog_id',
          detail: 'The value you selected is not a valid choice.',
        });
      else if (!catalog.elements.some((x) => x.id === item.to_entity_id))
        e.push({
          code: 'NotSupportedChoice',
          path: 'to_entity_id',
          detail: 'The value you selected is not a valid choice.',
        });
      const q = meta?.quantity;
      if (q !== undefined && (typeof q !== 'number' || !(q > 0)))
        e.push({
          code: 'InvalidType',
          path: 'metadata.quantity',
          detail: 'This value should be of type numeric.',
        });
      if (!e.length)
        made.push({
          entity_type: 'leads',
          entity_id: lead.id,
          to_entity_type: 'catalog_elements',
          to_entity_id: item.to_entity_id as number,
          metadata: {
            catalog_id: catalog?.id ?? 0,
            quantity: typeof q === 'number' ? q : 1,
            price_id: (meta?.price_id as number | null) ?? null,
          },
        });
    } else if (item.to_entity_type === 'contacts') {
      if (typeof item.to_entity_id !== 'number' || !core.crm.contact(item.to_entity_id))
        e.push({
          code: 'NotSupportedChoice',
          path: 'to_entity_id',
          detail: 'The value you selected is not a valid choice.',
        });
      else
        made.push({
          entity_type: 'leads',
          entity_id: lead.id,
          to_entity_type: 'contacts',
          to_entity_id: item.to_entity_id,
          metadata: { main_contact: meta?.is_main === true },
        });
    } else
      e.push({
        code: 'NotSupportedChoice',
        path: 'to_entity_type',
        detail: 'The value you selected is not a valid choice.',
      });
    errors.add(requestIdOf(item, i), e);
  });
  errors.throwIfAny();
  for (const l of made) {
    if (l.to_entity_type === 'contacts') {
      const others = lead.contact_ids.filter((c) => c !== l.to_entity_id);
      if (l.metadata?.main_contact) lead.contact_ids = [l.to_entity_id, ...others];
      else if (!lead.contact_ids.includes(l.to_entity_id)) lead.contact_ids.push(l.to_entity_id);
      continue;
    }
    const existing = core.links.find(
      (x) =>
        x.entity_id === l.entity_id &&
        x.to_entity_type === l.to_entity_type &&
        x.to_entity_id === l.to_entity_id,
    );
    if (existing) existing.metadata = l.metadata;
    else core.links.push(l);
  }
  return {
    status: 200,
    body: {
      _links: selfLink(core, req.path),
      _embedded: {
        links: made.map((l) => ({ entity_id: l.entity_id, entity_type: 'leads', ...linkWire(l) })),
      },
    },
  };
};

/**
 * `POST /api/v4/leads/{id}/unlink` (LinkMethodsTrait::unlink): the same item shape as link, the
 * named links removed (catalog elements, or contacts from the lead); an unknown lead 404; 204.
 */
const unlink: Route['handler'] = (core, req, [id]) => {
  const lead = core.crm.lead(Number(id));
  if (!lead) throw notFound();
  for (const item of batchItems(req.body)) {
    if (item.to_entity_type === 'contacts') {
      lead.contact_ids = lead.contact_ids.filter((c) => c !== item.to_entity_id);
      continue;
    }
    const i = core.links.findIndex(
      (x) =>
        x.entity_id === lead.id &&
        x.to_entity_type === item.to_entity_type &&
        x.to_entity_id === item.to_entity_id,
    );
    if (i >= 0) core.links.splice(i, 1);
  }
  return { status: 204 };
};

const links: Route['handler'] = (core, req, [id]) => {
  const lead = core.crm.lead(Number(id));
  if (!lead) throw notFound();
  const contacts: Link[] = lead.contact_ids.map((c, i) => ({
    entity_type: 'leads',
    entity_id: lead.id,
    to_entity_type: 'contacts',
    to_entity_id: c,
    metadata: { main_contact: i === 0 },
  }));
  const all = [...contacts, ...core.links.filter((l) => l.entity_id === lead.id)];
  if (all.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      _total_items: all.length,
      _links: selfLink(core, req.path),
      _embedded: { links: all.map((l) => ({ entity_id: lead.id, entity_type: 'leads', ...linkWire(l) })) },
    },
  };
};

export const catalogRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/catalogs$/, handler: catalogs },
  { method: 'GET', pattern: /^\/api\/v4\/catalogs\/(\d+)\/elements$/, handler: elements },
  { method: 'POST', pattern: /^\/api\/v4\/catalogs\/(\d+)\/elements$/, handler: writeElements(false) },
  { method: 'PATCH', pattern: /^\/api\/v4\/catalogs\/(\d+)\/elements$/, handler: writeElements(true) },
  { method: 'POST', pattern: /^\/api\/v4\/leads\/(\d+)\/link$/, handler: link },
  { method: 'POST', pattern: /^\/api\/v4\/leads\/(\d+)\/unlink$/, handler: unlink },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/(\d+)\/links$/, handler: links },
];
