import qs from 'qs';

/**
 * An application/x-www-form-urlencoded body with bracketed keys (`auth[application_token]`,
 * `contacts[update][0][id]`), as Bitrix24 and amoCRM post them, parsed with qs: formData() would
 * keep the brackets as flat names. Depth and key count are capped (keys past the cap are dropped,
 * so a caller expecting big bodies raises it together with its size cap).
 */
const MAX_DEPTH = 6;
const MAX_KEYS = 1000;

export function parseForm(raw: string, options: { maxKeys?: number } = {}): Record<string, unknown> {
  return qs.parse(raw, {
    depth: MAX_DEPTH,
    parameterLimit: options.maxKeys ?? MAX_KEYS,
    allowPrototypes: false,
  }) as Record<string, unknown>;
}
