import type { Ids } from './ids';
import type { Catalog, CustomFieldDef, Pipeline, SimUser } from './types';

/**
 * What a fresh amoCRM account holds before anyone touches it: the installing admin, the main
 * pipeline "Воронка" with the stock stages plus the system statuses every pipeline has —
 * 142 "Успешно реализовано" (won) and 143 "Закрыто и не реализовано" (lost), LeadModel
 * WON_STATUS_ID/LOST_STATUS_ID — the predefined contact fields PHONE and EMAIL (multitext with
 * the enum codes of examples/contacts_actions.php) and POSITION, and the built-in products
 * catalog "Товары" with SKU and PRICE fields (price values are strings on the wire).
 */

export const PHONE_ENUMS = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'];
export const EMAIL_ENUMS = ['WORK', 'PRIV', 'OTHER'];

export interface SeededAccount {
  users: SimUser[];
  pipelines: Pipeline[];
  fields: { contacts: CustomFieldDef[]; leads: CustomFieldDef[]; catalogs: CustomFieldDef[] };
  catalogs: Catalog[];
}

export function seedAccount(ids: Ids): SeededAccount {
  const admin: SimUser = {
    id: ids.next('user'),
    name: 'Администратор',
    email: 'admin@example.ru',
    is_admin: true,
  };
  const pipeline = makePipeline(ids, { name: 'Воронка', sort: 1, isMain: true });
  const enums = (codes: string[]) =>
    codes.map((code, i) => ({ id: ids.next('enum'), value: code, sort: (i + 1) * 2, code }));
  const contacts: CustomFieldDef[] = [
    {
      id: ids.next('field'),
      name: 'Должность',
      type: 'text',
      code: 'POSITION',
      sort: 2,
      entity_type: 'contacts',
      is_api_only: false,
      enums: null,
    },
    {
      id: ids.next('field'),
      name: 'Телефон',
      type: 'multitext',
      code: 'PHONE',
      sort: 4,
      entity_type: 'contacts',
      is_api_only: false,
      enums: enums(PHONE_ENUMS),
    },
    {
      id: ids.next('field'),
      name: 'Email',
      type: 'multitext',
      code: 'EMAIL',
      sort: 6,
      entity_type: 'contacts',
      is_api_only: false,
      enums: enums(EMAIL_ENUMS),
    },
  ];
  const catalogId = ids.next('catalog');
  const catalogs: CustomFieldDef[] = [
    {
      id: ids.next('field'),
      name: 'Артикул',
      type: 'text',
      code: 'SKU',
      sort: 1,
      entity_type: 'catalogs',
      is_api_only: false,
      enums: null,
      catalog_id: catalogId,
    },
    {
      id: ids.next('field'),
      name: 'Цена',
      type: 'price',
      code: 'PRICE',
      sort: 2,
      entity_type: 'catalogs',
      is_api_only: false,
      enums: null,
      catalog_id: catalogId,
    },
  ];
  return {
    users: [admin],
    pipelines: [pipeline],
    fields: { contacts, leads: [], catalogs },
    catalogs: [{ id: catalogId, name: 'Товары', type: 'products', sort: 10, elements: [] }],
  };
}

/**
 * A pipeline with the stock stages and the system statuses 142 (won) and 143 (lost), as amoCRM makes
 * one (the account's first, or one an admin adds).
 */
export function makePipeline(ids: Ids, options: { name: string; sort: number; isMain: boolean }): Pipeline {
  const pipelineId = ids.next('pipeline');
  const stage = (name: string, sort: number, type: 0 | 1 = 0, color = '#99ccff') => ({
    id: ids.next('status'),
    name,
    sort,
    is_editable: type === 0,
    pipeline_id: pipelineId,
    color,
    type,
  });
  return {
    id: pipelineId,
    name: options.name,
    sort: options.sort,
    is_main: options.isMain,
    is_unsorted_on: true,
    is_archive: false,
    statuses: [
      stage('Неразобранное', 10, 1, '#c1c1c1'),
      stage('Первичный контакт', 20),
      stage('Переговоры', 30, 0, '#ffff99'),
      stage('Принимают решение', 40, 0, '#ffcc66'),
      {
        id: 142,
        name: 'Успешно реализовано',
        sort: 10000,
        is_editable: false,
        pipeline_id: pipelineId,
        color: '#CCFF66',
        type: 0,
      },
      {
        id: 143,
        name: 'Закрыто и не реализовано',
        sort: 11000,
        is_editable: false,
        pipeline_id: pipelineId,
        color: '#D5D8DB',
        type: 0,
      },
    ],
  };
}
