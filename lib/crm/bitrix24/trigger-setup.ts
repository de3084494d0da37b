import { TRIGGER_CODE } from '@/lib/domain/campaign-delivery';
import { Bitrix24ApiError } from './errors';
import type { Bitrix24Rest } from './rest';

/**
 * Our automation trigger for mailings (docs/mailings.md), registered by the installer:
 * crm.automation.trigger.list first, .add only when our code is missing (adding it again would only
 * rename it). The methods need an administrator in the app's context: a portal that refuses them
 * (a webhook-mode portal, or an installer who is not an admin) gets no trigger — its mailings use a
 * business process — and the setup goes on.
 */

const NAME = 'Лайм: рассылка / Lime: mailing';

export interface TriggerSetupReport {
  registered: boolean;
  /** Why the portal has no trigger (refused, not an error of ours); null when it has one. */
  skipped: string | null;
  errors: string[];
}

export async function ensureMailingTrigger(rest: Bitrix24Rest): Promise<TriggerSetupReport> {
  try {
    const triggers = await rest.call<{ CODE: string }[]>('crm.automation.trigger.list');
    if ((triggers ?? []).some((t) => t.CODE === TRIGGER_CODE))
      return { registered: false, skipped: null, errors: [] };
    await rest.call('crm.automation.trigger.add', { CODE: TRIGGER_CODE, NAME });
    return { registered: true, skipped: null, errors: [] };
  } catch (error) {
    if (error instanceof Bitrix24ApiError && error.status === 403)
      return { registered: false, skipped: error.message, errors: [] };
    return { registered: false, skipped: null, errors: [`mailing trigger: ${(error as Error).message}`] };
  }
}
