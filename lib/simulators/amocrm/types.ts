/**
 * Shapes the amoCRM simulator keeps. Entities are stored close to the API v4 wire shape so that
 * what a test reads in `state` is what the adapter would read over HTTP; the wire functions add
 * `_links`, `account_id` and the `null`-when-empty `custom_fields_values`.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  at: Date;
}

export interface FieldValue {
  value: string | number | boolean;
  enum_id?: number;
  enum_code?: string;
}

export interface CustomFieldValue {
  field_id: number;
  values: FieldValue[];
}

export interface FieldEnum {
  id: number;
  value: string;
  sort: number;
  code?: string | null;
}

export interface CustomFieldDef {
  id: number;
  name: string;
  type: string;
  code: string | null;
  sort: number;
  entity_type: 'contacts' | 'leads' | 'catalogs';
  is_api_only: boolean;
  enums: FieldEnum[] | null;
  catalog_id?: number;
}

export interface SimUser {
  id: number;
  name: string;
  email: string;
  is_admin: boolean;
}

export interface Contact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  is_deleted: boolean;
  custom_fields_values: CustomFieldValue[];
  tags: string[];
}

export interface Lead {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  status_id: number;
  pipeline_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  is_deleted: boolean;
  custom_fields_values: CustomFieldValue[];
  tags: string[];
  contact_ids: number[];
}

export interface Status {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  type: 0 | 1;
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  statuses: Status[];
}

export interface CatalogElement {
  id: number;
  catalog_id: number;
  name: string;
  created_at: number;
  updated_at: number;
  custom_fields_values: CustomFieldValue[];
}

export interface Catalog {
  id: number;
  name: string;
  type: 'regular' | 'invoices' | 'products';
  sort: number;
  elements: CatalogElement[];
}

export interface Link {
  entity_type: 'leads';
  entity_id: number;
  to_entity_type: 'catalog_elements' | 'contacts';
  to_entity_id: number;
  metadata: {
    catalog_id?: number;
    quantity?: number;
    price_id?: number | null;
    main_contact?: boolean;
  } | null;
}

export interface Note {
  id: number;
  entity_type: 'contacts' | 'leads';
  entity_id: number;
  note_type: string;
  params: JsonObject;
  created_by: number;
  created_at: number;
  updated_at: number;
}

export interface Task {
  id: number;
  text: string;
  complete_till: number;
  entity_id: number | null;
  entity_type: string | null;
  task_type_id: number;
  responsible_user_id: number;
  is_completed: boolean;
  created_at: number;
}

export interface WebhookSubscription {
  id: number;
  destination: string;
  settings: string[];
  sort: number;
  disabled: boolean;
  created_at: number;
  created_by: number;
  /** Invalid answers (not 100–299, or no answer within 2 s), for the disabling rule. */
  failures: Date[];
}

export interface DeliveryRecord {
  destination: string;
  body: string;
  /** 0 when no answer came within the 2 s deadline or the connection failed. */
  status: number;
  at: Date;
  events: string[];
}
