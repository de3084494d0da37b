import { intval, isMap, resolveParam } from './php';
import type { MethodContext, MethodTable } from './rest-context';
import { ok } from './rest-context';
import { crmError } from './rest-error';
import type { UfEntity } from './user-fields';

/**
 * crm.contact.userfield.* and crm.deal.userfield.* (CCrmUserFieldRestProxy): add/get/delete
 * need an admin ("Access denied.", empty error code, 400); add takes `fields` (or the
 * parameters themselves) and returns the new field's ID; list takes `order` and `filter`; get
 * answers with the labels; delete removes the definition and its values from every record.
 */

function requireAdmin(ctx: MethodContext): void {
  if (!ctx.user.admin) throw crmError('Access denied.');
}

function fieldId(ctx: MethodContext): number {
  const id = intval(resolveParam(ctx.params, 'id'));
  if (id <= 0) throw crmError('ID is not defined or invalid.');
  return id;
}

function methodsFor(prefix: string, entity: UfEntity): MethodTable {
  const table = entity === 'CRM_CONTACT' ? 'CONTACT' : 'DEAL';
  return {
    [`${prefix}.userfield.add`]: {
      scopes: ['crm'],
      handle(ctx) {
        requireAdmin(ctx);
        const fields = resolveParam(ctx.params, 'fields');
        return ok(ctx.state.userFields.add(entity, isMap(fields) ? fields : ctx.params));
      },
    },
    [`${prefix}.userfield.list`]: {
      scopes: ['crm'],
      handle(ctx) {
        const order = resolveParam(ctx.params, 'order');
        const filter = resolveParam(ctx.params, 'filter');
        if (filter !== undefined && !isMap(filter) && !Array.isArray(filter))
          throw crmError("Parameter 'filter' must be array.");
        return ok(ctx.state.userFields.list(entity, isMap(order) ? order : {}, isMap(filter) ? filter : {}));
      },
    },
    [`${prefix}.userfield.get`]: {
      scopes: ['crm'],
      handle(ctx) {
        requireAdmin(ctx);
        const id = fieldId(ctx);
        const def = ctx.state.userFields.find(entity, id);
        if (!def) throw crmError(`The entity with ID '${id}' is not found.`);
        return ok(ctx.state.userFields.toWire(def, true));
      },
    },
    [`${prefix}.userfield.delete`]: {
      scopes: ['crm'],
      handle(ctx) {
        requireAdmin(ctx);
        const id = fieldId(ctx);
        const def = ctx.state.userFields.delete(entity, id);
        if (!def) throw crmError(`The entity with ID '${id}' is not found.`);
        for (const record of ctx.state.crm.table(table).values()) delete record.uf[def.FIELD_NAME];
        return ok(true);
      },
    },
  };
}

export const userFieldMethods: MethodTable = {
  ...methodsFor('crm.contact', 'CRM_CONTACT'),
  ...methodsFor('crm.deal', 'CRM_DEAL'),
};
