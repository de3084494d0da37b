import { fieldsOf, hasMultiFields, MULTIFIELD_TYPES } from './crm-fields';
import { buildAccessors, filterRecords, orderRecords, pageOf } from './crm-query';
import { recordToWire } from './crm-wire';
import { dealContactMethods } from './methods-deal-contacts';
import { entriesOf, intval, isMap, isPhpArray, resolveParam, strval } from './php';
import { actorOf, type MethodContext, type MethodTable, ok } from './rest-context';
import { crmError, RestError } from './rest-error';
import type { CrmEntity, JsonObject, PhpMap } from './types';

/**
 * crm.contact.*, crm.deal.* and crm.lead.add/get/list (the classic proxies: `fields`/`FIELDS`,
 * `id`/`ID`, errors with an empty code) and the pipeline lookups crm.category.list /
 * crm.status.list (crm.item.* lives in methods-items.ts). Writes go through the CRM store, so
 * they fire the same events as a manager's edit (ONCRMLEADADD for a lead). `select` of a list
 * defaults to `*` + `UF_*`; multifields (contacts, leads) come back only when named;
 * crm.deal.list ignores CONTACT_IDS in select and filter; a deal's contacts are also set with
 * crm.deal.contact.items.* (methods-deal-contacts.ts).
 */

function entityId(params: PhpMap): number {
  return params.ID !== undefined ? intval(params.ID) : params.id !== undefined ? intval(params.id) : 0;
}

function arrayParam(params: PhpMap, name: string): PhpMap {
  const value = resolveParam(params, name);
  if (value === undefined) return {};
  if (!isPhpArray(value)) throw crmError(`Parameter '${name}' must be array.`);
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

function classicList(ctx: MethodContext, entity: CrmEntity) {
  const order = arrayParam(ctx.params, 'order');
  const filter = arrayParam(ctx.params, 'filter');
  const selectParam = resolveParam(ctx.params, 'select');
  const select = isPhpArray(selectParam) ? entriesOf(selectParam).map(([, v]) => strval(v)) : [];
  const { state } = ctx;
  const accessors = buildAccessors(entity, state.userFields, 'classic');
  const rows = orderRecords(
    filterRecords([...state.crm.table(entity).values()], filter, accessors, state.zone),
    order,
    accessors,
  );
  const page = pageOf(rows, ctx.start);
  const chosen = select.length > 0 ? select : ['*', 'UF_*'];
  const all = chosen.includes('*');
  const fields = new Set(
    fieldsOf(entity)
      .filter((s) => all || chosen.includes(s.name))
      .map((s) => s.name),
  );
  const userFields = new Set(
    state.userFields
      .of(entity)
      .filter((d) => chosen.includes('UF_*') || chosen.includes(d.FIELD_NAME))
      .map((d) => d.FIELD_NAME),
  );
  const multi = new Set(hasMultiFields(entity) ? MULTIFIELD_TYPES.filter((t) => chosen.includes(t)) : []);
  if (multi.size > 0) fields.add('ID');
  return ok(
    page.rows.map((r) => recordToWire(r, state.userFields, state.zone, { fields, userFields, multi })),
    {
      ...(page.next !== undefined ? { next: page.next } : {}),
      ...(page.total !== undefined ? { total: page.total } : {}),
    },
  );
}

type Verb = 'add' | 'update' | 'get' | 'delete' | 'list';

function classic(entity: CrmEntity, verbs?: readonly Verb[]): MethodTable {
  const prefix = `crm.${entity.toLowerCase()}`;
  const table: MethodTable = {
    [`${prefix}.add`]: {
      scopes: ['crm'],
      handle: (ctx) => ok(ctx.state.crm.add(entity, resolveParam(ctx.params, 'fields'), actorOf(ctx))),
    },
    [`${prefix}.update`]: {
      scopes: ['crm'],
      handle: (ctx) =>
        ok(
          ctx.state.crm.update(
            entity,
            entityId(ctx.params),
            resolveParam(ctx.params, 'fields'),
            actorOf(ctx),
          ),
        ),
    },
    [`${prefix}.get`]: {
      scopes: ['crm'],
      handle(ctx) {
        const record = ctx.state.crm.get(entity, entityId(ctx.params));
        return ok(recordToWire(record, ctx.state.userFields, ctx.state.zone));
      },
    },
    [`${prefix}.delete`]: {
      scopes: ['crm'],
      handle: (ctx) => ok(ctx.state.crm.delete(entity, entityId(ctx.params), actorOf(ctx))),
    },
    [`${prefix}.list`]: { scopes: ['crm'], handle: (ctx) => classicList(ctx, entity) },
  };
  if (!verbs) return table;
  const names = new Set(verbs.map((verb) => `${prefix}.${verb}`));
  return Object.fromEntries(Object.entries(table).filter(([name]) => names.has(name)));
}

const directoryMethods: MethodTable = {
  'crm.category.list': {
    scopes: ['crm'],
    handle(ctx) {
      if (intval(ctx.params.entityTypeId) !== 2)
        throw new RestError(400, 'NOT_FOUND', 'Categories are not supported');
      const categories = ctx.state.crm.categories.map((c) => ({
        id: c.id,
        name: c.name,
        sort: c.sort,
        entityTypeId: 2,
        isDefault: c.id === 0 ? 'Y' : 'N',
        originId: '',
        originatorId: '',
      }));
      return ok({ categories }, { total: categories.length });
    },
  },
  'crm.status.list': {
    scopes: ['crm'],
    handle(ctx) {
      const filter = arrayParam(ctx.params, 'filter');
      const wanted = strval(filter.ENTITY_ID ?? filter['=ENTITY_ID']);
      const rows: JsonObject[] = [];
      for (const category of ctx.state.crm.categories) {
        const entityName = category.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category.id}`;
        if (wanted !== '' && wanted !== entityName) continue;
        ctx.state.crm.stagesOf(category.id).forEach(([statusId, semantic, name], i) => {
          const semantics = semantic === 'S' ? 'success' : semantic === 'F' ? 'failure' : 'process';
          rows.push({
            ID: String(category.id * 100 + i + 1),
            ENTITY_ID: entityName,
            STATUS_ID: statusId,
            NAME: name,
            NAME_INIT: name,
            SORT: String((i + 1) * 10),
            SYSTEM: 'Y',
            CATEGORY_ID: String(category.id),
            COLOR: '#39A8EF',
            SEMANTICS: semantic === 'P' ? null : semantic,
            EXTRA: { SEMANTICS: semantics, COLOR: '#39A8EF' },
          });
        });
      }
      return ok(rows);
    },
  },
};

export const crmMethods: MethodTable = {
  ...classic('CONTACT'),
  ...classic('DEAL'),
  ...dealContactMethods,
  // Leads as "new clients as leads" needs them; crm.lead.update/delete are not simulated.
  ...classic('LEAD', ['add', 'get', 'list']),
  ...directoryMethods,
};
