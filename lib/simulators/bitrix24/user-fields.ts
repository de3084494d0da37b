import { intval, isMap, isPhpArray, strval } from './php';
import { coreError, crmError } from './rest-error';
import type { CrmEntity, JsonValue, PhpMap, PhpValue, UserFieldDef } from './types';
import { dateColumnToWire, isoInZone, parseDateInput, parseDateTimeInput } from './wire-time';

/**
 * CRM user fields (crm.contact.userfield.*, crm.deal.userfield.*): definitions and value
 * coercion. FIELD_NAME is always stored with the UF_CRM_ prefix (HELLO → UF_CRM_HELLO,
 * UF_HELLO → UF_CRM_HELLO), at most 50 characters of A-Z, 0-9 and `_`; a second field with the
 * same name is ERROR_CORE. Definitions are not removed on uninstall (app-uninstallation.md lists
 * only custom field *types*), so they survive a reinstall. `SHOW_FILTER: 'Y'` is stored as 'E'.
 */

export type UfEntity = 'CRM_CONTACT' | 'CRM_DEAL';

export const USER_TYPES = [
  'string',
  'integer',
  'double',
  'boolean',
  'datetime',
  'date',
  'money',
  'url',
  'address',
  'enumeration',
  'file',
  'employee',
  'crm_status',
  'iblock_section',
  'iblock_element',
  'crm',
] as const;

const yn = (value: PhpValue | undefined, fallback: 'Y' | 'N'): 'Y' | 'N' =>
  value === undefined ? fallback : strval(value).toUpperCase() === 'Y' ? 'Y' : 'N';

function stringSettings(settings: PhpMap): PhpMap {
  return { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '', ...settings };
}

export class UserFields {
  readonly defs: Record<UfEntity, UserFieldDef[]> = { CRM_CONTACT: [], CRM_DEAL: [] };
  private nextId = 101;
  private nextEnumId = 1;

  add(entity: UfEntity, fields: PhpMap): number {
    const typeId = strval(fields.USER_TYPE_ID);
    if (typeId === '') throw crmError("The 'USER_TYPE_ID' field is not found.");
    let name = strval(fields.FIELD_NAME);
    if (name === '') throw crmError("The 'FIELD_NAME' field is not found.");
    if (!name.startsWith('UF_CRM_'))
      name = name.startsWith('UF_') ? `UF_CRM_${name.slice(3)}` : `UF_CRM_${name}`;
    if (name.length > 50) throw coreError('Field name is too long (more than 50 characters).');
    if (!/^[A-Z0-9_]+$/.test(name)) {
      throw coreError('Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.');
    }
    if (!(USER_TYPES as readonly string[]).includes(typeId))
      throw coreError('Incorrect custom type specified.');
    if (this.defs[entity].some((d) => d.FIELD_NAME === name)) {
      throw coreError(`A field named "${name}" for the object "${entity}" already exists.`);
    }
    const label = strval(fields.LABEL) || strval(isMap(fields.EDIT_FORM_LABEL) ? '' : fields.EDIT_FORM_LABEL);
    const settings = isMap(fields.SETTINGS) ? fields.SETTINGS : {};
    const def: UserFieldDef = {
      ID: this.nextId++,
      ENTITY_ID: entity,
      FIELD_NAME: name,
      USER_TYPE_ID: typeId,
      XML_ID: strval(fields.XML_ID),
      SORT: fields.SORT === undefined ? 100 : intval(fields.SORT),
      MULTIPLE: typeId === 'boolean' ? 'N' : yn(fields.MULTIPLE, 'N'),
      MANDATORY: yn(fields.MANDATORY, 'N'),
      SHOW_FILTER: yn(fields.SHOW_FILTER, 'N'),
      SHOW_IN_LIST: yn(fields.SHOW_IN_LIST, 'N'),
      EDIT_IN_LIST: yn(fields.EDIT_IN_LIST, 'Y'),
      IS_SEARCHABLE: yn(fields.IS_SEARCHABLE, 'N'),
      SETTINGS: typeId === 'string' ? stringSettings(settings) : settings,
      LABEL: label,
      LIST: [],
    };
    if (typeId === 'enumeration' && isPhpArray(fields.LIST)) {
      const seen = new Set<string>();
      for (const item of Object.values(fields.LIST)) {
        if (!isMap(item) || strval(item.VALUE) === '') continue;
        const xmlId = strval(item.XML_ID) || `${this.nextEnumId}`;
        if (seen.has(xmlId)) throw coreError(`List item with XML_ID=${xmlId} already exists.`);
        seen.add(xmlId);
        def.LIST.push({
          ID: this.nextEnumId++,
          VALUE: strval(item.VALUE),
          DEF: yn(item.DEF, 'N'),
          SORT: intval(item.SORT),
          XML_ID: xmlId,
        });
      }
    }
    this.defs[entity].push(def);
    return def.ID;
  }

  /** The user fields of a CRM entity; leads have none (the simulator has no crm.lead.userfield.*). */
  of(entity: CrmEntity): readonly UserFieldDef[] {
    if (entity === 'LEAD') return [];
    return this.defs[entity === 'CONTACT' ? 'CRM_CONTACT' : 'CRM_DEAL'];
  }

  find(entity: UfEntity, id: number): UserFieldDef | undefined {
    return this.defs[entity].find((d) => d.ID === id);
  }

  delete(entity: UfEntity, id: number): UserFieldDef | undefined {
    const index = this.defs[entity].findIndex((d) => d.ID === id);
    if (index < 0) return undefined;
    return this.defs[entity].splice(index, 1)[0];
  }

  /** The list answer: definitions without labels, ordered by SORT then ID, filtered by equality. */
  list(entity: UfEntity, order: PhpMap, filter: PhpMap): JsonValue[] {
    const keys = ['ID', 'FIELD_NAME', 'USER_TYPE_ID', 'XML_ID', 'SORT', 'MULTIPLE', 'MANDATORY'];
    const rows = this.defs[entity].filter((d) =>
      Object.entries(filter).every(([k, v]) => {
        const key = k.toUpperCase();
        if (!keys.includes(key)) return true;
        return strval(d[key as keyof UserFieldDef] as PhpValue) === strval(v);
      }),
    );
    const [[orderKey, orderDir] = ['SORT', 'ASC']] = Object.entries(order);
    const dir = strval(orderDir).toUpperCase() === 'DESC' ? -1 : 1;
    const field = orderKey.toUpperCase() === 'ID' ? 'ID' : 'SORT';
    rows.sort((a, b) => (a[field] - b[field] || a.ID - b.ID) * dir);
    return rows.map((d) => this.toWire(d, false));
  }

  toWire(def: UserFieldDef, withLabels: boolean): JsonValue {
    const out: { [key: string]: JsonValue } = {
      ID: String(def.ID),
      ENTITY_ID: def.ENTITY_ID,
      FIELD_NAME: def.FIELD_NAME,
      USER_TYPE_ID: def.USER_TYPE_ID,
      XML_ID: def.XML_ID === '' ? null : def.XML_ID,
      SORT: String(def.SORT),
      MULTIPLE: def.MULTIPLE,
      MANDATORY: def.MANDATORY,
      SHOW_FILTER: def.SHOW_FILTER === 'Y' ? 'E' : 'N',
      SHOW_IN_LIST: def.SHOW_IN_LIST,
      EDIT_IN_LIST: def.EDIT_IN_LIST,
      IS_SEARCHABLE: def.IS_SEARCHABLE,
      SETTINGS: def.SETTINGS,
    };
    if (def.USER_TYPE_ID === 'enumeration') {
      out.LIST = def.LIST.map((i) => ({
        ID: String(i.ID),
        SORT: String(i.SORT),
        VALUE: i.VALUE,
        DEF: i.DEF,
        XML_ID: i.XML_ID,
      }));
    }
    if (withLabels) {
      const labels = { en: def.LABEL, ru: def.LABEL, de: def.LABEL };
      for (const key of [
        'EDIT_FORM_LABEL',
        'LIST_COLUMN_LABEL',
        'LIST_FILTER_LABEL',
        'ERROR_MESSAGE',
        'HELP_MESSAGE',
      ]) {
        out[key] = labels;
      }
    }
    return out;
  }

  /** A value from `fields` → what the database keeps; throws like CheckFields would. */
  coerce(def: UserFieldDef, value: PhpValue, zone: string): string | string[] | null {
    const one = (v: PhpValue): string | null => this.coerceOne(def, v, zone);
    if (def.MULTIPLE === 'Y') {
      const list = Array.isArray(value) ? value : isMap(value) ? Object.values(value) : [value];
      return list.map(one).filter((v): v is string => v !== null && v !== '');
    }
    return one(Array.isArray(value) ? (value[0] ?? null) : value);
  }

  private coerceOne(def: UserFieldDef, value: PhpValue, zone: string): string | null {
    if (value === null || value === '' || value === false) return def.USER_TYPE_ID === 'boolean' ? '0' : null;
    const text = strval(value);
    switch (def.USER_TYPE_ID) {
      case 'integer':
      case 'employee':
        return String(intval(value));
      case 'double':
        return String(Number.isFinite(Number(text)) ? Number(text) : 0);
      case 'boolean':
        return ['1', 'Y', 'TRUE'].includes(text.toUpperCase()) || value === true ? '1' : '0';
      case 'date': {
        const date = parseDateInput(text, zone);
        if (date === null)
          throw crmError(`The "${def.LABEL || def.FIELD_NAME}" field contains an invalid date.`);
        return date;
      }
      case 'datetime': {
        const at = parseDateTimeInput(text, zone);
        if (at === null)
          throw crmError(`The "${def.LABEL || def.FIELD_NAME}" field contains an invalid date.`);
        return at.toISOString();
      }
      case 'enumeration':
        return def.LIST.some((i) => String(i.ID) === text) ? text : null;
      case 'file':
        return null;
      default:
        return text;
    }
  }

  /**
   * A stored value → crm.item.* (the ORM object's typed value through the REST converter):
   * integer, double, enumeration and employee as numbers, boolean as 'Y'/'N', dates as for the
   * classic methods, anything else as the string it is.
   */
  valueToItem(def: UserFieldDef, stored: string | string[] | null | undefined, zone: string): JsonValue {
    const numeric = ['integer', 'double', 'enumeration', 'employee'].includes(def.USER_TYPE_ID);
    const one = (v: string): JsonValue => {
      if (numeric) return Number(v);
      if (def.USER_TYPE_ID === 'boolean') return v === '1' ? 'Y' : 'N';
      if (def.USER_TYPE_ID === 'date') return dateColumnToWire(v, zone);
      if (def.USER_TYPE_ID === 'datetime') return isoInZone(new Date(v), zone);
      return v;
    };
    if (def.MULTIPLE === 'Y') return (Array.isArray(stored) ? stored : []).map(one);
    if (stored === undefined || stored === null || Array.isArray(stored)) {
      return def.USER_TYPE_ID === 'boolean' ? 'N' : null;
    }
    return one(stored);
  }

  /** A stored value → crm.*.get. */
  valueToWire(def: UserFieldDef, stored: string | string[] | null | undefined, zone: string): JsonValue {
    const one = (v: string): JsonValue => {
      if (def.USER_TYPE_ID === 'date') return dateColumnToWire(v, zone);
      if (def.USER_TYPE_ID === 'datetime') return isoInZone(new Date(v), zone);
      return v;
    };
    if (def.MULTIPLE === 'Y') return (Array.isArray(stored) ? stored : []).map(one);
    if (stored === undefined || stored === null || Array.isArray(stored)) {
      return def.USER_TYPE_ID === 'boolean' ? '0' : null;
    }
    return one(stored);
  }
}
