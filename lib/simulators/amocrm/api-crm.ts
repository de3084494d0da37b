import {
  type AccountCore,
  type ApiAnswer,
  type ApiRequest,
  BatchErrors,
  batchItems,
  nowSeconds,
  type Route,
  requestIdOf,
  selfLink,
} from './core';
import type { CrmEvent } from './crm-store';
import { ApiError, apiProblem, invalid, notFound } from './problems';
import type { Contact, Lead } from './types';
import { applyList, contactWire, leadWire, listBody, listParams } from './wire';

/**
 * `/api/v4/contacts` and `/api/v4/leads`: list (204 with no body when empty), one by id, batch
 * create (≤ 50, the whole batch refused on any invalid item, answers `{id, request_id,
 * _links}`), batch PATCH (each item with `id`) and PATCH by id. Every change fires webhooks.
 */

type Kind = 'contacts' | 'leads';

const ctx = (core: AccountCore) => ({ base: core.base, accountId: core.accountId });

function wire(core: AccountCore, kind: Kind, e: Contact | Lead, withs: string[]) {
  if (kind === 'contacts') {
    const leads = withs.includes('leads')
      ? core.crm.leads.filter((l) => !l.is_deleted && l.contact_ids.includes(e.id)).map((l) => l.id)
      : undefined;
    return contactWire(e as Contact, core.account.fields.contacts, ctx(core), leads);
  }
  return leadWire(e as Lead, core.account.fields.leads, ctx(core), withs.includes('contacts'));
}

function all(core: AccountCore, kind: Kind): (Contact | Lead)[] {
  return (kind === 'contacts' ? core.crm.contacts : core.crm.leads).filter((e) => !e.is_deleted);
}

function list(kind: Kind): Route['handler'] {
  return (core, req) => {
    const p = listParams(req.query);
    const { page, more } = applyList(all(core, kind), p);
    if (page.length === 0) return { status: 204 };
    const items = page.map((e) => wire(core, kind, e, p.with));
    return { status: 200, body: listBody(kind, items, ctx(core), req.path, req.query, p, more) };
  };
}

function one(kind: Kind): Route['handler'] {
  return (core, req, [id]) => {
    const e = all(core, kind).find((x) => x.id === Number(id));
    if (!e) throw notFound();
    const withs = (req.query.get('with') ?? '').split(',');
    return { status: 200, body: wire(core, kind, e, withs) };
  };
}

function create(kind: Kind): Route['handler'] {
  return (core, req) => {
    const items = batchItems(req.body);
    const errors = new BatchErrors();
    const created: (Contact | Lead)[] = [];
    const now = nowSeconds(core);
    items.forEach((item, i) => {
      if ('id' in item) {
        errors.add(requestIdOf(item, i), [
          { code: 'NotSupportedChoice', path: 'id', detail: 'id is not allowed on create' },
        ]);
        return;
      }
      const r =
        kind === 'contacts'
          ? core.crm.addContact(item, req.userId, now)
          : core.crm.addLead(item, req.userId, now);
      if ('errors' in r) errors.add(requestIdOf(item, i), r.errors);
      else created.push(r.ok);
    });
    if (errors.any) {
      const store = kind === 'contacts' ? core.crm.contacts : core.crm.leads;
      for (const c of created) store.splice(store.indexOf(c as never), 1);
      errors.throwIfAny();
    }
    core.emit(created.map((e) => ({ entity: kind, action: 'add', id: e.id })));
    return {
      status: 200,
      body: {
        _links: selfLink(core, req.path),
        _embedded: {
          [kind]: created.map((e, i) => ({
            id: e.id,
            request_id: requestIdOf(items[i] ?? {}, i),
            _links: selfLink(core, `/api/v4/${kind}/${e.id}`),
          })),
        },
      },
    };
  };
}

function applyPatch(core: AccountCore, kind: Kind, req: ApiRequest, items: Record<string, unknown>[]) {
  const errors = new BatchErrors();
  const now = nowSeconds(core);
  const snapshots: [Contact | Lead, Contact | Lead][] = [];
  const events: CrmEvent[] = [];
  const changed: (Contact | Lead)[] = [];
  items.forEach((item, i) => {
    const rid = requestIdOf(item, i);
    const target = typeof item.id === 'number' ? all(core, kind).find((e) => e.id === item.id) : undefined;
    if (!target) {
      errors.add(rid, [{ code: 'NotFound', path: 'id', detail: 'Entity not found' }]);
      return;
    }
    snapshots.push([target, structuredClone(target)]);
    if (kind === 'contacts') {
      const r = core.crm.updateContact(target as Contact, item, req.userId, now);
      if ('errors' in r) errors.add(rid, r.errors);
      else events.push({ entity: kind, action: 'update', id: target.id });
    } else {
      const r = core.crm.updateLead(target as Lead, item, req.userId, now);
      if ('errors' in r) errors.add(rid, r.errors);
      else {
        if (r.ok.moved) events.push(r.ok.moved);
        events.push({ entity: kind, action: 'update', id: target.id });
      }
    }
    changed.push(target);
  });
  if (errors.any) {
    for (const [target, before] of snapshots) Object.assign(target, before);
    errors.throwIfAny();
  }
  core.emit(events);
  return changed;
}

function patchMany(kind: Kind): Route['handler'] {
  return (core, req) => {
    const changed = applyPatch(core, kind, req, batchItems(req.body));
    return {
      status: 200,
      body: {
        _links: selfLink(core, req.path),
        _embedded: {
          [kind]: changed.map((e) => ({
            id: e.id,
            updated_at: e.updated_at,
            _links: selfLink(core, `/api/v4/${kind}/${e.id}`),
          })),
        },
      },
    };
  };
}

function patchOne(kind: Kind): Route['handler'] {
  return (core, req, [id]): ApiAnswer => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
      throw new ApiError(400, apiProblem(400, 'Request body must be an object'));
    if (!all(core, kind).some((e) => e.id === Number(id))) throw notFound();
    const item = { ...(req.body as Record<string, unknown>), id: Number(id) };
    const [e] = applyPatch(core, kind, req, [item]);
    if (!e) throw invalid([]);
    return {
      status: 200,
      body: { id: e.id, updated_at: e.updated_at, _links: selfLink(core, `/api/v4/${kind}/${e.id}`) },
    };
  };
}

export const crmRoutes: Route[] = (['contacts', 'leads'] as const).flatMap((kind) => [
  { method: 'GET', pattern: new RegExp(`^/api/v4/${kind}$`), handler: list(kind) },
  { method: 'POST', pattern: new RegExp(`^/api/v4/${kind}$`), handler: create(kind) },
  { method: 'PATCH', pattern: new RegExp(`^/api/v4/${kind}$`), handler: patchMany(kind) },
  { method: 'GET', pattern: new RegExp(`^/api/v4/${kind}/(\\d+)$`), handler: one(kind) },
  { method: 'PATCH', pattern: new RegExp(`^/api/v4/${kind}/(\\d+)$`), handler: patchOne(kind) },
]);
