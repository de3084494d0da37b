import type { CrmContact } from '@/lib/crm/crm-port';
import { parseContactQuery } from '@/lib/domain/contact-query';
import { type B24Contact, findContactIds, toCrmContact } from './contacts';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest } from './rest';

/**
 * A manager's contact search in Bitrix24 (api-reference/crm/contacts/crm-contact-list.md,
 * tutorials/crm/how-to-get-lists/search-by-phone-and-email.md). Names: crm.contact.list with `%`
 * (LIKE, the substring anywhere) on NAME and on LAST_NAME — the filter has no `logic` key, so
 * each alternative is its own list command, all in one batch; two or more words are also tried
 * as first name + last name either way round. Phones: multifield filters match exact values
 * only, so the number goes through crm.duplicate.findbycomm (which compares normalised numbers)
 * and the ids found are listed with `@ID`. A part of a number finds nothing here.
 */

const SEARCH_SELECT = [
  'ID',
  'NAME',
  'LAST_NAME',
  'BIRTHDATE',
  'PHONE',
  'EMAIL',
  'ASSIGNED_BY_ID',
  'DATE_MODIFY',
  'UF_CRM_LIME_CLIENT_ID',
];
const PAGE = 50;

/** Name filters: the whole text in either name, then each split of the words as first + last, both ways. */
function nameFilters(words: string[]): Record<string, string>[] {
  const whole = words.join(' ');
  const filters: Record<string, string>[] = [{ '%NAME': whole }, { '%LAST_NAME': whole }];
  for (let i = 1; i < words.length; i++) {
    const first = words.slice(0, i).join(' ');
    const last = words.slice(i).join(' ');
    filters.push({ '%NAME': first, '%LAST_NAME': last }, { '%NAME': last, '%LAST_NAME': first });
  }
  return filters;
}

const byName = (a: CrmContact, b: CrmContact) =>
  (a.lastName ?? '').localeCompare(b.lastName ?? '', 'ru') ||
  a.firstName.localeCompare(b.firstName, 'ru') ||
  Number(a.id) - Number(b.id);

export async function searchContacts(rest: Bitrix24Rest, query: string, limit = 20): Promise<CrmContact[]> {
  const parsed = parseContactQuery(query);
  const max = Math.min(Math.max(Math.trunc(limit), 1), PAGE);
  if (!parsed) return [];
  if (parsed.kind === 'phone') {
    if (!parsed.phone) return [];
    const ids = await findContactIds(rest, { phones: [parsed.phone] });
    if (ids.length === 0) return [];
    const rows = await rest.call<B24Contact[]>('crm.contact.list', {
      filter: { '@ID': ids.slice(0, max) },
      order: { ID: 'ASC' },
      select: SEARCH_SELECT,
    });
    return rows.map(toCrmContact);
  }
  // `%` and `_` would be LIKE wildcards: a name never needs them.
  const words = parsed.words.map((w) => w.replace(/[%_]/g, '')).filter((w) => w !== '');
  if (words.length === 0) return [];
  const commands: BatchCommands = {};
  nameFilters(words).forEach((filter, i) => {
    commands[`n${i}`] = ['crm.contact.list', { filter, order: { ID: 'DESC' }, select: SEARCH_SELECT }];
  });
  const outcome = await rest.batch<B24Contact[]>(commands);
  assertBatchOk(outcome, 'crm.contact.list');
  const found = new Map<string, CrmContact>();
  for (const rows of Object.values(outcome.results))
    for (const raw of rows ?? []) found.set(String(raw.ID), toCrmContact(raw));
  return [...found.values()].sort(byName).slice(0, max);
}
