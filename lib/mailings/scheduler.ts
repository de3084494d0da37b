import type { Database } from '@/db/client';
import { skipExpiredSends } from '@/db/queries/campaign-sends';
import { type CampaignRow, listEnabledCampaigns, listTenantsWithMailingWork } from '@/db/queries/campaigns';
import { appendJournal } from '@/db/queries/journal';
import { type NpsRules, parseCampaignRules } from '@/lib/domain/campaigns';
import { campaignErrorWords } from '@/lib/i18n/campaign-errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { crmLaneJobFor } from '@/lib/sync/crm-push/jobs';
import { birthdayBonusRule, creditBirthdayBonuses } from './birthday-bonus';
import { type TickDeps, tenantMailing } from './context';
import { type DeliveryStats, deliverDueSends } from './deliver-due';
import { MAILING_TICK_JOBS } from './job-names';
import { planNps } from './nps-plan';
import { planBirthdays, planWinback } from './plan';

/**
 * The mailing pass of one tenant, run by its job in the CRM's lane with the real clock, or by a test
 * with an injected one: record the occasions of the enabled campaigns (birthdays, win-back, NPS
 * moves; missed birthdays caught up as far as lib/domain/birthday-catch-up.ts says), ask for the
 * birthday bonuses (the day's, and missed ones), skip the sends no longer worth sending, deliver
 * what is due. Each step is idempotent, so a retried or doubled pass changes nothing; a CRM that
 * fails the NPS read fails the pass (the job retries) after the rest is done.
 */

export interface TickStats {
  recorded: number;
  bonuses: number;
  delivery: DeliveryStats | null;
  /** Sends no longer worth sending (a birthday passed while they waited), skipped. */
  expired: number;
  /** Campaigns skipped: rules that no longer parse, or made for another Lime connection. */
  skipped: number;
}

export async function runMailingTick(deps: TickDeps, params: { tenantId: string }): Promise<TickStats> {
  const db = deps.database.db;
  const stats: TickStats = { recorded: 0, bonuses: 0, delivery: null, expired: 0, skipped: 0 };
  const tenant = await tenantMailing(deps.database, params.tenantId);
  if (!tenant) {
    await birthdayBonusRule(db, params.tenantId); // drops a stale catch-up mark: off the schedule's list
    return stats;
  }
  const nps: { campaign: CampaignRow; rules: NpsRules }[] = [];
  for (const campaign of await listEnabledCampaigns(db, params)) {
    const parsed = parseCampaignRules(campaign.kind, campaign.rules);
    if (!parsed.ok || campaign.connectionId !== tenant.connection.id) {
      stats.skipped++;
      continue;
    }
    const { value } = parsed;
    if (value.kind === 'birthday') stats.recorded += await planBirthdays(deps, tenant, campaign, value.rules);
    else if (value.kind === 'winback')
      stats.recorded += await planWinback(deps, tenant, campaign, value.rules);
    else if (value.kind === 'nps') nps.push({ campaign, rules: value.rules });
  }
  let npsFailure: unknown = null;
  try {
    stats.recorded += await planNps(deps, tenant, nps);
  } catch (error) {
    npsFailure = error;
  }
  stats.bonuses = await creditBirthdayBonuses(deps, tenant);
  stats.expired = await skipExpiredSends(db, {
    tenantId: params.tenantId,
    now: deps.now(),
    reason: campaignErrorWords(tenant.locale).tooLate,
  });
  stats.delivery = await deliverDueSends(deps, tenant);
  if (npsFailure) {
    await appendJournal(db, {
      tenantId: params.tenantId,
      direction: 'crm_to_lime',
      operation: 'crm.mailing.stage-moves',
      status: 'retrying',
      error: npsFailure instanceof Error ? npsFailure.message : String(npsFailure),
    });
    throw npsFailure;
  }
  return stats;
}

/** The pass of a tenant's CRM lane (coalesced per second), or null without an active CRM. */
export const mailingTickJobFor = (db: Database['db'], tenantId: string, now = Date.now()) =>
  crmLaneJobFor(db, tenantId, MAILING_TICK_JOBS, now);

/** Every few minutes: a pass for each tenant with an enabled campaign or birthday bonuses on. */
export async function scheduleMailingWork(
  database: Database,
  enqueue: (job: EnqueueRequest) => Promise<string | null>,
): Promise<number> {
  let sent = 0;
  for (const tenantId of await listTenantsWithMailingWork(database.db)) {
    const job = await mailingTickJobFor(database.db, tenantId);
    if (job && (await enqueue(job))) sent++;
  }
  return sent;
}
