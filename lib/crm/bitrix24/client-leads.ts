import { z } from 'zod';
import type { CrmLeadInput, CrmLeadResult } from '@/lib/crm/crm-port';
import { ORIGINATOR_ID, personFields } from './contacts';
import type { Bitrix24Rest } from './rest';

/**
 * A new client as a Bitrix24 lead (api-reference/crm/leads/crm-lead-add.md, crm-lead-list.md): the
 * lead holds the client itself until a manager converts it — TITLE, NAME, LAST_NAME, BIRTHDATE,
 * PHONE as MOBILE, EMAIL as HOME (the Pixlpark seed), ASSIGNED_BY_ID when given — and carries
 * ORIGINATOR_ID/ORIGIN_ID = our key, looked up first (`crm.lead.list`, exact filter on both), so a
 * retried job returns the lead it made. REGISTER_SONET_EVENT is Y: unlike a synced contact, a lead
 * is work for a manager, who is told of it. Leads have no fields of ours and no pipelines: the lead
 * starts in the portal's first status (NEW), whatever pipelineId/stageId say.
 */

const foundSchema = z.array(z.object({ ID: z.coerce.string() }));
const addedSchema = z.coerce.number().int().positive();

async function findLeadByKey(rest: Bitrix24Rest, externalKey: string): Promise<string | null> {
  const answer = await rest.call('crm.lead.list', {
    filter: { '=ORIGINATOR_ID': ORIGINATOR_ID, '=ORIGIN_ID': externalKey },
    select: ['ID'],
    order: { ID: 'ASC' },
    start: -1,
  });
  return foundSchema.parse(answer)[0]?.ID ?? null;
}

export async function createLead(rest: Bitrix24Rest, input: CrmLeadInput): Promise<CrmLeadResult> {
  const known = await findLeadByKey(rest, input.externalKey);
  if (known !== null) return { leadId: known, contactId: null, created: false };
  const fields: Record<string, unknown> = {
    TITLE: input.title,
    ...personFields(input.contact, null),
    ORIGINATOR_ID,
    ORIGIN_ID: input.externalKey,
  };
  if (input.responsibleUserId) fields.ASSIGNED_BY_ID = Number(input.responsibleUserId);
  const answer = await rest.call('crm.lead.add', { fields, params: { REGISTER_SONET_EVENT: 'Y' } });
  return { leadId: String(addedSchema.parse(answer)), contactId: null, created: true };
}
