import {
  CrmEntityNotFoundError,
  CrmMailingRefusedError,
  type CrmMailingTarget,
  CrmMailingUnsupportedError,
} from '@/lib/crm/crm-port';
import {
  type CampaignDelivery,
  MAILING_FIELD_KEYS,
  type MailingFields,
} from '@/lib/domain/campaign-delivery';
import type { AmocrmClient } from './api-client';
import { getRawContacts } from './contacts';
import { AmocrmApiError } from './errors';
import type { AmocrmFieldIds, ContactFieldCode } from './fields';
import { findLeadByKey } from './leads';

/**
 * Mailings through amoCRM's own automation (docs/mailings.md): the message's values go into the
 * contact's fields of ours, then a lead is made for the contact in the chosen pipeline and status,
 * where Digital Pipeline or a Salesbot acts on "lead appeared in status". The lead carries the send's
 * key in LIME_EXTERNAL_KEY, so a retry finds it and moves nothing (a second "appeared in status"
 * would message the person twice).
 */

const FIELD: Record<(typeof MAILING_FIELD_KEYS)[number], ContactFieldCode> = {
  npsScore: 'LIME_NPS',
  npsLink: 'LIME_NPS_LINK',
  childName: 'LIME_MAIL_CHILD',
  bonus: 'LIME_MAIL_BONUS',
};

async function contactMustExist(client: AmocrmClient, contactId: string): Promise<void> {
  if (!/^\d+$/.test(contactId) || (await getRawContacts(client, [contactId])).length === 0)
    throw new CrmEntityNotFoundError('contact', contactId);
}

export async function writeContactFields(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  contactId: string,
  values: MailingFields,
): Promise<void> {
  const writes = MAILING_FIELD_KEYS.flatMap((key) => {
    const value = values[key];
    if (value === undefined) return [];
    const fieldId = fields.contacts[FIELD[key]];
    return [{ field_id: fieldId, values: value === null || value === '' ? [] : [{ value }] }];
  });
  if (writes.length === 0) return;
  await contactMustExist(client, contactId);
  await client.patch('/api/v4/contacts', [{ id: Number(contactId), custom_fields_values: writes }]);
}

export async function runMailing(
  client: AmocrmClient,
  fields: AmocrmFieldIds,
  delivery: CampaignDelivery,
  target: CrmMailingTarget,
): Promise<{ crmEntityId: string }> {
  if (delivery.crm !== 'amocrm')
    throw new CrmMailingUnsupportedError('This mailing is set up for Bitrix24, not amoCRM');
  const found = await findLeadByKey(client, fields, target.key);
  if (found) return { crmEntityId: found };
  await contactMustExist(client, target.contactId);
  try {
    const answer = await client.post<{ _embedded?: { leads?: { id: number }[] } }>('/api/v4/leads', [
      {
        name: target.title,
        pipeline_id: Number(delivery.pipelineId),
        status_id: Number(delivery.statusId),
        custom_fields_values: [{ field_id: fields.leads.LIME_EXTERNAL_KEY, values: [{ value: target.key }] }],
        _embedded: { contacts: [{ id: Number(target.contactId) }] },
        request_id: target.key,
      },
    ]);
    const made = answer?._embedded?.leads?.[0];
    if (!made) throw new Error('amoCRM answered a lead create without an id');
    return { crmEntityId: String(made.id) };
  } catch (error) {
    // A pipeline or status deleted since the admin chose it: amoCRM refuses the lead.
    if (error instanceof AmocrmApiError && error.status === 400)
      throw new CrmMailingRefusedError(error.message);
    throw error;
  }
}
