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
import type { AmocrmClient } from './api-client';
import {
  type AmoElement,
  FREE_ROW_PREFIX,
  freeRowElements,
  getElements,
  limeCatalogId,
  priceOf,
  skuOf,
} from './catalog';
import { AmocrmApiError } from './errors';
import { type AmocrmFieldIds, type AmoFieldValue, chunks, firstValue, isoToUnix } from './fields';

/**
 * Deals as amoCRM leads (reference/amocrm.md §3.3–3.4). A lead carries our key in LIME_EXTERNAL_KEY
 * and is looked up by it before a create (`query=`, then an exact comparison), so re-delivery never
 * makes a second lead. `price` is an integer number of rubles (amoCRM refuses anything else), so
 * kopecks are rounded. Product rows are links to catalog elements with `metadata.quantity`; the
 * rows are replaced by unlinking what is linked and not wanted (or wanted in another quantity) and
 * linking the rest. A row's price is its element's PRICE: a link carries no price of its own.
 */

export interface AmoLead {
  id: number;
  name: string;
  price: number;
  pipeline_id: number;
  status_id: number;
  custom_fields_values?: AmoFieldValue[] | null;
  _embedded?: { contacts?: { id: number; is_main?: boolean }[] };
}
interface LeadList {
  _embedded?: { leads?: AmoLead[] };
}
interface AmoLink {
  to_entity_id: number;
  to_entity_type: string;
  metadata?: { catalog_id?: number; quantity?: number } | null;
}
interface LinkList {
  _embedded?: { links?: AmoLink[] };
}

/** The first lead carrying our key, with its contacts. */
export async function findLeadRecordByKey(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  externalKey: string,
): Promise<AmoLead | null> {
  for (let page = 1; page <= 20; page++) {
    const answer = await client.get<LeadList>('/api/v4/leads', {
      query: externalKey,
      with: 'contacts',
      page,
      limit: 250,
    });
    const leads = answer?._embedded?.leads ?? [];
    const match = leads
      .filter((l) => firstValue(l.custom_fields_values, fields.leads.LIME_EXTERNAL_KEY) === externalKey)
      .sort((a, b) => a.id - b.id)[0];
    if (match) return match;
    if (leads.length < 250) return null;
  }
  return null;
}

export async function findLeadByKey(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  externalKey: string,
): Promise<string | null> {
  const lead = await findLeadRecordByKey(client, fields, externalKey);
  return lead ? String(lead.id) : null;
}

/** A lead's contacts, the main one first. */
export function contactIdsOf(lead: AmoLead): string[] {
  const contacts = lead._embedded?.contacts ?? [];
  return [...contacts.filter((c) => c.is_main), ...contacts.filter((c) => !c.is_main)].map((c) =>
    String(c.id),
  );
}

async function catalogLinks(client: AmocrmClient, leadId: string): Promise<AmoLink[]> {
  const answer = await client.get<LinkList>(`/api/v4/leads/${leadId}/links`);
  return (answer?._embedded?.links ?? []).filter((l) => l.to_entity_type === 'catalog_elements');
}

async function replaceRows(client: AmocrmClient, leadId: string, rows: CrmProductRow[], fresh: boolean) {
  const catalogId = await limeCatalogId(client);
  const free = rows.filter((r) => r.productId === null);
  const freeIds = await freeRowElements(client, catalogId, free);
  const wanted = new Map<number, number>();
  let f = 0;
  for (const row of rows) {
    const id = Number(row.productId ?? freeIds[f++]);
    wanted.set(id, (wanted.get(id) ?? 0) + row.quantity);
  }
  const linked = fresh ? [] : await catalogLinks(client, leadId);
  const stale = linked.filter((l) => wanted.get(l.to_entity_id) !== (l.metadata?.quantity ?? 1));
  if (stale.length > 0)
    await client.post(
      `/api/v4/leads/${leadId}/unlink`,
      stale.map((l) => ({
        to_entity_id: l.to_entity_id,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: l.metadata?.catalog_id ?? catalogId },
      })),
    );
  const kept = new Set(linked.filter((l) => !stale.includes(l)).map((l) => l.to_entity_id));
  const links = [...wanted]
    .filter(([id]) => !kept.has(id))
    .map(([id, quantity]) => ({
      to_entity_id: id,
      to_entity_type: 'catalog_elements',
      metadata: { catalog_id: catalogId, quantity },
    }));
  for (let i = 0; i < links.length; i += 50)
    await client.post(`/api/v4/leads/${leadId}/link`, links.slice(i, i + 50));
}

export async function upsertDeal(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  input: CrmDealInput,
): Promise<UpsertResult> {
  const existing = await findLeadByKey(client, fields, input.externalKey);
  const ids = fields.leads;
  const text = (id: number, value: string | number | null | undefined) =>
    fieldValues(id, value, existing !== null);
  const body: Record<string, unknown> = {
    name: input.title,
    price: Math.round(input.amount / 100),
    pipeline_id: Number(input.pipelineId),
    status_id: Number(input.stageId),
    custom_fields_values: [
      ...text(ids.LIME_EXTERNAL_KEY, input.externalKey),
      ...text(ids.LIME_CHECK_ID, input.limeCheckId),
      ...text(ids.LIME_PREORDER_ID, input.limePreorderId),
      ...text(ids.LIME_EVENT_AT, input.eventAt ? isoToUnix(input.eventAt) : null),
      ...text(ids.LIME_HALL, input.hall),
    ],
  };
  if (input.responsibleUserId) body.responsible_user_id = Number(input.responsibleUserId);
  if (input.contactId) body._embedded = { contacts: [{ id: Number(input.contactId) }] };
  let id: string;
  if (existing) {
    await client.patch('/api/v4/leads', [{ id: Number(existing), ...body }]);
    id = existing;
  } else {
    const answer = await client.post<LeadList>('/api/v4/leads', [{ ...body, request_id: input.externalKey }]);
    const made = answer?._embedded?.leads?.[0];
    if (!made) throw new Error('amoCRM answered a lead create without an id');
    id = String(made.id);
  }
  await replaceRows(client, id, input.products, existing === null);
  return { id, created: existing === null };
}

/** One field's values: an empty value clears the field of a lead that has it, and is left out of a new one. */
const fieldValues = (id: number, value: string | number | null | undefined, clear: boolean) =>
  value === null || value === undefined || value === ''
    ? clear
      ? [{ field_id: id, values: [] }]
      : []
    : [{ field_id: id, values: [{ value }] }];

/**
 * PATCH /api/v4/leads/{id} with what the patch names (status_id within the lead's pipeline, which
 * amoCRM checks), then the main contact, then the rows. An unknown lead is a 404.
 */
export async function updateDeal(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  id: string,
  patch: CrmDealPatch,
): Promise<void> {
  if (!/^\d+$/.test(id)) throw new CrmEntityNotFoundError('deal', id);
  const ids = fields.leads;
  const body: Record<string, unknown> = {};
  if (patch.stageId !== undefined) body.status_id = Number(patch.stageId);
  if (patch.amount !== undefined) body.price = Math.round(patch.amount / 100);
  const values = [
    ...(patch.limePreorderId === undefined
      ? []
      : fieldValues(ids.LIME_PREORDER_ID, patch.limePreorderId, true)),
    ...(patch.eventAt === undefined
      ? []
      : fieldValues(ids.LIME_EVENT_AT, patch.eventAt ? isoToUnix(patch.eventAt) : null, true)),
    ...(patch.hall === undefined ? [] : fieldValues(ids.LIME_HALL, patch.hall, true)),
  ];
  if (values.length > 0) body.custom_fields_values = values;
  await onLead(id, async () => {
    // An empty PATCH still tells an unknown lead (404) before the rows are touched.
    if (Object.keys(body).length > 0 || patch.contactId === undefined)
      await client.patch(`/api/v4/leads/${id}`, body);
    if (patch.contactId !== undefined) await setMainContact(client, id, patch.contactId);
  });
  if (patch.products) await replaceRows(client, id, patch.products, false);
}

/** A 404 of the lead's own path: the CRM has no such lead. */
async function onLead<T>(id: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AmocrmApiError && error.status === 404) throw new CrmEntityNotFoundError('deal', id);
    throw error;
  }
}

/**
 * The lead's main contact through the links API (reference/amocrm.md §3.4; the SDK's
 * ContactModel::getMetadataForLink sends `metadata.is_main`): linking with is_main true makes the
 * contact main and keeps the others linked; null unlinks the main contact. A contact amoCRM does
 * not have is refused on `to_entity_id`.
 */
async function setMainContact(client: AmocrmClient, leadId: string, contactId: string | null) {
  if (contactId === null) {
    const lead = await client.get<AmoLead>(`/api/v4/leads/${leadId}`, { with: 'contacts' });
    const main = lead ? contactIdsOf(lead)[0] : undefined;
    if (main)
      await client.post(`/api/v4/leads/${leadId}/unlink`, [
        { to_entity_id: Number(main), to_entity_type: 'contacts' },
      ]);
    return;
  }
  if (!/^\d+$/.test(contactId)) throw new CrmEntityNotFoundError('contact', contactId);
  try {
    await client.post(`/api/v4/leads/${leadId}/link`, [
      { to_entity_id: Number(contactId), to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
  } catch (error) {
    if (error instanceof AmocrmApiError && error.fieldErrors.some((e) => e.path === 'to_entity_id'))
      throw new CrmEntityNotFoundError('contact', contactId);
    throw error;
  }
}

export async function getDeal(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  id: string,
): Promise<CrmDeal | null> {
  if (!/^\d+$/.test(id)) return null;
  let lead: AmoLead | null;
  try {
    lead = await client.get<AmoLead>(`/api/v4/leads/${id}`, { with: 'contacts' });
  } catch (error) {
    if (error instanceof AmocrmApiError && error.status === 404) return null;
    throw error;
  }
  if (!lead) return null;
  const links = await catalogLinks(client, id);
  const byCatalog = new Map<number, number[]>();
  for (const l of links) {
    const catalogId = l.metadata?.catalog_id;
    if (catalogId === undefined) continue;
    byCatalog.set(catalogId, [...(byCatalog.get(catalogId) ?? []), l.to_entity_id]);
  }
  const elements = new Map<number, AmoElement>();
  for (const [catalogId, elementIds] of byCatalog)
    for (const e of await getElements(client, catalogId, elementIds)) elements.set(e.id, e);
  const products = links.flatMap((l): CrmProductRow[] => {
    const element = elements.get(l.to_entity_id);
    if (!element) return [];
    const price = priceOf(element);
    return [
      {
        productId: skuOf(element)?.startsWith(FREE_ROW_PREFIX) ? null : String(element.id),
        name: element.name,
        price: price === undefined || price === '' ? kopecks(0) : rublesToKopecks(String(price)),
        quantity: l.metadata?.quantity ?? 1,
      },
    ];
  });
  return { ...toSummary(lead, fields), products };
}

const READ_LIMIT = 250;

function toSummary(lead: AmoLead, fields: AmocrmFieldIds): CrmDealSummary {
  return {
    id: String(lead.id),
    title: lead.name,
    pipelineId: String(lead.pipeline_id),
    stageId: String(lead.status_id),
    contactIds: contactIdsOf(lead),
    amount: kopecks(Math.round(Number(lead.price) * 100)),
    externalKey: firstValue(lead.custom_fields_values, fields.leads.LIME_EXTERNAL_KEY),
  };
}

/** Leads by id, 250 a request (`filter[id][]`), with their contacts. */
export async function getDealSummaries(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  ids: string[],
): Promise<CrmDealSummary[]> {
  const wanted = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
  const byId = new Map<string, CrmDealSummary>();
  for (const part of chunks(wanted, READ_LIMIT)) {
    const answer = await client.get<LeadList>('/api/v4/leads', {
      filter: { id: part.map(Number) },
      with: 'contacts',
      limit: READ_LIMIT,
    });
    for (const lead of answer?._embedded?.leads ?? []) byId.set(String(lead.id), toSummary(lead, fields));
  }
  return ids.flatMap((id) => {
    const deal = byId.get(id);
    return deal ? [deal] : [];
  });
}
