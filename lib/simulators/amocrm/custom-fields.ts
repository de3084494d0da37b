import type { ItemError } from './problems';
import type { CustomFieldDef, CustomFieldValue, FieldValue, JsonObject, JsonValue } from './types';

/**
 * `custom_fields_values` in and out. In: `[{field_id | field_code, values: [{value, enum_id?,
 * enum_code?}]}]` (BaseCustomFieldValuesModel / MultitextCustomFieldValueModel), checked against
 * the account's fields — an unknown field, an enum_code the field lacks (PHONE: WORK, WORKDD,
 * MOB, FAX, HOME, OTHER; EMAIL: WORK, PRIV, OTHER) or a value of the wrong type is refused with
 * a validation error, as amoCRM refuses it. Out: `null` when the entity has no values (never
 * `[]`), each field with field_name/field_code/field_type, price values as strings ("12").
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseFieldValues(
  raw: unknown,
  fields: CustomFieldDef[],
  path = 'custom_fields_values',
): { values: CustomFieldValue[]; errors: ItemError[] } {
  const errors: ItemError[] = [];
  const values: CustomFieldValue[] = [];
  if (raw === null) return { values, errors };
  if (!Array.isArray(raw)) {
    errors.push({ code: 'InvalidType', path, detail: 'This value should be of type array.' });
    return { values, errors };
  }
  raw.forEach((item, i) => {
    const at = `${path}.${i}`;
    if (!isObject(item)) {
      errors.push({ code: 'InvalidType', path: at, detail: 'This value should be of type object.' });
      return;
    }
    const field =
      typeof item.field_id === 'number'
        ? fields.find((f) => f.id === item.field_id)
        : typeof item.field_code === 'string'
          ? fields.find((f) => f.code === item.field_code)
          : undefined;
    if (!field) {
      const key = 'field_id' in item ? 'field_id' : 'field_code';
      errors.push({
        code: 'NotSupportedChoice',
        path: `${at}.${key}`,
        detail: 'The value you selected is not a valid choice.',
      });
      return;
    }
    if (!Array.isArray(item.values)) {
      errors.push({
        code: 'InvalidType',
        path: `${at}.values`,
        detail: 'This value should be of type array.',
      });
      return;
    }
    const parsed: FieldValue[] = [];
    item.values.forEach((v, j) => {
      const vat = `${at}.values.${j}`;
      const value = parseOne(v, field, vat, errors);
      if (value) parsed.push(value);
    });
    values.push({ field_id: field.id, values: parsed });
  });
  return { values, errors };
}

function parseOne(v: unknown, field: CustomFieldDef, at: string, errors: ItemError[]): FieldValue | null {
  if (!isObject(v)) {
    errors.push({ code: 'InvalidType', path: at, detail: 'This value should be of type object.' });
    return null;
  }
  const value = v.value;
  if (field.type === 'multitext') {
    if (typeof value !== 'string' || value.trim() === '') {
      errors.push({ code: 'NotBlank', path: `${at}.value`, detail: 'This value should not be blank.' });
      return null;
    }
    const enums = field.enums ?? [];
    const byCode = typeof v.enum_code === 'string' ? enums.find((e) => e.code === v.enum_code) : undefined;
    const byId = typeof v.enum_id === 'number' ? enums.find((e) => e.id === v.enum_id) : undefined;
    if ((v.enum_code !== undefined && !byCode) || (v.enum_id !== undefined && !byId)) {
      const key = v.enum_code !== undefined && !byCode ? 'enum_code' : 'enum_id';
      errors.push({
        code: 'NotSupportedChoice',
        path: `${at}.${key}`,
        detail: 'The value you selected is not a valid choice.',
      });
      return null;
    }
    const chosen = byCode ?? byId ?? enums.find((e) => e.code === 'WORK') ?? enums[0];
    return { value, ...(chosen ? { enum_id: chosen.id, enum_code: chosen.code ?? '' } : {}) };
  }
  if (field.type === 'select' || field.type === 'radiobutton' || field.type === 'multiselect') {
    const e = (field.enums ?? []).find(
      (x) => x.id === v.enum_id || (v.enum_id === undefined && x.value === value),
    );
    if (!e) {
      errors.push({
        code: 'NotSupportedChoice',
        path: `${at}.enum_id`,
        detail: 'The value you selected is not a valid choice.',
      });
      return null;
    }
    return { value: e.value, enum_id: e.id };
  }
  if (field.type === 'numeric' || field.type === 'price' || field.type === 'monetary') {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    if (!Number.isFinite(n)) {
      errors.push({
        code: 'InvalidType',
        path: `${at}.value`,
        detail: 'This value should be of type numeric.',
      });
      return null;
    }
    return { value: String(n) };
  }
  if (field.type === 'checkbox') {
    if (typeof value !== 'boolean') {
      errors.push({ code: 'InvalidType', path: `${at}.value`, detail: 'This value should be of type bool.' });
      return null;
    }
    return { value };
  }
  if (field.type === 'date' || field.type === 'birthday' || field.type === 'date_time') {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({ code: 'InvalidType', path: `${at}.value`, detail: 'This value should be of type int.' });
      return null;
    }
    return { value };
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    errors.push({ code: 'InvalidType', path: `${at}.value`, detail: 'This value should be of type string.' });
    return null;
  }
  return { value: String(value) };
}

/** Merge PATCH values: a field sent replaces that field's values; an empty array clears it. */
export function mergeFieldValues(current: CustomFieldValue[], patch: CustomFieldValue[]): CustomFieldValue[] {
  const out = current.filter((c) => !patch.some((p) => p.field_id === c.field_id));
  for (const p of patch) if (p.values.length > 0) out.push(p);
  return out;
}

export function fieldValuesWire(values: CustomFieldValue[], fields: CustomFieldDef[]): JsonValue {
  const present = values.filter((v) => v.values.length > 0);
  if (present.length === 0) return null;
  return present.map((v) => {
    const f = fields.find((x) => x.id === v.field_id);
    return {
      field_id: v.field_id,
      field_name: f?.name ?? '',
      field_code: f?.code ?? null,
      field_type: f?.type ?? 'text',
      values: v.values.map((x) => ({ ...x }) as JsonObject),
    };
  });
}

export function fieldWire(f: CustomFieldDef, accountId: number, base: string): JsonObject {
  return {
    id: f.id,
    name: f.name,
    type: f.type,
    account_id: accountId,
    code: f.code,
    sort: f.sort,
    is_api_only: f.is_api_only,
    enums: f.enums
      ? f.enums.map((e) => ({ id: e.id, value: e.value, sort: e.sort, ...(e.code ? { code: e.code } : {}) }))
      : null,
    group_id: null,
    required_statuses: [],
    is_deletable: f.code === null,
    is_predefined: f.code !== null && f.entity_type !== 'leads',
    entity_type: f.entity_type,
    remind: null,
    ...(f.catalog_id !== undefined ? { catalog_id: f.catalog_id } : {}),
    _links: { self: { href: `${base}/api/v4/${f.entity_type}/custom_fields/${f.id}` } },
  };
}
