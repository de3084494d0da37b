import { MULTIFIELD_TYPES, MULTIFIELD_VALUE_TYPES } from './crm-fields';
import { intval, isMap, isPhpArray, strval } from './php';
import { coreError } from './rest-error';
import type { MultiFieldType, MultiFieldValue, PhpMap, PhpValue } from './types';

/**
 * PHONE / EMAIL / WEB / IM values (crm_multifield), with the update semantics of
 * crm-contact-update.md "Working with Multiple Fields": an item without ID adds a value; an item
 * with the ID of an existing value changes it; `{ID, DELETE: 'Y'}`, `{ID, VALUE: ''}` and a bare
 * `{ID}` delete it; values not mentioned stay. E-mail addresses are validated (ERROR_CORE "The
 * field … contains an invalid address"); a VALUE_TYPE outside the portal's list is refused.
 */

const EMAIL_LABEL: Record<string, string> = {
  WORK: 'Work e-mail',
  HOME: 'Personal e-mail',
  MAILING: 'E-mail for newsletters',
  OTHER: 'Other e-mail',
};

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function itemsOf(value: PhpValue): PhpMap[] {
  if (!isPhpArray(value)) return [];
  return Object.values(value).filter((v): v is PhpMap => isMap(v));
}

function validate(type: MultiFieldType, valueType: string, value: string): void {
  const allowed = MULTIFIELD_VALUE_TYPES[type] ?? [];
  if (!allowed.includes(valueType)) {
    throw coreError(`The value type "${valueType}" is not allowed for the field ${type}.`);
  }
  if (type === 'EMAIL' && !EMAIL_RE.test(value)) {
    throw coreError(`The field "${EMAIL_LABEL[valueType] ?? 'E-mail'}" contains an invalid address.`);
  }
}

/**
 * Applies the multifield keys of `fields` to `current` (a copy is returned; nothing changes on
 * error). `nextId` hands out value IDs (one sequence for the whole portal).
 */
export function applyMultiFields(
  current: readonly MultiFieldValue[],
  fields: PhpMap,
  nextId: () => number,
): MultiFieldValue[] {
  let result = current.map((v) => ({ ...v }));
  for (const type of MULTIFIELD_TYPES as MultiFieldType[]) {
    if (!(type in fields)) continue;
    for (const item of itemsOf(fields[type] ?? null)) {
      const id = item.ID === undefined ? 0 : intval(item.ID);
      const value = strval(item.VALUE ?? '').trim();
      if (id > 0) {
        const existing = result.find((v) => v.ID === id && v.TYPE_ID === type);
        if (!existing) continue;
        if (strval(item.DELETE).toUpperCase() === 'Y' || value === '') {
          result = result.filter((v) => v !== existing);
          continue;
        }
        const valueType = item.VALUE_TYPE === undefined ? existing.VALUE_TYPE : strval(item.VALUE_TYPE);
        validate(type, valueType, value);
        existing.VALUE = value;
        existing.VALUE_TYPE = valueType;
        continue;
      }
      if (value === '') continue;
      const valueType = strval(item.VALUE_TYPE);
      validate(type, valueType, value);
      result.push({ ID: nextId(), TYPE_ID: type, VALUE_TYPE: valueType, VALUE: value });
    }
  }
  return result;
}

export function multiToWire(values: readonly MultiFieldValue[], type: MultiFieldType) {
  return values
    .filter((v) => v.TYPE_ID === type)
    .map((v) => ({ ID: String(v.ID), VALUE_TYPE: v.VALUE_TYPE, VALUE: v.VALUE, TYPE_ID: v.TYPE_ID }));
}
