import qs from 'qs';

/**
 * An application/x-www-form-urlencoded body with bracketed keys (`auth[application_token]`,
 * `contacts[update][0][id]`), as Bitrix24 and amoCRM post them, parsed with qs: formData() would
 * keep the brackets as flat names. Depth and key count are capped.
 */
const MAX_DEPTH = 6;
const MAX_KEYS = 1000;

export function parseForm(raw: string): Record<string, unknown> {
  return qs.parse(raw, { depth: MAX_DEPTH, parameterLimit: MAX_KEYS, allowPrototypes: false }) as Record<
    string,
    unknown
  >;
}
