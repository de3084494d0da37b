/**
 * Phones travel as digits only (Lime's integrators strip everything else). Russian numbers are
 * normalised to 11 digits starting with 7: "+7 (999) 123-45-67", "8 999 123 45 67" and
 * "9991234567" all become "79991234567".
 */
export function normalizePhone(input: string | null | undefined): string | null {
  if (!input) return null;
  let digits = input.replace(/\D+/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  return digits.length >= 10 && digits.length <= 15 ? digits : null;
}
