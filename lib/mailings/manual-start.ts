import { recordFilterSends } from '@/db/queries/campaign-audience';
import { latestOccasion, withXactLock } from '@/db/queries/campaign-sends';
import type { CampaignRow } from '@/db/queries/campaigns';
import { audienceQuery } from '@/lib/bonuses/audience';
import { type ManualRules, occasions } from '@/lib/domain/campaigns';
import { nextAllowedInstant } from '@/lib/domain/mailing-window';
import { campaignFields, type MailingDeps, type TenantMailing } from './context';
import { mailingTickJobFor } from './scheduler';

/**
 * A manual campaign started by an admin: its filter's people now, each one send of the occasion
 * `manual:<started at>`, due now or at the end of the quiet hours, delivered by the next pass (sent
 * at once) within the daily cap. A second start within MANUAL_RESTART_MINUTES of the last (a double
 * click, a resent form) is refused — under the campaign's lock, so two at once make one start.
 */

export const MANUAL_RESTART_MINUTES = 10;

export async function startManualCampaign(
  deps: MailingDeps,
  tenant: TenantMailing,
  campaign: CampaignRow,
  rules: ManualRules,
): Promise<{ started: true; occasion: string; recorded: number } | { started: false; occasion: string }> {
  const now = deps.now();
  const occasion = occasions.manual(now);
  const scope = { tenantId: tenant.tenantId, campaignId: campaign.id };
  const prefix = occasions.manualPrefix;
  const outcome = await withXactLock(deps.database.db, `campaign-start:${campaign.id}`, async (tx) => {
    const last = await latestOccasion(tx, { ...scope, prefix });
    const lastAt = last ? Date.parse(last.slice(prefix.length)) : Number.NaN;
    if (now.getTime() - lastAt < MANUAL_RESTART_MINUTES * 60_000)
      return { started: false as const, occasion: last as string };
    const recorded = await recordFilterSends(tx, {
      ...audienceQuery({
        tenantId: tenant.tenantId,
        connectionId: tenant.connection.id,
        zone: tenant.zone,
        at: now,
        filter: rules.filter,
      }),
      ...scope,
      occasion,
      dueAt: nextAllowedInstant(now, tenant.limits, tenant.zone),
      fields: campaignFields(tenant, campaign),
    });
    return { started: true as const, occasion, recorded };
  });
  if (outcome.started) {
    const job = await mailingTickJobFor(deps.database.db, tenant.tenantId);
    if (job) await deps.enqueue(job);
  }
  return outcome;
}
