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
  TRIGGER_CODE,
} from '@/lib/domain/campaign-delivery';
import { ORIGINATOR_ID } from './contacts';
import { findDealByKey } from './deals';
import { Bitrix24ApiError } from './errors';
import type { Bitrix24Rest } from './rest';

/**
 * Mailings through Bitrix24's own automation (docs/mailings.md). The message's values go into the
 * contact's fields first (crm.item.update, entityTypeId 3); then either our app's trigger runs on a
 * deal (crm.automation.trigger.execute: deals and leads only, app context only — it answers true
 * even when no rule reacts) or an admin's business-process template starts on the contact
 * (bizproc.workflow.start, which webhook-mode portals may call too). A deal made for the message is
 * keyed by the send (originId), so a retry finds it instead of making another.
 */

export const MAILING_USER_FIELDS: Record<(typeof MAILING_FIELD_KEYS)[number], string> = {
  npsScore: 'UF_CRM_LIME_NPS',
  npsLink: 'UF_CRM_LIME_NPS_LINK',
  childName: 'UF_CRM_LIME_MAIL_CHILD',
  bonus: 'UF_CRM_LIME_MAIL_BONUS',
};

const DEAL = 2;
const CONTACT = 3;

export async function writeContactFields(
  rest: Bitrix24Rest,
  contactId: string,
  fields: MailingFields,
): Promise<void> {
  if (!/^\d+$/.test(contactId)) throw new CrmEntityNotFoundError('contact', contactId);
  const values: Record<string, string> = {};
  for (const key of MAILING_FIELD_KEYS) {
    const value = fields[key];
    if (value !== undefined) values[MAILING_USER_FIELDS[key]] = value === null ? '' : String(value);
  }
  if (Object.keys(values).length === 0) return;
  try {
    await rest.call('crm.item.update', {
      entityTypeId: CONTACT,
      id: Number(contactId),
      fields: values,
      useOriginalUfNames: 'Y',
    });
  } catch (error) {
    if (error instanceof Bitrix24ApiError && error.bitrixCode === 'NOT_FOUND')
      throw new CrmEntityNotFoundError('contact', contactId);
    throw error;
  }
}

/** The portal's refusal of a well-formed call (a template gone, a trigger unknown, no right): final. */
async function refusedAsFinal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Bitrix24ApiError && error.status >= 400 && error.status < 500) {
      if (/application context/i.test(error.message))
        throw new CrmMailingUnsupportedError(
          'Bitrix24 runs app triggers only for an installed app; a webhook-mode portal needs a business process',
        );
      throw new CrmMailingRefusedError(error.message);
    }
    throw error;
  }
}

async function dealFor(
  rest: Bitrix24Rest,
  delivery: Extract<CampaignDelivery, { mode: 'trigger' }>,
  target: CrmMailingTarget,
): Promise<string> {
  if (target.dealId) return target.dealId;
  if (!delivery.pipelineId || !delivery.stageId)
    throw new CrmMailingUnsupportedError('No pipeline and stage are chosen for the deals of this mailing');
  const found = await findDealByKey(rest, target.key);
  if (found) return found;
  const made = await rest.call<{ item: { id: number } }>('crm.item.add', {
    entityTypeId: DEAL,
    fields: {
      title: target.title,
      categoryId: Number(delivery.pipelineId),
      stageId: delivery.stageId,
      contactIds: [Number(target.contactId)],
      originatorId: ORIGINATOR_ID,
      originId: target.key,
    },
  });
  return String(made.item.id);
}

export async function runMailing(
  rest: Bitrix24Rest,
  delivery: CampaignDelivery,
  target: CrmMailingTarget,
): Promise<{ crmEntityId: string }> {
  if (delivery.crm !== 'bitrix24')
    throw new CrmMailingUnsupportedError('This mailing is set up for amoCRM, not Bitrix24');
  return refusedAsFinal(async () => {
    if (delivery.mode === 'workflow') {
      await rest.call('bizproc.workflow.start', {
        TEMPLATE_ID: Number(delivery.templateId),
        DOCUMENT_ID: ['crm', 'CCrmDocumentContact', `CONTACT_${target.contactId}`],
      });
      return { crmEntityId: target.contactId };
    }
    const dealId = await dealFor(rest, delivery, target);
    await rest.call('crm.automation.trigger.execute', {
      CODE: TRIGGER_CODE,
      OWNER_TYPE_ID: DEAL,
      OWNER_ID: Number(dealId),
    });
    return { crmEntityId: dealId };
  });
}

/**
 * Business-process templates for contacts (bizproc.workflow.template.list, 50 a page, read on by
 * ID): what an admin may choose for a mailing. A portal that refuses (no `bizproc` scope on an older
 * install, not an admin) has none to offer.
 */
export async function listWorkflowTemplates(rest: Bitrix24Rest): Promise<{ id: string; name: string }[]> {
  const templates: { id: string; name: string }[] = [];
  let afterId = 0;
  for (let page = 0; page < 20; page++) {
    let rows: { ID: string | number; NAME: string }[];
    try {
      rows = await rest.call('bizproc.workflow.template.list', {
        select: ['ID', 'NAME'],
        filter: { MODULE_ID: 'crm', ENTITY: 'CCrmDocumentContact', '>ID': afterId },
        order: { ID: 'ASC' },
      });
    } catch (error) {
      if (error instanceof Bitrix24ApiError && error.status >= 400 && error.status < 500 && page === 0)
        return [];
      throw error;
    }
    templates.push(...rows.map((r) => ({ id: String(r.ID), name: r.NAME })));
    const last = rows.at(-1);
    if (!last || rows.length < 50) break;
    afterId = Number(last.ID);
  }
  return templates;
}
