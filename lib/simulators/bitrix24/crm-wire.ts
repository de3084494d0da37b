import { camelOf, type FieldSpec, fieldsOf, hasMultiFields, MULTIFIELD_TYPES, ufCamel } from './crm-fields';
import { multiToWire } from './crm-multifields';
import type { CrmRecord, JsonObject, JsonValue, MultiFieldType } from './types';
import type { UserFields } from './user-fields';
import { dateColumnToWire, isoInZone } from './wire-time';

/**
 * Records → wire. The classic methods (crm.contact/deal/lead.get/list) answer like
 * PHP reading MySQL: every scalar a string or null, ids included; datetimes `date('c')` in the
 * portal zone; date-only columns shifted by the zone offset (see wire-time.ts); multifields as
 * `[{ID, VALUE_TYPE, VALUE, TYPE_ID}]`, present only when the contact or lead has values of that type.
 * crm.item.* (the newer API) answers camelCase with real numbers: `{id: 5, contactIds: [3]}`.
 */

function scalarToWire(spec: FieldSpec, record: CrmRecord, zone: string): JsonValue {
  if (spec.type === 'id') return String(record.id);
  const value = record.fields[spec.name] ?? null;
  if (value === null) return spec.type === 'date' ? '' : null;
  if (spec.type === 'datetime') return value === '' ? '' : isoInZone(new Date(value), zone);
  if (spec.type === 'date') return dateColumnToWire(value, zone);
  return value;
}

export interface WireOptions {
  /** Standard fields to include (undefined: all). */
  fields?: ReadonlySet<string>;
  /** User fields to include (undefined: all). */
  userFields?: ReadonlySet<string>;
  /** Multifield types to include (undefined: all); a type without values is left out either way. */
  multi?: ReadonlySet<string>;
}

/** The classic (UPPER_CASE) shape of crm.*.get and crm.*.list rows. */
export function recordToWire(
  record: CrmRecord,
  uf: UserFields,
  zone: string,
  options: WireOptions = {},
): JsonObject {
  const out: JsonObject = {};
  for (const spec of fieldsOf(record.entity)) {
    if (options.fields && !options.fields.has(spec.name)) continue;
    out[spec.name] = scalarToWire(spec, record, zone);
  }
  for (const def of uf.of(record.entity)) {
    if (options.userFields && !options.userFields.has(def.FIELD_NAME)) continue;
    out[def.FIELD_NAME] = uf.valueToWire(def, record.uf[def.FIELD_NAME], zone);
  }
  if (hasMultiFields(record.entity)) {
    for (const type of MULTIFIELD_TYPES as MultiFieldType[]) {
      const values = multiToWire(record.multi, type);
      if (values.length > 0 && (!options.multi || options.multi.has(type))) out[type] = values;
    }
  }
  return out;
}

const NUMERIC: ReadonlySet<FieldSpec['type']> = new Set(['id', 'int', 'user', 'double']);

/** The crm.item.* shape (entityTypeId 2 for deals, 3 for contacts). */
export function recordToItem(
  record: CrmRecord,
  uf: UserFields,
  zone: string,
  useOriginalUfNames = false,
): JsonObject {
  const out: JsonObject = {};
  for (const spec of fieldsOf(record.entity)) {
    const key = camelOf(spec.name, spec);
    if (spec.type === 'id') {
      out[key] = record.id;
      continue;
    }
    const value = record.fields[spec.name] ?? null;
    if (value === null || value === '') out[key] = null;
    else if (NUMERIC.has(spec.type)) out[key] = Number(value);
    else if (spec.type === 'datetime') out[key] = isoInZone(new Date(value), zone);
    else if (spec.type === 'date') out[key] = dateColumnToWire(value, zone);
    else out[key] = value;
  }
  out.observers = [];
  if (record.entity === 'DEAL') out.contactIds = [...record.contactIds];
  else {
    out.companyIds = record.fields.COMPANY_ID ? [Number(record.fields.COMPANY_ID)] : [];
    out.fm = record.multi.map((m) => ({
      id: m.ID,
      typeId: m.TYPE_ID,
      valueType: m.VALUE_TYPE,
      value: m.VALUE,
    }));
  }
  for (const def of uf.of(record.entity)) {
    const key = useOriginalUfNames ? def.FIELD_NAME : ufCamel(def.FIELD_NAME);
    out[key] = uf.valueToItem(def, record.uf[def.FIELD_NAME], zone);
  }
  out.entityTypeId = record.entity === 'DEAL' ? 2 : 3;
  return out;
}
