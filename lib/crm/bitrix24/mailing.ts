import { CrmEntityNotFoundError } from '@/lib/crm/crm-port';
import { MAILING_FIELD_KEYS, type MailingFields } from '@/lib/domain/campaign-delivery';
import { Bitrix24ApiError } from './errors';
import type { Bitrix24Rest } from './rest';

/**
 * Mailings through Bitrix24's own automation (docs/mailings.md): the message's values go into the
 * contact's fields (crm.item.update, entityTypeId 3) before the automation is set going
 * (mailing-run.ts); the business-process templates an admin may choose from.
 */

export const MAILING_USER_FIELDS: Record<(typeof MAILING_FIELD_KEYS)[number], string> = {
  npsScore: 'UF_CRM_LIME_NPS',
  npsLink: 'UF_CRM_LIME_NPS_LINK',
  childName: 'UF_CRM_LIME_MAIL_CHILD',
  bonus: 'UF_CRM_LIME_MAIL_BONUS',
};

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
