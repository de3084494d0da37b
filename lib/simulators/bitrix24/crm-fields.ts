import type { CrmEntity } from './types';

/**
 * The standard fields of contacts, deals and leads: their order on the wire (crm.contact.get,
 * crm.deal.get and crm.lead.get answer in this order), type, whether clients may write them, and their
 * crm.item (camelCase) names. Unknown fields in `fields` are ignored, read-only ones too
 * (CCrmRestProxyBase::internalizeFields); CATEGORY_ID is immutable on crm.deal.update.
 */

export type FieldType = 'id' | 'string' | 'int' | 'user' | 'double' | 'char' | 'status' | 'date' | 'datetime';

export interface FieldSpec {
  name: string;
  type: FieldType;
  writable: boolean;
  /** Ignored on update (crm.deal.update cannot move a deal to another pipeline). */
  immutable?: boolean;
  /** crm.item name when it is not the plain camelCase of `name`. */
  camel?: string;
}

const f = (name: string, type: FieldType, writable = true, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type,
  writable,
  ...extra,
});

const UTM = ['UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM'].map((n) =>
  f(n, 'string'),
);

/** The client's name (contacts, leads). */
const NAMES = ['HONORIFIC', 'NAME', 'SECOND_NAME', 'LAST_NAME'].map((n) =>
  f(n, n === 'HONORIFIC' ? 'status' : 'string'),
);

/** Whether the multifields hold values (contacts, leads). */
const HAS = ['HAS_PHONE', 'HAS_EMAIL', 'HAS_IMOL'].map((n) => f(n, 'char', false));

const ADDRESS = ['', '_2', '_CITY', '_POSTAL_CODE', '_REGION', '_PROVINCE', '_COUNTRY'].map((n) =>
  f(`ADDRESS${n}`, 'string'),
);

const DATES = [
  f('DATE_CREATE', 'datetime', false, { camel: 'createdTime' }),
  f('DATE_MODIFY', 'datetime', false, { camel: 'updatedTime' }),
];

const AUDIT = [
  f('ASSIGNED_BY_ID', 'user'),
  f('CREATED_BY_ID', 'user', false, { camel: 'createdBy' }),
  f('MODIFY_BY_ID', 'user', false, { camel: 'updatedBy' }),
];

export const CONTACT_FIELDS: readonly FieldSpec[] = [
  f('ID', 'id', false),
  f('POST', 'string'),
  f('COMMENTS', 'string'),
  ...NAMES,
  f('PHOTO', 'int', false),
  f('LEAD_ID', 'int', false),
  f('TYPE_ID', 'status'),
  f('SOURCE_ID', 'status'),
  f('SOURCE_DESCRIPTION', 'string'),
  f('COMPANY_ID', 'int'),
  f('BIRTHDATE', 'date'),
  f('EXPORT', 'char'),
  ...HAS,
  ...DATES,
  ...AUDIT,
  f('OPENED', 'char'),
  f('ORIGINATOR_ID', 'string'),
  f('ORIGIN_ID', 'string'),
  f('ORIGIN_VERSION', 'string'),
  f('FACE_ID', 'int', false),
  f('LAST_ACTIVITY_TIME', 'datetime', false),
  ...ADDRESS,
  f('ADDRESS_LOC_ADDR_ID', 'int'),
  ...UTM,
  f('LAST_ACTIVITY_BY', 'user', false),
];

export const DEAL_FIELDS: readonly FieldSpec[] = [
  f('ID', 'id', false),
  f('TITLE', 'string'),
  f('TYPE_ID', 'status'),
  f('STAGE_ID', 'status'),
  f('PROBABILITY', 'int'),
  f('CURRENCY_ID', 'string'),
  f('OPPORTUNITY', 'double'),
  f('IS_MANUAL_OPPORTUNITY', 'char'),
  f('TAX_VALUE', 'double'),
  f('LEAD_ID', 'int', false),
  f('COMPANY_ID', 'int'),
  f('CONTACT_ID', 'int'),
  f('QUOTE_ID', 'int', false),
  f('BEGINDATE', 'date'),
  f('CLOSEDATE', 'date'),
  ...AUDIT,
  ...DATES,
  f('OPENED', 'char'),
  f('CLOSED', 'char', false),
  f('COMMENTS', 'string'),
  f('ADDITIONAL_INFO', 'string'),
  f('LOCATION_ID', 'string'),
  f('CATEGORY_ID', 'int', true, { immutable: true }),
  f('STAGE_SEMANTIC_ID', 'char', false),
  f('IS_NEW', 'char', false),
  f('IS_RECURRING', 'char', false),
  f('IS_RETURN_CUSTOMER', 'char', false),
  f('IS_REPEATED_APPROACH', 'char', false),
  f('SOURCE_ID', 'status'),
  f('SOURCE_DESCRIPTION', 'string'),
  f('ORIGINATOR_ID', 'string'),
  f('ORIGIN_ID', 'string'),
  f('MOVED_BY_ID', 'user', false, { camel: 'movedBy' }),
  f('MOVED_TIME', 'datetime', false),
  f('LAST_ACTIVITY_TIME', 'datetime', false),
  ...UTM,
  f('LAST_ACTIVITY_BY', 'user', false),
];

/** crm-lead-get.md's answer, in its order. */
export const LEAD_FIELDS: readonly FieldSpec[] = [
  f('ID', 'id', false),
  f('TITLE', 'string'),
  ...NAMES,
  f('COMPANY_TITLE', 'string'),
  f('COMPANY_ID', 'int'),
  f('CONTACT_ID', 'int'),
  f('IS_RETURN_CUSTOMER', 'char', false),
  f('BIRTHDATE', 'date'),
  f('SOURCE_ID', 'status'),
  f('SOURCE_DESCRIPTION', 'string'),
  f('STATUS_ID', 'status'),
  f('STATUS_DESCRIPTION', 'string'),
  f('POST', 'string'),
  f('COMMENTS', 'string'),
  f('CURRENCY_ID', 'string'),
  f('OPPORTUNITY', 'double'),
  f('IS_MANUAL_OPPORTUNITY', 'char'),
  ...HAS,
  ...AUDIT,
  ...DATES,
  f('DATE_CLOSED', 'datetime', false),
  f('STATUS_SEMANTIC_ID', 'char', false),
  f('OPENED', 'char'),
  f('ORIGINATOR_ID', 'string'),
  f('ORIGIN_ID', 'string'),
  f('MOVED_BY_ID', 'user', false, { camel: 'movedBy' }),
  f('MOVED_TIME', 'datetime', false),
  ...ADDRESS,
  f('ADDRESS_COUNTRY_CODE', 'string'),
  f('ADDRESS_LOC_ADDR_ID', 'int'),
  ...UTM,
  f('LAST_ACTIVITY_BY', 'user', false),
  f('LAST_ACTIVITY_TIME', 'datetime', false),
];

const FIELDS: Record<CrmEntity, readonly FieldSpec[]> = {
  CONTACT: CONTACT_FIELDS,
  DEAL: DEAL_FIELDS,
  LEAD: LEAD_FIELDS,
};

export function fieldsOf(entity: CrmEntity): readonly FieldSpec[] {
  return FIELDS[entity];
}

/** Contacts and leads hold the client's phones and e-mails themselves; deals hold none. */
export const hasMultiFields = (entity: CrmEntity): boolean => entity !== 'DEAL';

export function specOf(entity: CrmEntity, name: string): FieldSpec | undefined {
  return fieldsOf(entity).find((s) => s.name === name);
}

/** MULTIFIELD types and the VALUE_TYPEs the portal offers for them (crm_multifield). */
export const MULTIFIELD_VALUE_TYPES: Record<string, readonly string[]> = {
  PHONE: ['WORK', 'MOBILE', 'FAX', 'HOME', 'PAGER', 'MAILING', 'OTHER'],
  EMAIL: ['WORK', 'HOME', 'MAILING', 'OTHER'],
  WEB: ['WORK', 'HOME', 'FACEBOOK', 'VK', 'LIVEJOURNAL', 'TWITTER', 'OTHER'],
  IM: ['FACEBOOK', 'TELEGRAM', 'VK', 'SKYPE', 'VIBER', 'INSTAGRAM', 'BITRIX24', 'OPENLINE', 'IMOL', 'OTHER'],
  LINK: ['USER'],
};

export const MULTIFIELD_TYPES = Object.keys(MULTIFIELD_VALUE_TYPES);

/** `ASSIGNED_BY_ID` → `assignedById`; overrides from the spec win. */
export function camelOf(name: string, spec?: FieldSpec): string {
  if (spec?.camel) return spec.camel;
  const parts = name.toLowerCase().split('_');
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

/**
 * A UF_CRM_* name as crm.item writes it (crm/lib/service/converter.php,
 * convertFieldNameFromUpperCaseToCamelCase): letters-only names and `UF_CRM_{1-4 digits}_…`
 * names go through snake → camel with `_` kept between two digits (`UF_CRM_LIME_ID` →
 * `ufCrmLimeId`, `UF_CRM_2_1639669411830` → `ufCrm2_1639669411830`); any other UF_ name keeps
 * its tail as it is after `ufCrm_` (`UF_CRM_1720697698689` → `ufCrm_1720697698689`).
 */
export function ufCamel(name: string): string {
  const plain =
    /^[A-Z_]+$/.test(name) || /^UF_CRM_\d{1,4}_[\d_]+$/.test(name) || /^UF_CRM_\d{1,4}_[A-Z_]+$/.test(name);
  if (!plain && /^UF_/i.test(name)) {
    if (/^UF_CRM_/i.test(name)) return `ufCrm_${name.slice(7)}`;
    if (/^UF_CRM/i.test(name)) return `ufCrm${name.slice(6)}`;
    return `uf${name.slice(3)}`;
  }
  // '#' cannot occur in a field name: it marks the underscores kept between two digits.
  const marked = name.replace(/(\d)_(\d)/g, '$1#$2').toLowerCase();
  const camel = marked
    .split('_')
    .filter((part) => part !== '')
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
  return camel.replace(/(\d)#(\d)/g, '$1_$2');
}

/** Deal pipelines: stage code → semantic (P in progress, S success, F failure). */
export const DEFAULT_STAGES: readonly [string, 'P' | 'S' | 'F', string][] = [
  ['NEW', 'P', 'New'],
  ['PREPARATION', 'P', 'Document preparation'],
  ['PREPAYMENT_INVOICE', 'P', 'Invoice'],
  ['EXECUTING', 'P', 'In progress'],
  ['FINAL_INVOICE', 'P', 'Final invoice'],
  ['WON', 'S', 'Deal won'],
  ['LOSE', 'F', 'Deal lost'],
  ['APOLOGY', 'F', 'Analyze failure'],
];

/**
 * The lead stages of a fresh portal (directory STATUS, crm-lead-add.md): the first is where a lead
 * starts; CONVERTED is the success, JUNK the failure.
 */
export const LEAD_STATUSES: readonly [string, 'P' | 'S' | 'F', string][] = [
  ['NEW', 'P', 'Unprocessed'],
  ['IN_PROCESS', 'P', 'In progress'],
  ['PROCESSED', 'P', 'Processed'],
  ['JUNK', 'F', 'Low-quality lead'],
  ['CONVERTED', 'S', 'High-quality lead'],
];

export function stageId(categoryId: number, code: string): string {
  return categoryId === 0 ? code : `C${categoryId}:${code}`;
}
