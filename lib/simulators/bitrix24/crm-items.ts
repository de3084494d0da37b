import { camelOf, fieldsOf, MULTIFIELD_TYPES, ufCamel } from './crm-fields';
import { entriesOf, isMap, isPhpArray, strval } from './php';
import { RestError } from './rest-error';
import type { CrmEntity, CrmRecord, MultiFieldValue, PhpMap, PhpValue } from './types';
import type { UserFields } from './user-fields';

/**
 * crm.item.* field handling (crm/lib/controller/item.php, crm/lib/service/converter/ormobject.php):
 * - names: the converter first learns every field's UPPER_CASE name, so a key that already is a
 *   known UPPER name (`TITLE`, `UF_CRM_LIME_CHECK_ID`) is taken as it is, whatever
 *   `useOriginalUfNames` says; any other key is camelCase turned into UPPER_CASE (`stageId` →
 *   `STAGE_ID`, `ufCrm_1720697698689` → `UF_CRM_1720697698689`); keys naming no field are ignored;
 * - values (Item::processFields): an `empty()` value (PHP: '', '0', 0, false, null, []) clears the
 *   field; booleans take only `true`, 'true', 'y', 'Y' as yes (so '1' is NO, unlike crm.deal.*);
 *   `contactIds` replaces the deal's contacts (`[]` removes them all);
 * - UF names in answers follow `useOriginalUfNames` (ufCamel or FIELD_NAME).
 */

/** PHP empty(). */
export function phpEmpty(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (value === '0') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

/** Item::prepareBooleanFieldValue. */
function itemBoolean(value: PhpValue): 'Y' | 'N' {
  return value === true || value === 'true' || value === 'y' || value === 'Y' ? 'Y' : 'N';
}

/** camelCase → UPPER_CASE the way Response\Converter (TO_UPPER | TO_SNAKE_DIGIT) does it. */
export function camelToUpper(name: string): string {
  if (/^ufCrm_/i.test(name)) return `UF_CRM_${name.slice(6)}`.toUpperCase();
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Za-z])(\d)/g, '$1_$2')
    .toUpperCase();
}

/** Every name a crm.item call may use for a field of `entity` → its UPPER_CASE name. */
export function itemFieldNames(entity: CrmEntity, uf: UserFields): Map<string, string> {
  const names = new Map<string, string>();
  for (const spec of fieldsOf(entity)) {
    names.set(spec.name, spec.name);
    names.set(camelOf(spec.name, spec), spec.name);
  }
  for (const def of uf.of(entity)) {
    names.set(def.FIELD_NAME, def.FIELD_NAME);
    names.set(ufCamel(def.FIELD_NAME), def.FIELD_NAME);
  }
  if (entity === 'DEAL') {
    for (const [camel, upper] of [
      ['contactIds', 'CONTACT_IDS'],
      ['CONTACT_IDS', 'CONTACT_IDS'],
    ] as const)
      names.set(camel, upper);
  } else {
    names.set('fm', 'FM');
    names.set('FM', 'FM');
  }
  return names;
}

/** Resolves a key of `fields` / `select` / `filter` to its UPPER_CASE field, or null. */
export function resolveItemField(names: Map<string, string>, key: string): string | null {
  return names.get(key) ?? names.get(camelToUpper(key)) ?? null;
}

/**
 * `fields` of crm.item.add / crm.item.update → the classic UPPER_CASE map the CRM store writes,
 * with item semantics applied (empty clears, item booleans, contactIds, fm).
 */
export function itemFieldsToClassic(
  entity: CrmEntity,
  fields: PhpMap,
  uf: UserFields,
  current: CrmRecord | null,
): PhpMap {
  const names = itemFieldNames(entity, uf);
  const specs = new Map(fieldsOf(entity).map((s) => [s.name, s]));
  const out: PhpMap = {};
  for (const [key, value] of Object.entries(fields)) {
    const upper = resolveItemField(names, key);
    if (upper === null) continue;
    if (upper === 'FM') {
      Object.assign(out, fmToMultiFields(value, current?.multi ?? []));
      continue;
    }
    if (upper === 'CONTACT_IDS') {
      out.CONTACT_IDS = phpEmpty(value)
        ? []
        : isPhpArray(value)
          ? entriesOf(value).map(([, v]) => v)
          : [value];
      continue;
    }
    const spec = specs.get(upper);
    if (phpEmpty(value)) {
      out[upper] = spec?.type === 'char' ? 'N' : null;
      continue;
    }
    out[upper] = spec?.type === 'char' ? itemBoolean(value) : value;
  }
  return out;
}

/**
 * `fm` (`[{id?, typeId, valueType, value}]`) → the classic multifield keys: an entry with the id
 * of an existing value changes it (an empty value deletes it), an entry without id adds one.
 * Values the call does not mention stay (assumption: crm.item.update's handling of `fm` is not
 * described by the docs we read).
 */
function fmToMultiFields(value: PhpValue, current: readonly MultiFieldValue[]): PhpMap {
  const out: Record<string, PhpMap[]> = {};
  if (!isPhpArray(value)) return {};
  for (const [, item] of entriesOf(value)) {
    if (!isMap(item)) continue;
    const typeId = strval(item.typeId ?? item.TYPE_ID).toUpperCase();
    if (!MULTIFIELD_TYPES.includes(typeId)) continue;
    const id = strval(item.id ?? item.ID);
    const entry: PhpMap = { VALUE: strval(item.value ?? item.VALUE) };
    const valueType = item.valueType ?? item.VALUE_TYPE;
    if (valueType !== undefined) entry.VALUE_TYPE = strval(valueType);
    if (id !== '' && current.some((m) => String(m.ID) === id)) entry.ID = id;
    out[typeId] ??= [];
    out[typeId].push(entry);
  }
  return out;
}

/** An item-API validation error (crm/lib/field.php): CRM_FIELD_ERROR_VALUE_NOT_VALID and friends. */
export function itemFieldError(title: string): RestError {
  return new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', `Invalid value for field "${title}"`);
}

/** The classic store's refusals (empty code) as the item API words them. */
export function asItemError(error: unknown): unknown {
  if (!(error instanceof RestError) || error.code !== '') return error;
  if (/is required/.test(error.description)) {
    return new RestError(400, 'CRM_FIELD_ERROR_REQUIRED', error.description);
  }
  return new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error.description);
}
