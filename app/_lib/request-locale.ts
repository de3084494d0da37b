import { headers } from 'next/headers';
import { type Dictionary, getDictionary, type Locale, pickLocale } from '@/lib/i18n';

/**
 * The page language for this request, from the browser's Accept-Language. Reading headers() also
 * makes every page that calls it render per request (the CSP nonce from proxy.ts needs that).
 */
export async function getRequestLocale(): Promise<Locale> {
  const requestHeaders = await headers();
  return pickLocale(requestHeaders.get('accept-language'));
}

export async function getRequestDictionary(): Promise<{ locale: Locale; t: Dictionary }> {
  const locale = await getRequestLocale();
  return { locale, t: getDictionary(locale) };
}
