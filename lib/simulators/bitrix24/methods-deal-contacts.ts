import { entriesOf, intval, isMap, isPhpArray, resolveParam, strval } from './php';
import { actorOf, type MethodContext, type MethodTable, ok } from './rest-context';
import { coreError, crmError } from './rest-error';

/**
 * crm.deal.contact.items.set / .items.delete (CCrmDealRestProxy, api-reference/crm/deals/contacts/
 * crm-deal-contact-items-set.md, -items-delete.md). `items.set` replaces the deal's contacts: the
 * first binding with IS_PRIMARY Y is the primary one (none: the first binding), the others follow
 * in SORT order (default (i + 1) * 10); `items.delete` unbinds them all. Both answer `true` and
 * are an update of the deal (its events fire). Errors have an empty code: an id below 1 "The
 * parameter ownerEntityID is invalid or not defined.", items that are not an array "The parameter
 * items must be array.", an unknown deal "Not found." (`items.delete`: "Not found"); a binding
 * without a positive CONTACT_ID fails normalisation with ERROR_CORE (the docs name the code, not
 * the text). The portal does not check that a bound contact exists (the binding table has no such
 * constraint — an assumption; the adapter reads the contact first).
 */

function dealOf(ctx: MethodContext, notFound: string) {
  const id = intval(resolveParam(ctx.params, 'id'));
  if (id <= 0) throw crmError('The parameter ownerEntityID is invalid or not defined.');
  return {
    id,
    check() {
      const deal = ctx.state.crm.deals.get(id);
      if (!deal) throw crmError(notFound);
      return deal;
    },
  };
}

export const dealContactMethods: MethodTable = {
  'crm.deal.contact.items.set': {
    scopes: ['crm'],
    handle(ctx) {
      const owner = dealOf(ctx, 'Not found.');
      const items = resolveParam(ctx.params, 'items');
      if (!isPhpArray(items)) throw crmError('The parameter items must be array.');
      owner.check();
      const bindings = entriesOf(items).map(([, item], i) => {
        const fields = isMap(item) ? item : {};
        const contactId = intval(fields.CONTACT_ID);
        if (contactId <= 0) throw coreError('The binding has no valid CONTACT_ID.');
        const sort = fields.SORT === undefined ? (i + 1) * 10 : intval(fields.SORT);
        return { contactId, sort, primary: strval(fields.IS_PRIMARY).toUpperCase() === 'Y', i };
      });
      const primary = bindings.find((b) => b.primary) ?? bindings[0];
      const others = bindings
        .filter((b) => b !== primary && b.contactId !== primary?.contactId)
        .sort((a, b) => a.sort - b.sort || a.i - b.i)
        .map((b) => b.contactId);
      const ids = primary ? [primary.contactId, ...new Set(others)] : [];
      ctx.state.crm.update('DEAL', owner.id, { CONTACT_IDS: ids }, actorOf(ctx));
      return ok(true);
    },
  },
  'crm.deal.contact.items.delete': {
    scopes: ['crm'],
    handle(ctx) {
      const owner = dealOf(ctx, 'Not found');
      owner.check();
      ctx.state.crm.update('DEAL', owner.id, { CONTACT_IDS: [] }, actorOf(ctx));
      return ok(true);
    },
  },
};
