/**
 * The simulated portal's model in the simulator's own terms. Wire shapes (what REST answers)
 * are built from it in crm-wire.ts and the methods-*.ts files; nothing here is sent as is.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * A decoded request parameter, as PHP sees it after parse_str / json_decode: strings (form and
 * query values are always strings), JSON scalars, lists and ordered maps.
 */
export type PhpValue = JsonValue;
export type PhpMap = { [key: string]: PhpValue };

export interface SimUser {
  id: number;
  name: string;
  lastName: string;
  email: string;
  admin: boolean;
  /** false: dismissed (user.get with ACTIVE: true leaves them out; their tokens stop working). */
  active: boolean;
  /** WORK_POSITION. */
  position: string;
}

export type MultiFieldType = 'PHONE' | 'EMAIL' | 'WEB' | 'IM' | 'LINK';

export interface MultiFieldValue {
  ID: number;
  TYPE_ID: MultiFieldType;
  VALUE_TYPE: string;
  VALUE: string;
}

export type CrmEntity = 'CONTACT' | 'DEAL' | 'LEAD';

/** A contact, deal or lead row: scalar columns as the database keeps them (strings or null). */
export interface CrmRecord {
  entity: CrmEntity;
  id: number;
  /** Standard columns, PHP-style: every value a string or null (dates as `YYYY-MM-DD`). */
  fields: Record<string, string | null>;
  multi: MultiFieldValue[];
  /** UF_CRM_* values: a string (or list of strings for MULTIPLE fields); absent = never set. */
  uf: Record<string, string | string[] | null>;
  /** Deals and leads: linked contacts (CONTACT_IDS), in binding order. */
  contactIds: number[];
  createdAt: Date;
  modifiedAt: Date;
}

export interface UserFieldEnumItem {
  ID: number;
  VALUE: string;
  DEF: 'Y' | 'N';
  SORT: number;
  XML_ID: string;
}

export interface UserFieldDef {
  ID: number;
  ENTITY_ID: 'CRM_CONTACT' | 'CRM_DEAL';
  FIELD_NAME: string;
  USER_TYPE_ID: string;
  XML_ID: string;
  SORT: number;
  MULTIPLE: 'Y' | 'N';
  MANDATORY: 'Y' | 'N';
  SHOW_FILTER: 'Y' | 'N';
  SHOW_IN_LIST: 'Y' | 'N';
  EDIT_IN_LIST: 'Y' | 'N';
  IS_SEARCHABLE: 'Y' | 'N';
  SETTINGS: PhpMap;
  LABEL: string;
  LIST: UserFieldEnumItem[];
}

export interface EventBinding {
  /** event_handler_id on the wire. */
  id: number;
  /** 'app': bound by our app through event.bind; 'webhook': an outgoing webhook (no app). */
  owner: 'app' | 'webhook';
  event: string;
  /** '' for offline bindings. */
  handler: string;
  /** auth_type: 0 = the user who caused the event. */
  userId: number;
  connectorId: string;
  offline: boolean;
  options: { minTimeout?: number };
  /** Outgoing webhooks only: their own application token. */
  applicationToken?: string;
}

export interface PlacementBinding {
  id: number;
  placement: string;
  handler: string;
  userId: number;
  title: string;
  description: string;
  groupName: string;
  options: PhpMap;
  langAll: Record<string, { TITLE: string; DESCRIPTION: string; GROUP_NAME: string }>;
}

/** One row of b_rest_event_offline. */
export interface OfflineRecord {
  ID: number;
  TIMESTAMP_X: Date;
  MESSAGE_ID: string;
  EVENT_NAME: string;
  EVENT_DATA: JsonValue;
  EVENT_ADDITIONAL: JsonValue;
  PROCESS_ID: string;
  CONNECTOR_ID: string;
  ERROR: 0 | 1;
}

/** One POST the portal made to a handler of ours (events, install/uninstall callbacks). */
export interface DeliveryRecord {
  event: string;
  url: string;
  /** event_handler_id (absent for the installation callback, which is not a binding). */
  handlerId: number | null;
  /** The exact form-urlencoded body sent. */
  form: string;
  /** Our handler's answer; null status when the connection failed (the error says why). */
  status: number | null;
  body: string | null;
  error: string | null;
  at: number;
}

export interface RecordedRequest {
  server: 'portal' | 'oauth';
  httpMethod: string;
  path: string;
  query: Record<string, string>;
  body: string;
  /** The REST method called (lower case), null when the path is not a REST call. */
  restMethod: string | null;
  status: number;
  at: number;
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  code: string;
  version: number;
  installEventUrl: string | null;
  /** "Application URL": the main frame (PLACEMENT=DEFAULT) once the install is finished. */
  appUrl: string | null;
  /** "Application installer URL": the main frame while the install is not finished. */
  installUrl: string | null;
  /** The scopes (permissions) the app was registered with. */
  scope: string[];
}
