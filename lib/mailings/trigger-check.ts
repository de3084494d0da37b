import { z } from 'zod';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { CrmMailingRefusedError, CrmMailingUnsupportedError } from '@/lib/crm/crm-port';
import { InvalidRequestError } from '@/lib/http/errors';
import { campaignErrorWords } from '@/lib/i18n/campaign-errors';
import { mailingDeliveryWords } from '@/lib/i18n/mailing-delivery-words';
import { type CrmCallDeps, crmOf, viaCrm } from '@/lib/sync/crm-call';
import { CampaignForbiddenError, CampaignRefusedError } from './errors';

/**
 * "Try the trigger on a deal" (POST /api/embed/campaigns/targets; docs/mailings.md "Does it arrive?"):
 * Bitrix24 answers a trigger with `true` whether or not a rule reacts, so an admin names a test deal
 * and the app's trigger runs on it as for a message; the deal's stage, read before and after, says
 * whether a rule linked to the trigger moved it. A real run: the stage's rules then send their message
 * to the deal's contact, which the words say. Admins only, as the trigger's methods are.
 */

const bodySchema = z
  .object({
    dealId: z
      .string()
      .trim()
      .regex(/^\d{1,12}$/),
  })
  .strict();

export interface TriggerCheck {
  dealId: string;
  confirmed: boolean;
  text: string;
}

export async function checkTriggerForClaims(
  deps: CrmCallDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<TriggerCheck> {
  const words = mailingDeliveryWords(claims.locale);
  if (!claims.admin) throw new CampaignForbiddenError(campaignErrorWords(claims.locale).adminsOnly);
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(words.testDealInvalid);
  const { dealId } = parsed.data;
  const crm = await crmOf(deps, claims.tenantId);
  if (crm.kind !== 'bitrix24') throw new CampaignRefusedError(words.otherCrm);
  const outcome = await viaCrm(
    { dealGone: words.dealGone(dealId), contactGone: words.dealGone(dealId), crmFailed: words.crmFailed },
    async () => {
      try {
        return await crm.runMailing(
          { crm: 'bitrix24', mode: 'trigger' },
          { key: `trigger-check:${dealId}`, contactId: '', dealId, title: '' },
        );
      } catch (error) {
        if (error instanceof CrmMailingUnsupportedError)
          throw new CampaignRefusedError(words.unsupported(error.message));
        if (error instanceof CrmMailingRefusedError)
          throw new CampaignRefusedError(words.refused(error.message));
        throw error;
      }
    },
  );
  const confirmed = outcome.check === 'confirmed';
  return {
    dealId,
    confirmed,
    text: confirmed ? words.testConfirmed(dealId) : words.testNotConfirmed(dealId),
  };
}
