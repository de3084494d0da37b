import { z } from 'zod';
import type { CrmLeadInput, CrmLeadResult } from '@/lib/crm/crm-port';
import type { AmocrmClient } from './api-client';
import { contactBody } from './contacts';
import type { AmocrmFieldIds } from './fields';
import { contactIdsOf, findLeadRecordByKey } from './leads';

/**
 * A new client as an amoCRM lead with the client as its new contact, in one request:
 * `POST /api/v4/leads/complex` (reference/amocrm.md §3.3; amocrm-api-php Leads::addComplex,
 * LeadModel::toComplexApi). The lead carries the title, our key in LIME_EXTERNAL_KEY, the pipeline
 * and stage when given and the responsible user; its `_embedded.contacts` holds the one contact as
 * POST /api/v4/contacts would take it (names, PHONE/MOB, EMAIL/PRIV, the birthday and our fields),
 * with the same responsible user. The key is looked up first (as for deals), so a retried job
 * returns the lead it made and its main contact. With duplicate control on for the integration,
 * amoCRM may merge the contact into one it has (`merged`): the answer's contact_id is then that one.
 */

/** One lead sent, one answered: `[{id, contact_id, company_id, request_id, merged}]`. */
const answerSchema = z.tuple(
  [
    z.object({
      id: z.number().int().positive(),
      contact_id: z.number().int().positive().nullable(),
      merged: z.boolean().optional(),
    }),
  ],
  z.unknown(),
);

export async function createLead(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  input: CrmLeadInput,
): Promise<CrmLeadResult> {
  const known = await findLeadRecordByKey(client, fields, input.externalKey);
  if (known) return { leadId: String(known.id), contactId: contactIdsOf(known)[0] ?? null, created: false };
  const responsibleUserId = input.responsibleUserId;
  const lead: Record<string, unknown> = {
    name: input.title,
    custom_fields_values: [
      { field_id: fields.leads.LIME_EXTERNAL_KEY, values: [{ value: input.externalKey }] },
    ],
    request_id: input.externalKey,
    _embedded: { contacts: [contactBody({ ...input.contact, responsibleUserId }, null, fields, false)] },
  };
  if (input.pipelineId) lead.pipeline_id = Number(input.pipelineId);
  if (input.stageId) lead.status_id = Number(input.stageId);
  if (responsibleUserId) lead.responsible_user_id = Number(responsibleUserId);
  const [made] = answerSchema.parse(await client.post('/api/v4/leads/complex', [lead]));
  return {
    leadId: String(made.id),
    contactId: made.contact_id === null ? null : String(made.contact_id),
    created: true,
  };
}
