import {
  type CrmDeal,
  type CrmDealInput,
  type CrmDealPatch,
  type CrmDealSummary,
  CrmEntityNotFoundError,
  type CrmProductRow,
  type UpsertResult,
} from '@/lib/crm/crm-port';
import { kopecks, rublesToKopecks } from '@/lib/domain/money';
import { ORIGINATOR_ID } from './contacts';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * Deals as crm.item (entityTypeId 2): crm.deal.list can neither return nor filter contacts
 * (b24-rest-docs#219), crm.item can. Our deals carry originatorId/originId = our external key and
 * are looked up by it before a create, so re-delivery of a check never makes a second deal. Product
 * rows go in with crm.item.productrow.set, which replaces them all. UF fields keep their original
 * names (useOriginalUfNames: 'Y').
 */

const DEAL = 2;

interface B24Item {
  id: number;
  title: string;
  categoryId: number;
  stageId: string;
  contactIds?: number[];
  opportunity: number | string;
  originId?: string | null;
}

interface B24ProductRow {
  productId: number | string;
  productName: string;
  price: number | string;
  quantity: number | string;
}

const toRow = (row: B24ProductRow): CrmProductRow => ({
  productId: Number(row.productId) > 0 ? String(row.productId) : null,
  name: row.productName,
  price: rublesToKopecks(row.price),
  quantity: Number(row.quantity),
});

export async function findDealByKey(rest: Bitrix24Rest, externalKey: string): Promise<string | null> {
  const found = await rest.call<{ items: { id: number }[] }>('crm.item.list', {
    entityTypeId: DEAL,
    filter: { '=originatorId': ORIGINATOR_ID, '=originId': externalKey },
    select: ['id'],
  });
  const first = found.items[0];
  return first ? String(first.id) : null;
}

export async function upsertDeal(rest: Bitrix24Rest, input: CrmDealInput): Promise<UpsertResult> {
  const existing = await findDealByKey(rest, input.externalKey);
  const fields: Record<string, unknown> = {
    title: input.title,
    categoryId: Number(input.pipelineId),
    stageId: input.stageId,
    contactIds: input.contactId ? [Number(input.contactId)] : [],
    opportunity: input.amount / 100,
    isManualOpportunity: 'Y',
    currencyId: 'RUB',
    UF_CRM_LIME_CHECK_ID: input.limeCheckId ?? '',
    UF_CRM_LIME_PREORDER_ID: input.limePreorderId ?? '',
    UF_CRM_LIME_EVENT_AT: input.eventAt ?? '',
    UF_CRM_LIME_HALL: input.hall ?? '',
  };
  if (input.responsibleUserId) fields.assignedById = Number(input.responsibleUserId);
  let id: string;
  if (existing) {
    await rest.call('crm.item.update', { entityTypeId: DEAL, id: existing, fields, useOriginalUfNames: 'Y' });
    id = existing;
  } else {
    const created = await rest.call<{ item: { id: number } }>('crm.item.add', {
      entityTypeId: DEAL,
      fields: { ...fields, originatorId: ORIGINATOR_ID, originId: input.externalKey },
      useOriginalUfNames: 'Y',
    });
    id = String(created.item.id);
  }
  await rest.call(...setRows(id, input.products));
  return { id, created: existing === null };
}

const setRows = (id: string, rows: CrmProductRow[]): [string, Record<string, unknown>] => [
  'crm.item.productrow.set',
  {
    ownerId: Number(id),
    ownerType: 'D',
    productRows: rows.map((row, index) => ({
      productId: row.productId ? Number(row.productId) : 0,
      productName: row.name,
      price: row.price / 100,
      quantity: row.quantity,
      sort: (index + 1) * 10,
    })),
  },
];

/**
 * The deal's fields, rows and contacts in one batch that halts at the first error: a refused
 * update (a stage of another pipeline) leaves the rest alone. An unknown deal answers NOT_FOUND
 * (its rows OWNER_NOT_FOUND). The contacts go last: crm.deal.contact.items.set fails with an empty
 * code, which does not halt a batch.
 */
export async function updateDeal(rest: Bitrix24Rest, id: string, patch: CrmDealPatch): Promise<void> {
  if (!/^\d+$/.test(id)) throw new CrmEntityNotFoundError('deal', id);
  const fields: Record<string, unknown> = {};
  if (patch.stageId !== undefined) fields.stageId = patch.stageId;
  if (patch.amount !== undefined) {
    fields.opportunity = patch.amount / 100;
    fields.isManualOpportunity = 'Y';
  }
  if (patch.limePreorderId !== undefined) fields.UF_CRM_LIME_PREORDER_ID = patch.limePreorderId ?? '';
  if (patch.eventAt !== undefined) fields.UF_CRM_LIME_EVENT_AT = patch.eventAt ?? '';
  if (patch.hall !== undefined) fields.UF_CRM_LIME_HALL = patch.hall ?? '';
  const commands: BatchCommands = {};
  if (Object.keys(fields).length > 0)
    commands.deal = ['crm.item.update', { entityTypeId: DEAL, id, fields, useOriginalUfNames: 'Y' }];
  if (patch.products) commands.rows = setRows(id, patch.products);
  if (patch.contactId !== undefined) commands.contacts = await setMainContact(rest, id, patch.contactId);
  if (Object.keys(commands).length === 0) return;
  const outcome = await rest.batch(commands, { halt: true });
  const codes = Object.values(outcome.errors).map((e) => e.error);
  if (codes.includes('NOT_FOUND') || codes.includes('OWNER_NOT_FOUND'))
    throw new CrmEntityNotFoundError('deal', id);
  assertBatchOk(outcome, 'crm.item.update');
}

/**
 * crm.deal.contact.items.set (api-reference/crm/deals/contacts/crm-deal-contact-items-set.md)
 * replaces the deal's contacts: the chosen one first with IS_PRIMARY Y, the others after it as
 * they were; null drops the main one (no contact left: crm.deal.contact.items.delete, as an empty
 * `items` does not reach the portal as an array). The deal's contacts and the chosen contact are
 * read first, in one batch, so an unknown deal or contact is refused before anything is written.
 */
async function setMainContact(
  rest: Bitrix24Rest,
  dealId: string,
  contactId: string | null,
): Promise<[string, Record<string, unknown>]> {
  if (contactId !== null && !/^\d+$/.test(contactId)) throw new CrmEntityNotFoundError('contact', contactId);
  const outcome = await rest.batch<unknown>({
    deal: ['crm.item.get', { entityTypeId: DEAL, id: dealId }],
    ...(contactId === null ? {} : { contact: ['crm.contact.get', { id: contactId }] }),
  });
  const item = (outcome.results.deal as { item?: B24Item } | undefined)?.item;
  if (!item) throw new CrmEntityNotFoundError('deal', dealId);
  if (contactId !== null && !outcome.results.contact) throw new CrmEntityNotFoundError('contact', contactId);
  const current = (item.contactIds ?? []).map(String);
  const ids = contactId === null ? current.slice(1) : [contactId, ...current.filter((c) => c !== contactId)];
  if (ids.length === 0) return ['crm.deal.contact.items.delete', { id: Number(dealId) }];
  return [
    'crm.deal.contact.items.set',
    {
      id: Number(dealId),
      items: ids.map((c, i) => ({
        CONTACT_ID: Number(c),
        IS_PRIMARY: i === 0 ? 'Y' : 'N',
        SORT: (i + 1) * 10,
      })),
    },
  ];
}

export async function getDeal(rest: Bitrix24Rest, id: string): Promise<CrmDeal | null> {
  const outcome = await rest.batch<unknown>({
    deal: ['crm.item.get', { entityTypeId: DEAL, id }],
    rows: ['crm.item.productrow.list', { filter: { '=ownerType': 'D', '=ownerId': id } }],
  });
  const item = (outcome.results.deal as { item?: B24Item } | undefined)?.item;
  if (!item) return null;
  assertBatchOk(outcome, 'crm.item.productrow.list');
  const rows = (outcome.results.rows as { productRows: B24ProductRow[] }).productRows;
  return { ...toSummary(item), products: rows.map(toRow) };
}

const toSummary = (item: B24Item): CrmDealSummary => ({
  id: String(item.id),
  title: item.title,
  pipelineId: String(item.categoryId),
  stageId: item.stageId,
  contactIds: (item.contactIds ?? []).map(String),
  amount: kopecks(Math.round(Number(item.opportunity) * 100)),
  externalKey: item.originId || null,
});

/** Deals by id: one crm.item.get per deal, batched 50 a request (a missing deal answers an error, left out). */
export async function getDealSummaries(rest: Bitrix24Rest, ids: string[]): Promise<CrmDealSummary[]> {
  const commands: BatchCommands = {};
  for (const id of new Set(ids.filter((id) => /^\d+$/.test(id))))
    commands[`d${id}`] = ['crm.item.get', { entityTypeId: DEAL, id }];
  const outcome = await batchAll<{ item?: B24Item }>(rest, commands);
  return ids.flatMap((id) => {
    const item = outcome.results[`d${id}`]?.item;
    return item ? [toSummary(item)] : [];
  });
}
