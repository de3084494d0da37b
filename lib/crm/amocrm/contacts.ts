import type { CrmContact, CrmContactInput, CrmContactScanPage, UpsertResult } from '@/lib/crm/crm-port';
import { nationalDigits } from '@/lib/domain/contact-query';
import { normalizePhone } from '@/lib/domain/phone';
import type { AmocrmClient } from './api-client';
import {
  type AmocrmFieldIds,
  type AmoFieldValue,
  chunks,
  dateToUnix,
  firstValue,
  isoToUnix,
  unixToDate,
  valuesByCode,
} from './fields';

/**
 * Contacts in amoCRM (reference/amocrm.md §3.2). Phones go in as PHONE/MOB and e-mails as
 * EMAIL/PRIV; a PATCH replaces a field's values, so an update reads the contact first and sends the
 * values a manager entered plus ours. A contact we create for a Lime client carries LIME_CLIENT_ID
 * and is looked up by it before every create (`query=` full-text search, then an exact comparison:
 * amoCRM's filter by custom field is alpha and not on every account), so a retried job finds it.
 */

const WRITE_LIMIT = 50;
const READ_LIMIT = 250;

export interface AmoContact {
  id: number;
  name?: string;
  first_name?: string | null;
  last_name?: string | null;
  responsible_user_id?: number | null;
  updated_at?: number | null;
  custom_fields_values?: AmoFieldValue[] | null;
}

export interface ContactList {
  _embedded?: { contacts?: AmoContact[] };
  _links?: { next?: { href: string } };
}
interface WriteAnswer {
  _embedded?: { contacts?: { id: number; request_id?: string }[] };
}

/** Every contact `query` finds, all pages (204 is an empty list). */
async function search(client: AmocrmClient, query: string): Promise<AmoContact[]> {
  const found: AmoContact[] = [];
  for (let page = 1; page <= 20; page++) {
    const answer = await client.get<ContactList>('/api/v4/contacts', { query, page, limit: READ_LIMIT });
    const items = answer?._embedded?.contacts ?? [];
    found.push(...items);
    if (!answer?._links?.next || items.length < READ_LIMIT) break;
  }
  return found;
}

export const phonesOf = (c: AmoContact) =>
  valuesByCode(c.custom_fields_values, 'PHONE').map(
    (v) => normalizePhone(String(v.value)) ?? String(v.value),
  );
const emailsOf = (c: AmoContact) =>
  valuesByCode(c.custom_fields_values, 'EMAIL').map((v) => String(v.value).trim().toLowerCase());

export async function findContactIds(
  client: AmocrmClient,
  query: { phones?: string[]; emails?: string[] },
): Promise<string[]> {
  const ids = new Set<number>();
  const phones = [
    ...new Set((query.phones ?? []).map((p) => normalizePhone(p)).filter((p): p is string => p !== null)),
  ];
  for (const phone of phones) {
    // The national part matches "+7 …" and "8 …" alike; the exact comparison follows.
    for (const c of await search(client, nationalDigits(phone)))
      if (phonesOf(c).includes(phone)) ids.add(c.id);
  }
  const emails = [...new Set((query.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean))];
  for (const email of emails)
    for (const c of await search(client, email)) if (emailsOf(c).includes(email)) ids.add(c.id);
  return [...ids].sort((a, b) => a - b).map(String);
}

export async function getRawContacts(client: AmocrmClient, ids: string[]): Promise<AmoContact[]> {
  const byId = new Map<string, AmoContact>();
  for (const part of chunks([...new Set(ids)], READ_LIMIT)) {
    const answer = await client.get<ContactList>('/api/v4/contacts', {
      filter: { id: part.map(Number) },
      limit: READ_LIMIT,
    });
    for (const c of answer?._embedded?.contacts ?? []) byId.set(String(c.id), c);
  }
  return ids.flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
}

export function toCrmContact(raw: AmoContact, fields: AmocrmFieldIds): CrmContact {
  return {
    id: String(raw.id),
    firstName: raw.first_name ?? raw.name ?? '',
    lastName: raw.last_name || null,
    phones: phonesOf(raw),
    emails: emailsOf(raw),
    birthDate: unixToDate(
      (raw.custom_fields_values ?? []).find((f) => f.field_id === fields.contacts.LIME_BIRTHDAY)?.values[0]
        ?.value,
    ),
    limeClientId: firstValue(raw.custom_fields_values, fields.contacts.LIME_CLIENT_ID),
    responsibleUserId: raw.responsible_user_id ? String(raw.responsible_user_id) : null,
    updatedAt: raw.updated_at ? new Date(raw.updated_at * 1000).toISOString() : null,
  };
}

type FieldWrite = { field_id?: number; field_code?: string; values: Record<string, unknown>[] };

/** A field of ours: its value, or (on an update) an empty list that clears it. */
function own(fieldId: number, value: string | number | null, update: boolean): FieldWrite[] {
  if (value === null || value === '') return update ? [{ field_id: fieldId, values: [] }] : [];
  return [{ field_id: fieldId, values: [{ value }] }];
}

/** A contact as API v4 writes it: names, responsible user, PHONE/MOB, EMAIL/PRIV and our fields. */
export function contactBody(
  input: CrmContactInput,
  existing: AmoContact | null,
  fields: AmocrmFieldIds,
  update: boolean,
): Record<string, unknown> {
  const ids = fields.contacts;
  const custom: FieldWrite[] = [];
  const phone = normalizePhone(input.phone);
  const knownPhones = existing ? valuesByCode(existing.custom_fields_values, 'PHONE') : [];
  if (phone && !knownPhones.some((v) => normalizePhone(String(v.value)) === phone))
    custom.push({
      field_code: 'PHONE',
      values: [...knownPhones.map(keepValue), { value: `+${phone}`, enum_code: 'MOB' }],
    });
  const email = input.email?.trim().toLowerCase();
  const knownEmails = existing ? valuesByCode(existing.custom_fields_values, 'EMAIL') : [];
  if (email && !knownEmails.some((v) => String(v.value).trim().toLowerCase() === email))
    custom.push({
      field_code: 'EMAIL',
      values: [...knownEmails.map(keepValue), { value: email, enum_code: 'PRIV' }],
    });
  custom.push(...own(ids.LIME_BIRTHDAY, input.birthDate ? dateToUnix(input.birthDate) : null, update));
  const lime = input.lime;
  if (lime) {
    custom.push(
      ...own(ids.LIME_CLIENT_ID, lime.limeClientId, update),
      ...own(ids.LIME_CARD, lime.cardNumber, update),
      ...own(ids.LIME_CATEGORY, lime.category, update),
      ...own(
        ids.LIME_CHILDREN,
        lime.children.map((c) => (c.birthDate ? `${c.name}, ${c.birthDate}` : c.name)).join('\n'),
        update,
      ),
      ...own(ids.LIME_DEPOSIT, lime.deposit === null ? null : lime.deposit / 100, update),
      ...own(ids.LIME_BONUS, lime.bonus, update),
      ...own(ids.LIME_LAST_VISIT, lime.lastVisitAt ? isoToUnix(lime.lastVisitAt) : null, update),
    );
  }
  const body: Record<string, unknown> = {
    first_name: input.firstName,
    last_name: input.lastName ?? '',
  };
  if (input.responsibleUserId) body.responsible_user_id = Number(input.responsibleUserId);
  if (custom.length > 0) body.custom_fields_values = custom;
  return body;
}

/** A value already on the contact, sent back as it is (PATCH replaces the field's values). */
const keepValue = (v: { value: string | number | boolean; enum_id?: number; enum_code?: string }) =>
  v.enum_id !== undefined ? { value: v.value, enum_id: v.enum_id } : { value: v.value };

/** Contacts we made before for these Lime clients (a retried job), by LIME_CLIENT_ID. */
async function madeForClients(
  client: AmocrmClient,
  keys: string[],
  fields: AmocrmFieldIds,
): Promise<Map<string, string>> {
  const made = new Map<string, string>();
  for (const key of new Set(keys)) {
    const match = (await search(client, key))
      .filter((c) => firstValue(c.custom_fields_values, fields.contacts.LIME_CLIENT_ID) === key)
      .sort((a, b) => a.id - b.id)[0];
    if (match) made.set(key, String(match.id));
  }
  return made;
}

/** A page of 250 contacts in id order; the cursor is the page number (204 past the last page). */
export async function scanContacts(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  cursor: string | null,
): Promise<CrmContactScanPage> {
  const page = cursor ? Number(cursor) : 1;
  const answer = await client.get<ContactList>('/api/v4/contacts', {
    page,
    limit: READ_LIMIT,
    order: { id: 'asc' },
  });
  const rows = answer?._embedded?.contacts ?? [];
  return {
    contacts: rows.map((raw) => {
      const c = toCrmContact(raw, fields);
      return { id: c.id, phones: c.phones, emails: c.emails, limeClientId: c.limeClientId };
    }),
    next: answer?._links?.next && rows.length === READ_LIMIT ? String(page + 1) : null,
  };
}

export async function upsertContacts(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  items: { id: string | null; input: CrmContactInput; unseen?: boolean }[],
): Promise<UpsertResult[]> {
  const keys = items
    .filter((i) => i.id === null && !i.unseen && i.input.lime)
    .map((i) => i.input.lime?.limeClientId as string);
  const made = keys.length > 0 ? await madeForClients(client, keys, fields) : new Map<string, string>();
  const plan = items.map((item) => ({
    item,
    known: item.id ?? (item.input.lime ? made.get(item.input.lime.limeClientId) : undefined) ?? null,
  }));
  const updateIds = plan.filter((p) => p.known !== null).map((p) => p.known as string);
  const existing = new Map((await getRawContacts(client, updateIds)).map((c) => [String(c.id), c]));

  const updates = plan.flatMap((p) =>
    p.known === null
      ? []
      : [
          {
            id: Number(p.known),
            ...contactBody(p.item.input, existing.get(p.known) ?? null, fields, true),
          },
        ],
  );
  for (const part of chunks(updates, WRITE_LIMIT)) await client.patch('/api/v4/contacts', part);

  const creates = plan
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => p.known === null)
    .map(({ p, index }) => ({
      ...contactBody(p.item.input, null, fields, false),
      request_id: String(index),
    }));
  const createdIds = new Map<string, string>();
  for (const part of chunks(creates, WRITE_LIMIT)) {
    const answer = await client.post<WriteAnswer>('/api/v4/contacts', part);
    const rows = answer?._embedded?.contacts ?? [];
    if (rows.length !== part.length) throw new Error('amoCRM answered a contact create without every id');
    rows.forEach((row, i) => {
      createdIds.set(row.request_id ?? (part[i]?.request_id as string), String(row.id));
    });
  }
  return plan.map(({ known }, index) =>
    known !== null
      ? { id: known, created: false }
      : { id: createdIds.get(String(index)) as string, created: true },
  );
}
