import type { CrmContactInput } from '@/lib/crm/crm-port';

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
