import type { Dictionary } from './dictionary';
import { en } from './en';
import type { Locale } from './pick-locale';
import { ru } from './ru';

export type { CrmGuide, Dictionary, FeatureKey, Step, TenantKind } from './dictionary';
export { FEATURE_KEYS, TENANT_KINDS } from './dictionary';
export type { Locale } from './pick-locale';
export { DEFAULT_LOCALE, LOCALES, pickLocale } from './pick-locale';

const dictionaries: Record<Locale, Dictionary> = { ru, en };

/** The dictionary for a locale chosen by `pickLocale`. */
export function getDictionary(locale: Locale): Dictionary {
  return dictionaries[locale];
}
