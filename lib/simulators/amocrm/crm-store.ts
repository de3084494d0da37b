import type { SeededAccount } from './account-seed';
import { mergeFieldValues, parseFieldValues } from './custom-fields';
import type { Ids } from './ids';
import type { ItemError } from './problems';
import type { Contact, CustomFieldValue, Lead } from './types';

/**
 * Contacts and leads: parsing an API v4 item (the same shape the controls take), applying it,
 * and the change events that webhooks are built from. Strict where amoCRM is: `price` is an
 * integer (not a string), `status_id` must belong to the pipeline, linked contacts must exist,
 * names and ids have their types. Unknown keys are ignored, as the API ignores them.
 */

export interface CrmEvent {
  entity: 'contacts' | 'leads';
  action: 'add' | 'update' | 'delete' | 'status';
  id: number;
  old_status_id?: number;
  old_pipeline_id?: number;
}

/** A lead's status change as GET /api/v4/events reports it (lead_status_changed). */
export interface LeadStatusChange {
  seq: number;
  leadId: number;
  createdBy: number;
  /** Unix seconds. */
  createdAt: number;
  before: { id: number; pipeline_id: number };
  after: { id: number; pipeline_id: number };
}

type Item = Record<string, unknown>;
type Result<T> = { ok: T } | { errors: ItemError[] };

const str = (item: Item, key: string, errors: ItemError[]): string | undefined => {
  const v = item[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    errors.push({ code: 'InvalidType', path: key, detail: 'This value should be of type string.' });
    return undefined;
  }
  return v;
};

const int = (item: Item, key: string, errors: ItemError[]): number | undefined => {
  const v = item[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    errors.push({ code: 'InvalidType', path: key, detail: 'This value should be of type int.' });
    return undefined;
  }
  return v;
};

const tagsOf = (item: Item, errors: ItemError[]): string[] | undefined => {
  const embedded = item._embedded as Item | undefined;
  if (!embedded || embedded.tags === undefined) return undefined;
  if (!Array.isArray(embedded.tags)) {
    errors.push({
      code: 'InvalidType',
      path: '_embedded.tags',
      detail: 'This value should be of type array.',
    });
    return undefined;
  }
  return embedded.tags
    .map((t) => (t && typeof t === 'object' ? String((t as Item).name ?? '') : ''))
    .filter(Boolean);
};

export class CrmStore {
  readonly contacts: Contact[] = [];
  readonly leads: Lead[] = [];
  /** Every status change of a lead, by API or by a user, oldest first (the events feed). */
  readonly statusChanges: LeadStatusChange[] = [];

  constructor(
    private readonly ids: Ids,
    private readonly account: SeededAccount,
  ) {}

  private fieldsPart(
    item: Item,
    kind: 'contacts' | 'leads',
    errors: ItemError[],
  ): CustomFieldValue[] | undefined {
    if (item.custom_fields_values === undefined) return undefined;
    const parsed = parseFieldValues(item.custom_fields_values, this.account.fields[kind]);
    errors.push(...parsed.errors);
    return parsed.values;
  }

  /** `responsible_user_id`: an integer naming a user of the account (contacts, leads, tasks). */
  userPart(item: Item, errors: ItemError[]): number | undefined {
    const id = int(item, 'responsible_user_id', errors);
    if (id !== undefined && !this.account.users.some((u) => u.id === id)) {
      errors.push({
        code: 'NotSupportedChoice',
        path: 'responsible_user_id',
        detail: 'The value you selected is not a valid choice.',
      });
    }
    return id;
  }

  addContact(item: Item, userId: number, now: number): Result<Contact> {
    const errors: ItemError[] = [];
    const first = str(item, 'first_name', errors) ?? '';
    const last = str(item, 'last_name', errors) ?? '';
    const name = str(item, 'name', errors) ?? [first, last].filter(Boolean).join(' ');
    const responsible = this.userPart(item, errors);
    const fields = this.fieldsPart(item, 'contacts', errors);
    const tags = tagsOf(item, errors);
    if (errors.length) return { errors };
    const contact: Contact = {
      id: this.ids.next('contact'),
      name,
      first_name: first,
      last_name: last,
      responsible_user_id: responsible ?? userId,
      created_by: userId,
      updated_by: userId,
      created_at: now,
      updated_at: now,
      is_deleted: false,
      custom_fields_values: mergeFieldValues([], fields ?? []),
      tags: tags ?? [],
    };
    this.contacts.push(contact);
    return { ok: contact };
  }

  updateContact(contact: Contact, item: Item, userId: number, now: number): Result<Contact> {
    const errors: ItemError[] = [];
    const first = str(item, 'first_name', errors);
    const last = str(item, 'last_name', errors);
    const name = str(item, 'name', errors);
    const responsible = this.userPart(item, errors);
    const fields = this.fieldsPart(item, 'contacts', errors);
    const tags = tagsOf(item, errors);
    if (errors.length) return { errors };
    if (first !== undefined) contact.first_name = first;
    if (last !== undefined) contact.last_name = last;
    if (name !== undefined) contact.name = name;
    else if (first !== undefined || last !== undefined)
      contact.name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
    if (responsible !== undefined) contact.responsible_user_id = responsible;
    if (fields) contact.custom_fields_values = mergeFieldValues(contact.custom_fields_values, fields);
    if (tags) contact.tags = tags;
    contact.updated_by = userId;
    contact.updated_at = Math.max(now, contact.updated_at);
    return { ok: contact };
  }

  private placement(item: Item, current: Lead | null, errors: ItemError[]) {
    const pipelineId = int(item, 'pipeline_id', errors);
    const statusId = int(item, 'status_id', errors);
    const pipeline =
      pipelineId !== undefined
        ? this.account.pipelines.find((p) => p.id === pipelineId)
        : current
          ? this.account.pipelines.find((p) => p.id === current.pipeline_id)
          : this.account.pipelines.find((p) => p.is_main);
    if (!pipeline) {
      errors.push({
        code: 'NotSupportedChoice',
        path: 'pipeline_id',
        detail: 'The value you selected is not a valid choice.',
      });
      return null;
    }
    let status = statusId !== undefined ? pipeline.statuses.find((s) => s.id === statusId) : undefined;
    if (statusId !== undefined && !status) {
      errors.push({
        code: 'NotSupportedChoice',
        path: 'status_id',
        detail: 'The value you selected is not a valid choice.',
      });
      return null;
    }
    if (!status) {
      if (current && pipeline.id === current.pipeline_id)
        return { pipeline_id: current.pipeline_id, status_id: current.status_id };
      status = pipeline.statuses.find((s) => s.type === 0);
    }
    return status ? { pipeline_id: pipeline.id, status_id: status.id } : null;
  }

  private contactLinks(item: Item, errors: ItemError[]): number[] | undefined {
    const embedded = item._embedded as Item | undefined;
    if (!embedded || embedded.contacts === undefined) return undefined;
    if (!Array.isArray(embedded.contacts)) {
      errors.push({
        code: 'InvalidType',
        path: '_embedded.contacts',
        detail: 'This value should be of type array.',
      });
      return undefined;
    }
    const out: number[] = [];
    embedded.contacts.forEach((c, i) => {
      const id = c && typeof c === 'object' ? (c as Item).id : undefined;
      if (typeof id !== 'number' || !this.contacts.some((x) => x.id === id && !x.is_deleted)) {
        errors.push({
          code: 'NotSupportedChoice',
          path: `_embedded.contacts.${i}.id`,
          detail: 'The value you selected is not a valid choice.',
        });
      } else out.push(id);
    });
    return out;
  }

  addLead(item: Item, userId: number, now: number): Result<Lead> {
    const errors: ItemError[] = [];
    const name = str(item, 'name', errors);
    const price = int(item, 'price', errors);
    const responsible = this.userPart(item, errors);
    const place = this.placement(item, null, errors);
    const fields = this.fieldsPart(item, 'leads', errors);
    const tags = tagsOf(item, errors);
    const contacts = this.contactLinks(item, errors);
    if (errors.length || !place) return { errors };
    const id = this.ids.next('lead');
    const lead: Lead = {
      id,
      name: name ?? `Сделка #${id}`,
      price: price ?? 0,
      responsible_user_id: responsible ?? userId,
      ...place,
      created_by: userId,
      updated_by: userId,
      created_at: now,
      updated_at: now,
      closed_at: place.status_id === 142 || place.status_id === 143 ? now : null,
      is_deleted: false,
      custom_fields_values: mergeFieldValues([], fields ?? []),
      tags: tags ?? [],
      contact_ids: contacts ?? [],
    };
    this.leads.push(lead);
    return { ok: lead };
  }

  /** Returns the lead and, when its stage changed, where it was. */
  updateLead(
    lead: Lead,
    item: Item,
    userId: number,
    now: number,
  ): Result<{ lead: Lead; moved: CrmEvent | null }> {
    const errors: ItemError[] = [];
    const name = str(item, 'name', errors);
    const price = int(item, 'price', errors);
    const responsible = this.userPart(item, errors);
    const place = this.placement(item, lead, errors);
    const fields = this.fieldsPart(item, 'leads', errors);
    const tags = tagsOf(item, errors);
    const contacts = this.contactLinks(item, errors);
    if (errors.length || !place) return { errors };
    let moved: CrmEvent | null = null;
    if (place.status_id !== lead.status_id || place.pipeline_id !== lead.pipeline_id) {
      moved = {
        entity: 'leads',
        action: 'status',
        id: lead.id,
        old_status_id: lead.status_id,
        old_pipeline_id: lead.pipeline_id,
      };
      this.statusChanges.push({
        seq: this.statusChanges.length + 1,
        leadId: lead.id,
        createdBy: userId,
        createdAt: now,
        before: { id: lead.status_id, pipeline_id: lead.pipeline_id },
        after: { id: place.status_id, pipeline_id: place.pipeline_id },
      });
      lead.status_id = place.status_id;
      lead.pipeline_id = place.pipeline_id;
      lead.closed_at = place.status_id === 142 || place.status_id === 143 ? now : null;
    }
    if (name !== undefined) lead.name = name;
    if (price !== undefined) lead.price = price;
    if (responsible !== undefined) lead.responsible_user_id = responsible;
    if (fields) lead.custom_fields_values = mergeFieldValues(lead.custom_fields_values, fields);
    if (tags) lead.tags = tags;
    if (contacts) lead.contact_ids = [...new Set([...lead.contact_ids, ...contacts])];
    lead.updated_by = userId;
    lead.updated_at = Math.max(now, lead.updated_at);
    return { ok: { lead, moved } };
  }

  contact(id: number): Contact | undefined {
    return this.contacts.find((c) => c.id === id && !c.is_deleted);
  }

  lead(id: number): Lead | undefined {
    return this.leads.find((l) => l.id === id && !l.is_deleted);
  }
}
