import type { CrmContactKeys, CrmPort } from '@/lib/crm/crm-port';
import { normalizePhone } from '@/lib/domain/phone';
import type { ContactMatcher } from '../crm-push/push-clients';

/**
 * Every CRM contact's keys, read once by CrmPort.scanContacts, for the import's matching: a search
 * per client would cost amoCRM one request each (10,000 clients: 25 minutes at its limit), the scan
 * 40 requests. Built at the start of each import slice, so a contact made by a killed slice (and
 * not yet linked) is found by its Lime client field and never made twice.
 */
export class ContactIndex implements ContactMatcher {
  private readonly byClient = new Map<string, string>();
  private readonly byValue = new Map<string, string[]>();

  constructor(contacts: Iterable<CrmContactKeys>) {
    for (const c of contacts) {
      if (c.limeClientId && !this.byClient.has(c.limeClientId)) this.byClient.set(c.limeClientId, c.id);
      for (const value of [...c.phones.map(phoneKey), ...c.emails.map(emailKey)]) {
        if (!value) continue;
        const ids = this.byValue.get(value) ?? [];
        ids.push(c.id);
        this.byValue.set(value, ids);
      }
    }
  }

  static async scan(crm: CrmPort): Promise<{ index: ContactIndex; contacts: number; pages: number }> {
    const all: CrmContactKeys[] = [];
    let pages = 0;
    for (let cursor: string | null = null; ; ) {
      const page = await crm.scanContacts(cursor);
      pages++;
      all.push(...page.contacts);
      if (page.next === null) break;
      cursor = page.next;
    }
    return { index: new ContactIndex(all), contacts: all.length, pages };
  }

  madeFor(limeClientId: string): string | null {
    return this.byClient.get(limeClientId) ?? null;
  }

  withPhoneOrEmail(query: { phones: string[]; emails: string[] }): string[] {
    const ids = new Set<string>();
    for (const value of [...query.phones.map(phoneKey), ...query.emails.map(emailKey)])
      for (const id of value ? (this.byValue.get(value) ?? []) : []) ids.add(id);
    return [...ids].sort((a, b) => Number(a) - Number(b));
  }
}

const phoneKey = (phone: string) => {
  const digits = normalizePhone(phone);
  return digits ? `tel:${digits}` : null;
};
const emailKey = (email: string) => {
  const value = email.trim().toLowerCase();
  return value ? `mail:${value}` : null;
};
