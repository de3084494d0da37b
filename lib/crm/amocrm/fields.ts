import type { AmocrmClient } from './api-client';

/**
 * Our account custom fields in amoCRM (reference/amocrm.md §3.2): amoCRM has no child entity and no
 * originator key, so what Lime knows about a client, and our external keys, live in fields of ours,
 * found by `code` and created when missing (POST /api/v4/{contacts|leads}/custom_fields, admin
 * token). A birth date goes into the account's birthday field when it has one, else into ours.
 * Idempotent: a second call finds every field and creates nothing.
 */

export type ContactFieldCode =
  | 'LIME_CLIENT_ID'
  | 'LIME_CARD'
  | 'LIME_CATEGORY'
  | 'LIME_CHILDREN'
  | 'LIME_DEPOSIT'
  | 'LIME_BONUS'
  | 'LIME_LAST_VISIT'
  | 'LIME_NPS'
  | 'LIME_NPS_LINK'
  | 'LIME_MAIL_CHILD'
  | 'LIME_MAIL_BONUS'
  | 'LIME_BIRTHDAY';
export type LeadFieldCode =
  | 'LIME_CHECK_ID'
  | 'LIME_PREORDER_ID'
  | 'LIME_EVENT_AT'
  | 'LIME_HALL'
  | 'LIME_EXTERNAL_KEY';

interface FieldSpec<C extends string> {
  code: C;
  name: string;
  type: string;
}

const CONTACT_FIELDS: FieldSpec<ContactFieldCode>[] = [
  { code: 'LIME_CLIENT_ID', name: 'Лайм: ID клиента', type: 'text' },
  { code: 'LIME_CARD', name: 'Лайм: карта', type: 'text' },
  { code: 'LIME_CATEGORY', name: 'Лайм: категория', type: 'text' },
  { code: 'LIME_CHILDREN', name: 'Лайм: дети', type: 'textarea' },
  { code: 'LIME_DEPOSIT', name: 'Лайм: депозит, ₽', type: 'numeric' },
  { code: 'LIME_BONUS', name: 'Лайм: бонусы', type: 'numeric' },
  { code: 'LIME_LAST_VISIT', name: 'Лайм: последний визит', type: 'date_time' },
  { code: 'LIME_NPS', name: 'Лайм: NPS', type: 'numeric' },
  // What mailings insert into their messages (docs/mailings.md).
  { code: 'LIME_NPS_LINK', name: 'Лайм: ссылка на опрос NPS', type: 'url' },
  { code: 'LIME_MAIL_CHILD', name: 'Лайм: имя ребёнка (рассылка)', type: 'text' },
  { code: 'LIME_MAIL_BONUS', name: 'Лайм: бонус (рассылка)', type: 'text' },
];
const BIRTHDAY_FIELD: FieldSpec<ContactFieldCode> = {
  code: 'LIME_BIRTHDAY',
  name: 'День рождения',
  type: 'birthday',
};
const LEAD_FIELDS: FieldSpec<LeadFieldCode>[] = [
  { code: 'LIME_CHECK_ID', name: 'Лайм: чек', type: 'text' },
  { code: 'LIME_PREORDER_ID', name: 'Лайм: предзаказ', type: 'text' },
  { code: 'LIME_EVENT_AT', name: 'Лайм: дата события', type: 'date_time' },
  { code: 'LIME_HALL', name: 'Лайм: зал', type: 'text' },
  { code: 'LIME_EXTERNAL_KEY', name: 'Лайм: внешний ключ', type: 'text' },
];

interface AmoFieldDef {
  id: number;
  code: string | null;
  type: string;
}
interface FieldList {
  _embedded?: { custom_fields?: AmoFieldDef[] };
  _links?: { next?: { href: string } };
}

export interface AmocrmFieldIds {
  contacts: Record<ContactFieldCode, number>;
  leads: Record<LeadFieldCode, number>;
}

async function listFields(client: AmocrmClient, entity: 'contacts' | 'leads'): Promise<AmoFieldDef[]> {
  const all: AmoFieldDef[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.get<FieldList>(`/api/v4/${entity}/custom_fields`, { page, limit: 250 });
    const items = answer?._embedded?.custom_fields ?? [];
    all.push(...items);
    if (!answer?._links?.next || items.length < 250) return all;
  }
}

async function ensure<C extends string>(
  client: AmocrmClient,
  entity: 'contacts' | 'leads',
  specs: FieldSpec<C>[],
  existing: AmoFieldDef[],
): Promise<Record<C, number>> {
  const ids = {} as Record<C, number>;
  const missing: FieldSpec<C>[] = [];
  for (const spec of specs) {
    const found = existing.find((f) => f.code === spec.code);
    if (found) ids[spec.code] = found.id;
    else missing.push(spec);
  }
  if (missing.length > 0) {
    const made = await client.post<FieldList>(
      `/api/v4/${entity}/custom_fields`,
      missing.map((spec, i) => ({
        name: spec.name,
        type: spec.type,
        code: spec.code,
        sort: 500 + i,
        request_id: spec.code,
      })),
    );
    for (const field of made?._embedded?.custom_fields ?? []) if (field.code) ids[field.code as C] = field.id;
    const absent = missing.filter((spec) => ids[spec.code] === undefined);
    if (absent.length > 0)
      throw new Error(`amoCRM did not create the fields ${absent.map((s) => s.code).join(', ')}`);
  }
  return ids;
}

export async function ensureAmocrmFields(client: AmocrmClient): Promise<AmocrmFieldIds> {
  const contactFields = await listFields(client, 'contacts');
  // An account's own birthday field (any code) is where a manager looks for the date; ours only
  // when there is none.
  const birthday =
    contactFields.find((f) => f.code === BIRTHDAY_FIELD.code) ??
    contactFields.find((f) => f.type === 'birthday');
  const contacts = await ensure(
    client,
    'contacts',
    birthday ? CONTACT_FIELDS : [...CONTACT_FIELDS, BIRTHDAY_FIELD],
    contactFields,
  );
  if (birthday) contacts.LIME_BIRTHDAY = birthday.id;
  const leads = await ensure(client, 'leads', LEAD_FIELDS, await listFields(client, 'leads'));
  return { contacts, leads };
}

/** A field value as amoCRM returns it in `custom_fields_values` (which may be `null`). */
export interface AmoFieldValue {
  field_id: number;
  field_code?: string | null;
  values: { value: string | number | boolean; enum_id?: number; enum_code?: string }[];
}

export const valuesOf = (fields: AmoFieldValue[] | null | undefined, fieldId: number) =>
  (fields ?? []).find((f) => f.field_id === fieldId)?.values ?? [];

export const firstValue = (fields: AmoFieldValue[] | null | undefined, fieldId: number) => {
  const value = valuesOf(fields, fieldId)[0]?.value;
  return value === undefined || value === null || value === '' ? null : String(value);
};

export const valuesByCode = (fields: AmoFieldValue[] | null | undefined, code: string) =>
  (fields ?? []).find((f) => f.field_code === code)?.values ?? [];

/** Unix seconds ↔ ISO 8601 / YYYY-MM-DD (date fields take integer timestamps). */
export const isoToUnix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
export const dateToUnix = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 1000);
export function unixToDate(value: string | number | boolean | undefined): string | null {
  if (value === undefined || value === '' || typeof value === 'boolean') return null;
  if (typeof value === 'string' && !/^\d+$/.test(value)) return value.slice(0, 10) || null;
  return new Date(Number(value) * 1000).toISOString().slice(0, 10);
}

export const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
