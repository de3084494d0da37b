import {
  type AccountCore,
  type ApiAnswer,
  type ApiRequest,
  BatchErrors,
  batchItems,
  nowSeconds,
  type Route,
  requestIdOf,
} from './core';
import type { CrmEvent } from './crm-store';
import type { ItemError } from './problems';
import type { Contact, Lead } from './types';

/**
 * `POST /api/v4/leads/complex`: leads, each with a new contact, in one request (amocrm-api-php
 * `Leads::addComplex` / `processComplexAction`, `LeadModel::toComplexApi`,
 * `examples/leads_complex_actions.php`; the limits of the platform's "complex addition" page).
 * - The body is an array of 1..50 leads; a lead is what `POST /api/v4/leads` takes (name, price,
 *   pipeline_id, status_id, responsible_user_id, custom_fields_values, `_embedded.tags`, request_id).
 * - `_embedded.contacts` holds at most one contact, a new one as `POST /api/v4/contacts` takes it;
 *   it is created and becomes the lead's main contact. Companies and `_embedded.metadata` (an
 *   unsorted lead) are not simulated, nor is linking an existing contact here: all refused.
 * - At most 40 custom field values per entity (lead or contact).
 * - All or nothing, as every batch write here: one invalid item refuses the request; an error in
 *   the contact has its path under `_embedded.contacts.0.`.
 * - Answer 200: a bare array `[{id, contact_id, company_id, request_id: [request_id], merged}]`.
 *   Duplicate control (merging into an existing contact) is off for the integration, so `merged`
 *   is false and every contact is new.
 * - Webhooks: add_contact for the contacts and add_lead for the leads, sent together.
 */

type Item = Record<string, unknown>;

const MAX_FIELD_VALUES = 40;

const choice = (path: string): ItemError => ({
  code: 'NotSupportedChoice',
  path,
  detail: 'The value you selected is not a valid choice.',
});

function tooManyFields(item: Item, prefix: string): ItemError[] {
  const values = item.custom_fields_values;
  if (!Array.isArray(values) || values.length <= MAX_FIELD_VALUES) return [];
  return [
    {
      code: 'TooManyElements',
      path: `${prefix}custom_fields_values`,
      detail: `This collection should contain ${MAX_FIELD_VALUES} elements or less.`,
    },
  ];
}

/** What only the complex endpoint refuses; the lead and the contact are then checked as usual. */
function complexProblems(item: Item): { errors: ItemError[]; contact: Item | null } {
  const errors: ItemError[] = [];
  if ('id' in item) errors.push(choice('id'));
  errors.push(...tooManyFields(item, ''));
  const embedded = (item._embedded ?? {}) as Item;
  for (const key of ['companies', 'metadata', 'source'])
    if (embedded[key] !== undefined) errors.push(choice(`_embedded.${key}`));
  const contacts = embedded.contacts;
  if (contacts === undefined) return { errors, contact: null };
  if (!Array.isArray(contacts) || contacts.some((c) => typeof c !== 'object' || c === null)) {
    errors.push({
      code: 'InvalidType',
      path: '_embedded.contacts',
      detail: 'This value should be of type array.',
    });
    return { errors, contact: null };
  }
  if (contacts.length > 1) {
    errors.push({
      code: 'TooManyElements',
      path: '_embedded.contacts',
      detail: 'This collection should contain 1 element or less.',
    });
  }
  const contact = (contacts[0] ?? null) as Item | null;
  if (contact && 'id' in contact) errors.push(choice('_embedded.contacts.0.id'));
  if (contact) errors.push(...tooManyFields(contact, '_embedded.contacts.0.'));
  return { errors, contact };
}

interface Made {
  lead: Lead;
  contact: Contact | null;
  requestId: string;
}

function addOne(core: AccountCore, req: ApiRequest, item: Item, now: number, made: Made[], rid: string) {
  const { errors, contact: contactItem } = complexProblems(item);
  if (errors.length > 0) return errors;
  let contact: Contact | null = null;
  if (contactItem) {
    const r = core.crm.addContact(contactItem, req.userId, now);
    if ('errors' in r) return r.errors.map((e) => ({ ...e, path: `_embedded.contacts.0.${e.path}` }));
    contact = r.ok;
  }
  const { contacts: _, ...embedded } = (item._embedded ?? {}) as Item;
  const leadItem = {
    ...item,
    _embedded: contact ? { ...embedded, contacts: [{ id: contact.id }] } : embedded,
  };
  const r = core.crm.addLead(leadItem, req.userId, now);
  if ('errors' in r) {
    if (contact) core.crm.contacts.splice(core.crm.contacts.indexOf(contact), 1);
    return r.errors;
  }
  made.push({ lead: r.ok, contact, requestId: rid });
  return [];
}

function complex(core: AccountCore, req: ApiRequest): ApiAnswer {
  const items = batchItems(req.body);
  const errors = new BatchErrors();
  const made: Made[] = [];
  const now = nowSeconds(core);
  items.forEach((item, i) => {
    const rid = requestIdOf(item, i);
    errors.add(rid, addOne(core, req, item, now, made, rid));
  });
  if (errors.any) {
    for (const { lead, contact } of made) {
      core.crm.leads.splice(core.crm.leads.indexOf(lead), 1);
      if (contact) core.crm.contacts.splice(core.crm.contacts.indexOf(contact), 1);
    }
    errors.throwIfAny();
  }
  const events: CrmEvent[] = [
    ...made.flatMap((m) =>
      m.contact ? [{ entity: 'contacts' as const, action: 'add' as const, id: m.contact.id }] : [],
    ),
    ...made.map((m) => ({ entity: 'leads' as const, action: 'add' as const, id: m.lead.id })),
  ];
  core.emit(events);
  return {
    status: 200,
    body: made.map((m) => ({
      id: m.lead.id,
      contact_id: m.contact?.id ?? null,
      company_id: null,
      request_id: [m.requestId],
      merged: false,
    })),
  };
}

export const complexRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v4\/leads\/complex$/, handler: (core, req) => complex(core, req) },
];
