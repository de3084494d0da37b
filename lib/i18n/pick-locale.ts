/**
 * Chooses the page language from an Accept-Language header: Russian or English, whichever the browser
 * ranks higher (q-values respected, q=0 means "not acceptable"). Russian when neither is listed or the
 * header is missing, since the product's users are Russian-speaking parks and entertainment centres.
 */

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

interface Preference {
  locale: Locale;
  q: number;
  order: number;
}

function parseQuality(params: string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=').map((part) => part.trim());
    if (name?.toLowerCase() !== 'q') continue;
    if (value === undefined || !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value)) return 0;
    return Number(value);
  }
  return 1;
}

function toLocale(tag: string): Locale | null {
  const primary = tag.split('-')[0]?.trim().toLowerCase();
  return LOCALES.find((locale) => locale === primary) ?? null;
}

export function pickLocale(acceptLanguage: string | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const preferences: Preference[] = [];
  acceptLanguage.split(',').forEach((range, order) => {
    const [tag = '', ...params] = range.split(';');
    const locale = toLocale(tag);
    const q = parseQuality(params);
    if (locale && q > 0) preferences.push({ locale, q, order });
  });
  preferences.sort((a, b) => b.q - a.q || a.order - b.order);
  return preferences[0]?.locale ?? DEFAULT_LOCALE;
}
