import { normalizePhone } from './phone';

/**
 * What a manager typed to find a CRM contact: a phone (only digits and + ( ) - . and spaces, at
 * least 7 digits) or words of a name. `phone` is the whole number (lib/domain/phone) when the
 * digits make one, null for a part of a number (its last digits).
 */
export type ContactQuery =
  | { kind: 'phone'; digits: string; phone: string | null }
  | { kind: 'name'; words: string[] };

const PHONE_CHARS = /^[\d\s()+\-.]+$/;
export const MIN_PHONE_DIGITS = 7;
const MAX_WORDS = 4;

export function parseContactQuery(query: string): ContactQuery | null {
  const text = query.trim();
  if (text === '') return null;
  const digits = text.replace(/\D+/g, '');
  if (PHONE_CHARS.test(text) && digits.length >= MIN_PHONE_DIGITS) {
    return { kind: 'phone', digits, phone: normalizePhone(text) };
  }
  return { kind: 'name', words: text.split(/\s+/).slice(0, MAX_WORDS) };
}

/** The national part of a Russian number (what "+7 …" and "8 …" share); other numbers as they are. */
export function nationalDigits(phone: string): string {
  return phone.length === 11 && phone.startsWith('7') ? phone.slice(1) : phone;
}
