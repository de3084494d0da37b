import type { CrmContactInput, LimeContactFields } from '@/lib/crm/crm-port';
import { kopecks } from '@/lib/domain/money';

/** Inputs for the CrmPort contract: unique names, phones and e-mails per call. */

let serial = 0;
export const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;

export function contact(overrides: Partial<CrmContactInput> = {}): CrmContactInput {
  const n = unique();
  return {
    firstName: 'Анна',
    lastName: `Петрова-${n}`,
    phone: `7999${String(5_000_000 + serial).padStart(7, '0')}`,
    email: `anna.${n}@example.ru`,
    birthDate: '1990-05-17',
    lime: null,
    responsibleUserId: null,
    ...overrides,
  };
}

/** Our fields for a contact of a Lime client, with a unique Lime id. */
export function limeFields(): LimeContactFields {
  return {
    limeClientId: `lime-${unique()}`,
    cardNumber: '000123',
    category: 'adult',
    children: [{ name: 'Маша', birthDate: '2018-02-28' }],
    deposit: kopecks(150_000),
    bonus: 300,
    lastVisitAt: '2026-11-20T10:00:00Z',
  };
}
