import type { CrmContact } from '@/lib/crm/crm-port';
import { nationalDigits, parseContactQuery } from '@/lib/domain/contact-query';
import type { AmocrmClient } from './api-client';
import { type ContactList, phonesOf, toCrmContact } from './contacts';
import type { AmocrmFieldIds } from './fields';

/**
 * A manager's contact search in amoCRM: GET /api/v4/contacts?query= (reference/amocrm.md §3.1:
 * the full-text search over the contact's filled fields — name, phones, e-mails, our fields).
 * A phone is searched by its national part (what "+7 …" and "8 …" share) or the digits typed, and
 * only contacts with a phone holding those digits are kept: the text search also finds them in
 * other fields. One page: a manager reads the first few.
 */

const PAGE = 250;

export async function searchContacts(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  query: string,
  limit = 20,
): Promise<CrmContact[]> {
  const parsed = parseContactQuery(query);
  const max = Math.min(Math.max(Math.trunc(limit), 1), PAGE);
  if (!parsed) return [];
  if (parsed.kind === 'name') {
    const answer = await client.get<ContactList>('/api/v4/contacts', {
      query: parsed.words.join(' '),
      limit: max,
    });
    return (answer?._embedded?.contacts ?? []).map((c) => toCrmContact(c, fields));
  }
  const digits = nationalDigits(parsed.phone ?? parsed.digits);
  const answer = await client.get<ContactList>('/api/v4/contacts', { query: digits, limit: PAGE });
  return (answer?._embedded?.contacts ?? [])
    .filter((c) => phonesOf(c).some((p) => p.replace(/\D+/g, '').includes(digits)))
    .slice(0, max)
    .map((c) => toCrmContact(c, fields));
}
