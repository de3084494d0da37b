import {
  CrmEntityNotFoundError,
  type CrmMailingOutcome,
  CrmMailingRefusedError,
  type CrmMailingTarget,
  CrmMailingUnsupportedError,
} from '@/lib/crm/crm-port';
import { type CampaignDelivery, TRIGGER_CODE } from '@/lib/domain/campaign-delivery';
import { ORIGINATOR_ID } from './contacts';
import { findDealByKey } from './deals';
import { Bitrix24ApiError, Bitrix24RateLimitedError } from './errors';
import type { Bitrix24Rest, RestParams } from './rest';

/**
 * Setting Bitrix24's own automation going for one message (docs/mailings.md, "Does it arrive?"),
 * and saying what the portal showed of it:
 * - our app's trigger on a deal (crm.automation.trigger.execute: deals and leads only, app context
 *   only). It answers `true` whatever happens — also when no rule is linked to it, the deal is
 *   already at the linked stage, or there is no such deal (the method's docs) — and the docs' own
 *   check is the deal's stage read back. So one batch reads the stage, executes, reads it again:
 *   moved — `confirmed`; not moved — `not_confirmed` (no rule reacted). A deal made for the message
 *   is keyed by the send (originId), so a retry finds it; a second execute on a deal already moved
 *   moves nothing, so the trigger is asked again.
 * - an admin's business-process template on the contact (bizproc.workflow.start, webhook-mode
 *   portals too): not keyed, so a start whose answer was lost and then started again would be a
 *   second message. Before asking, the caller keeps the instant (`beforeAsking`); an attempt after
 *   one that stopped unheard (`askedBefore`) does not start, but looks at bizproc.workflow.instances
 *   for this template on this contact started since then: found — `confirmed`; none — `unknown`
 *   (instances lists running workflows only, and one whose actions are all immediate has finished
 *   inside start: the portal keeps no trace a REST call can read).
 */

const DEAL = 2;
/** The portal's clock and ours may differ: an earlier start is looked for from this long before. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** Per-command errors of a batch that say the portal did not run the command: try again later. */
const RETRY_LATER = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'INTERNAL_SERVER_ERROR']);

type TriggerDelivery = Extract<CampaignDelivery, { mode: 'trigger' }>;
type WorkflowDelivery = Extract<CampaignDelivery, { mode: 'workflow' }>;

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

/** The deal the trigger runs on, and the stage a deal made for the message was made at. */
async function dealFor(
  rest: Bitrix24Rest,
  delivery: TriggerDelivery,
  target: CrmMailingTarget,
): Promise<{ id: string; madeAt: string | null }> {
  if (target.dealId) return { id: target.dealId, madeAt: null };
  if (!delivery.pipelineId || !delivery.stageId)
    throw new CrmMailingUnsupportedError('No pipeline and stage are chosen for the deals of this mailing');
  const found = await findDealByKey(rest, target.key);
  if (found) return { id: found, madeAt: delivery.stageId };
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
  return { id: String(made.item.id), madeAt: delivery.stageId };
}

async function executeTrigger(
  rest: Bitrix24Rest,
  delivery: TriggerDelivery,
  target: CrmMailingTarget,
): Promise<CrmMailingOutcome> {
  const deal = await dealFor(rest, delivery, target);
  const read: [string, RestParams] = ['crm.item.get', { entityTypeId: DEAL, id: Number(deal.id) }];
  await target.beforeAsking?.();
  const outcome = await rest.batch<{ item?: { stageId?: string } }>(
    {
      before: read,
      run: [
        'crm.automation.trigger.execute',
        { CODE: TRIGGER_CODE, OWNER_TYPE_ID: DEAL, OWNER_ID: Number(deal.id) },
      ],
      after: read,
    },
    { halt: true },
  );
  const [key, failure] = Object.entries(outcome.errors)[0] ?? [];
  if (failure) {
    const code = String(failure.error ?? '');
    if (key === 'before' && code === 'NOT_FOUND') throw new CrmEntityNotFoundError('deal', deal.id);
    const method = key === 'run' ? 'crm.automation.trigger.execute' : 'crm.item.get';
    const status = RETRY_LATER.has(code) ? 503 : code === 'ACCESS_DENIED' ? 403 : 400;
    throw new Bitrix24ApiError(method, status, code, failure.error_description ?? '');
  }
  const before = outcome.results.before?.item?.stageId ?? null;
  const after = outcome.results.after?.item?.stageId ?? null;
  // A deal made for the message and found past its first stage was moved by an earlier execute.
  const moved = before !== after || (deal.madeAt !== null && before !== deal.madeAt);
  return {
    crmEntityId: deal.id,
    check: moved ? 'confirmed' : target.askedBefore ? 'unknown' : 'not_confirmed',
  };
}

async function startWorkflowOnce(
  rest: Bitrix24Rest,
  delivery: WorkflowDelivery,
  target: CrmMailingTarget,
): Promise<CrmMailingOutcome> {
  const element = `CONTACT_${target.contactId}`;
  const templateId = Number(delivery.templateId);
  if (target.askedBefore) {
    const since = new Date(target.askedBefore.getTime() - CLOCK_SLACK_MS);
    const running = await rest.call<{ ID: string }[]>('bizproc.workflow.instances', {
      select: ['ID', 'STARTED'],
      filter: {
        TEMPLATE_ID: templateId,
        MODULE_ID: 'crm',
        ENTITY: 'CCrmDocumentContact',
        DOCUMENT_ID: element,
        '>=STARTED': since.toISOString(),
      },
      order: { STARTED: 'ASC' },
    });
    const found = running[0];
    return found
      ? { crmEntityId: target.contactId, check: 'confirmed', workflowId: String(found.ID) }
      : { crmEntityId: target.contactId, check: 'unknown' };
  }
  await target.beforeAsking?.();
  try {
    const workflowId = await rest.call<string>('bizproc.workflow.start', {
      TEMPLATE_ID: templateId,
      DOCUMENT_ID: ['crm', 'CCrmDocumentContact', element],
    });
    return { crmEntityId: target.contactId, check: 'confirmed', workflowId: String(workflowId) };
  } catch (error) {
    // Refused before it ran (a rate limit, a refusal in words): nothing to look for next time.
    const refused = error instanceof Bitrix24ApiError && error.status >= 400 && error.status < 500;
    if (refused || error instanceof Bitrix24RateLimitedError) await target.notAsked?.();
    throw error;
  }
}

export async function runMailing(
  rest: Bitrix24Rest,
  delivery: CampaignDelivery,
  target: CrmMailingTarget,
): Promise<CrmMailingOutcome> {
  if (delivery.crm !== 'bitrix24')
    throw new CrmMailingUnsupportedError('This mailing is set up for amoCRM, not Bitrix24');
  return refusedAsFinal(() =>
    delivery.mode === 'workflow'
      ? startWorkflowOnce(rest, delivery, target)
      : executeTrigger(rest, delivery, target),
  );
}
