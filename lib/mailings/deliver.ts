import { markAutomationAsked, recordSendDelivery } from '@/db/queries/campaign-send-fields';
import { getSend } from '@/db/queries/campaign-sends';
import { getCampaign } from '@/db/queries/campaigns';
import { NPS_LINK_TTL_DAYS, sealNpsToken } from '@/lib/auth/nps-token';
import {
  CrmEntityNotFoundError,
  type CrmMailingCheck,
  CrmMailingRefusedError,
  CrmMailingUnsupportedError,
} from '@/lib/crm/crm-port';
import { campaignDeliverySchema, type MailingFields } from '@/lib/domain/campaign-delivery';
import { mailingDeliveryWords } from '@/lib/i18n/mailing-delivery-words';
import { getSetting } from '@/lib/settings/settings';
import { type CrmCallDeps, crmOf } from '@/lib/sync/crm-call';
import { MailingDeliveryError } from './delivery-errors';

/**
 * One send through the CRM (issue 8; docs/mailings.md): the send and its campaign are read
 * (tenant-scoped), what the message inserts is written into the contact's fields — the child's name,
 * the bonus, and for NPS the signed link to this send's page — and the CRM's own automation is set
 * going (CrmPort.runMailing). Just before the automation is asked the send records that it was
 * (automation_asked_at), so an attempt after one that stopped unheard lets the CRM look for what the
 * earlier one set going instead of asking twice; what the CRM showed is kept on the send
 * (delivery_check: a Bitrix24 trigger no rule reacted to is `not_confirmed`). The send's status is
 * the caller's (the campaign engine marks it sent with the returned entity); a send that cannot be
 * made is MailingDeliveryError in the tenant's language, anything else (the CRM unreachable, rate
 * limits) is thrown as it is, for a retry.
 */

export interface DeliverDeps extends CrmCallDeps {
  /** The public base URL NPS links point at. */
  appUrl: string;
  /** The clock the NPS link's expiry counts from (the engine's). */
  now?: () => Date;
}

export async function deliverSend(
  deps: DeliverDeps,
  params: { tenantId: string; campaignId: string; sendId: string },
): Promise<{ crmEntityId: string | null; check: CrmMailingCheck | null }> {
  const db = deps.database.db;
  const { tenantId } = params;
  const words = mailingDeliveryWords(await getSetting(db, { tenantId, key: 'locale' }));
  const send = await getSend(db, { tenantId, id: params.sendId });
  const campaign = send && (await getCampaign(db, { tenantId, id: params.campaignId }));
  if (!send || !campaign || send.campaignId !== campaign.id)
    throw new MailingDeliveryError('MAILING_SEND_GONE', words.sendGone);
  const delivery = campaignDeliverySchema.safeParse(campaign.delivery);
  if (!delivery.success) throw new MailingDeliveryError('MAILING_NOT_CONFIGURED', words.notConfigured);
  const contactId = send.contactId;
  if (!contactId) throw new MailingDeliveryError('MAILING_NO_CONTACT', words.noContact);
  const crm = await crmOf(deps, tenantId);
  if (crm.kind !== delivery.data.crm) throw new MailingDeliveryError('MAILING_UNSUPPORTED', words.otherCrm);

  const fields: MailingFields = {
    childName: send.fields.childName ?? null,
    bonus: send.fields.bonus ?? null,
    npsLink: null,
  };
  if (campaign.kind === 'nps') {
    const now = deps.now?.() ?? new Date();
    const token = sealNpsToken(deps.secrets, {
      tenantId,
      sendId: send.id,
      expiresAt: new Date(now.getTime() + NPS_LINK_TTL_DAYS * 86_400_000),
    });
    fields.npsLink = `${deps.appUrl.replace(/\/+$/, '')}/nps/${token}`;
  }
  try {
    await crm.writeContactFields(contactId, fields);
    const scope = { tenantId, id: send.id };
    const outcome = await crm.runMailing(delivery.data, {
      key: `mailing:${send.id}`,
      contactId,
      dealId: send.dealId,
      title: words.title(campaign.name),
      askedBefore: send.automationAskedAt,
      beforeAsking: () => markAutomationAsked(db, { ...scope, asked: true }),
      notAsked: () => markAutomationAsked(db, { ...scope, asked: false }),
    });
    const written = Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const { crmEntityId } = outcome;
    const check = outcome.check ?? null;
    await recordSendDelivery(db, { ...scope, fields: written, crmEntityId, check });
    return { crmEntityId, check };
  } catch (error) {
    if (error instanceof CrmEntityNotFoundError)
      throw error.entity === 'deal'
        ? new MailingDeliveryError('MAILING_NO_DEAL', words.dealGone(error.id))
        : new MailingDeliveryError('MAILING_NO_CONTACT', words.contactGone(error.id));
    if (error instanceof CrmMailingUnsupportedError)
      throw new MailingDeliveryError('MAILING_UNSUPPORTED', words.unsupported(error.message));
    if (error instanceof CrmMailingRefusedError)
      throw new MailingDeliveryError('MAILING_CRM_REFUSED', words.refused(error.message));
    throw error;
  }
}
