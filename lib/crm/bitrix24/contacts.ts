import type {
  CrmContact,
  CrmContactInput,
  CrmContactKeys,
  CrmContactScanPage,
  UpsertResult,
} from '@/lib/crm/crm-port';
import { normalizePhone } from '@/lib/domain/phone';
import { assertBatchOk, BATCH_LIMIT, type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * Contacts in Bitrix24 (api-reference/crm/contacts/*, crm/duplicates/crm-duplicate-find-by-comm.md).
 * Phones are written as MOBILE and e-mails as HOME (the Pixlpark seed); multifield values are only
 * ever added, never replaced or deleted, so a manager's other numbers survive our writes. A contact
 * we create carries ORIGINATOR_ID/ORIGIN_ID = our key for the Lime client, looked up before every
 * create so a retried job finds the contact it made.
 */

export const ORIGINATOR_ID = 'lime-bridge';
const FIND_LIMIT = 20; // values per crm.duplicate.findbycomm call

interface MultiField {
  ID?: string;
  VALUE: string;
  VALUE_TYPE?: string;
}

export interface B24Contact {
  ID: string;
  NAME?: string | null;
  LAST_NAME?: string | null;
  BIRTHDATE?: string | null;
  PHONE?: MultiField[];
  EMAIL?: MultiField[];
  ASSIGNED_BY_ID?: string | null;
  DATE_MODIFY?: string | null;
  ORIGIN_ID?: string | null;
  UF_CRM_LIME_CLIENT_ID?: string | null;
}

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function findContactIds(
  rest: Bitrix24Rest,
  query: { phones?: string[]; emails?: string[] },
): Promise<string[]> {
  const commands: BatchCommands = {};
  const phones = (query.phones ?? []).map((p) => normalizePhone(p)).filter((p): p is string => p !== null);
  chunks(phones, FIND_LIMIT).forEach((values, i) => {
    commands[`phone_${i}`] = ['crm.duplicate.findbycomm', { type: 'PHONE', values, entity_type: 'CONTACT' }];
  });
  chunks(query.emails ?? [], FIND_LIMIT).forEach((values, i) => {
    commands[`email_${i}`] = ['crm.duplicate.findbycomm', { type: 'EMAIL', values, entity_type: 'CONTACT' }];
  });
  if (Object.keys(commands).length === 0) return [];
  const outcome = await batchAll<{ CONTACT?: (string | number)[] } | []>(rest, commands);
  assertBatchOk(outcome, 'crm.duplicate.findbycomm');
  const ids = new Set<string>();
  for (const result of Object.values(outcome.results)) {
    if (Array.isArray(result)) continue; // nothing found comes back as []
    for (const id of result.CONTACT ?? []) ids.add(String(id));
  }
  return [...ids].sort((a, b) => Number(a) - Number(b));
}

/** Bitrix24 dates come as ISO 8601 with the portal's offset; a birth date is the date part. */
const datePart = (value: string | null | undefined) => (value ? value.slice(0, 10) : null);

export function toCrmContact(raw: B24Contact): CrmContact {
  return {
    id: String(raw.ID),
    firstName: raw.NAME ?? '',
    lastName: raw.LAST_NAME || null,
    phones: (raw.PHONE ?? []).map((p) => normalizePhone(p.VALUE) ?? p.VALUE),
    emails: (raw.EMAIL ?? []).map((e) => e.VALUE.toLowerCase()),
    birthDate: datePart(raw.BIRTHDATE),
    limeClientId: raw.UF_CRM_LIME_CLIENT_ID || null,
    responsibleUserId: raw.ASSIGNED_BY_ID ? String(raw.ASSIGNED_BY_ID) : null,
    updatedAt: raw.DATE_MODIFY ?? null,
  };
}

export async function getRawContacts(rest: Bitrix24Rest, ids: string[]): Promise<B24Contact[]> {
  const commands: BatchCommands = {};
  for (const id of ids) commands[`c${id}`] = ['crm.contact.get', { id }];
  const outcome = await batchAll<B24Contact>(rest, commands);
  return ids.flatMap((id) => {
    const contact = outcome.results[`c${id}`];
    return contact ? [contact] : [];
  });
}

function limeFields(input: CrmContactInput): Record<string, unknown> {
  const lime = input.lime;
  if (!lime) return {};
  return {
    UF_CRM_LIME_CLIENT_ID: lime.limeClientId,
    UF_CRM_LIME_CARD: lime.cardNumber ?? '',
    UF_CRM_LIME_CATEGORY: lime.category,
    UF_CRM_LIME_CHILDREN: lime.children.map((c) => (c.birthDate ? `${c.name}, ${c.birthDate}` : c.name)),
    UF_CRM_LIME_DEPOSIT: lime.deposit === null ? '' : lime.deposit / 100,
    UF_CRM_LIME_BONUS: lime.bonus ?? '',
    UF_CRM_LIME_LAST_VISIT: lime.lastVisitAt ?? '',
  };
}

/**
 * The client's own fields, as a contact or a lead holds them: names, birth date, the phone as
 * MOBILE and the e-mail as HOME — each only when the record does not have it yet.
 */
export function personFields(
  input: Pick<CrmContactInput, 'firstName' | 'lastName' | 'birthDate' | 'phone' | 'email'>,
  existing: Pick<B24Contact, 'PHONE' | 'EMAIL'> | null,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    NAME: input.firstName,
    LAST_NAME: input.lastName ?? '',
    BIRTHDATE: input.birthDate ?? '',
  };
  const phone = normalizePhone(input.phone);
  const knownPhones = (existing?.PHONE ?? []).map((p) => normalizePhone(p.VALUE));
  if (phone && !knownPhones.includes(phone)) fields.PHONE = [{ VALUE: `+${phone}`, VALUE_TYPE: 'MOBILE' }];
  const email = input.email?.trim().toLowerCase();
  const knownEmails = (existing?.EMAIL ?? []).map((e) => e.VALUE.toLowerCase());
  if (email && !knownEmails.includes(email)) fields.EMAIL = [{ VALUE: email, VALUE_TYPE: 'HOME' }];
  return fields;
}

function contactFields(input: CrmContactInput, existing: B24Contact | null): Record<string, unknown> {
  const fields = { ...personFields(input, existing), ...limeFields(input) };
  if (input.responsibleUserId) fields.ASSIGNED_BY_ID = input.responsibleUserId;
  return fields;
}

const SCAN_SELECT = ['ID', 'PHONE', 'EMAIL', 'UF_CRM_LIME_CLIENT_ID'];

/**
 * Contacts after `cursor` (an ID) in ID order: one batch of 50 list commands at starts 0, 50, …,
 * 2,450. A start beyond the end repeats the last rows, so rows are kept once; a full window means
 * there may be more after its highest ID.
 */
export async function scanContacts(rest: Bitrix24Rest, cursor: string | null): Promise<CrmContactScanPage> {
  const commands: BatchCommands = {};
  const filter = cursor ? { '>ID': cursor } : {};
  for (let i = 0; i < BATCH_LIMIT; i++)
    commands[`s${i}`] = [
      'crm.contact.list',
      { order: { ID: 'ASC' }, filter, select: SCAN_SELECT, start: i * 50 },
    ];
  const outcome = await rest.batch<B24Contact[]>(commands);
  assertBatchOk(outcome, 'crm.contact.list');
  const byId = new Map<string, CrmContactKeys>();
  for (const rows of Object.values(outcome.results))
    for (const raw of rows ?? []) {
      const c = toCrmContact(raw);
      byId.set(c.id, { id: c.id, phones: c.phones, emails: c.emails, limeClientId: c.limeClientId });
    }
  const contacts = [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
  const full = contacts.length === BATCH_LIMIT * 50;
  return { contacts, next: full ? (contacts.at(-1)?.id ?? null) : null };
}

export async function upsertContacts(
  rest: Bitrix24Rest,
  items: { id: string | null; input: CrmContactInput; unseen?: boolean }[],
): Promise<UpsertResult[]> {
  const updates = items.filter((i) => i.id !== null).map((i) => i.id as string);
  const existing = new Map((await getRawContacts(rest, updates)).map((c) => [String(c.ID), c]));
  // Contacts we created before for these Lime clients (a retried job), by ORIGIN_ID.
  const keys = items
    .filter((i) => i.id === null && !i.unseen && i.input.lime)
    .map((i) => i.input.lime?.limeClientId as string);
  const made = new Map<string, string>();
  if (keys.length > 0) {
    const lookups: BatchCommands = {};
    chunks(keys, 50).forEach((originIds, i) => {
      lookups[`o${i}`] = [
        'crm.contact.list',
        { filter: { ORIGINATOR_ID: ORIGINATOR_ID, ORIGIN_ID: originIds }, select: ['ID', 'ORIGIN_ID'] },
      ];
    });
    const found = await batchAll<{ ID: string; ORIGIN_ID: string }[]>(rest, lookups);
    assertBatchOk(found, 'crm.contact.list');
    for (const rows of Object.values(found.results))
      for (const row of rows) made.set(row.ORIGIN_ID, String(row.ID));
  }
  const commands: BatchCommands = {};
  const plan = items.map((item, index) => {
    const known = item.id ?? (item.input.lime ? made.get(item.input.lime.limeClientId) : undefined) ?? null;
    const key = `u${index}`;
    if (known !== null) {
      commands[key] = [
        'crm.contact.update',
        {
          id: known,
          fields: contactFields(item.input, existing.get(known) ?? null),
          params: { REGISTER_SONET_EVENT: 'N' },
        },
      ];
    } else {
      const fields = contactFields(item.input, null);
      if (item.input.lime) Object.assign(fields, { ORIGINATOR_ID, ORIGIN_ID: item.input.lime.limeClientId });
      commands[key] = ['crm.contact.add', { fields, params: { REGISTER_SONET_EVENT: 'N' } }];
    }
    return { key, known };
  });
  const outcome = await batchAll<number | boolean>(rest, commands);
  assertBatchOk(outcome, 'crm.contact.add/update');
  return plan.map(({ key, known }) =>
    known !== null ? { id: known, created: false } : { id: String(outcome.results[key]), created: true },
  );
}
