import {
  type CampaignSendRow,
  hasDueSends,
  leaseDueSendsWithinCap,
  markSendFailed,
  markSendSent,
  markSendSkipped,
  postponeSend,
  skipSendsOfCampaignsOff,
} from '@/db/queries/campaign-sends';
import { type CampaignRow, getCampaign } from '@/db/queries/campaigns';
import { appendJournal } from '@/db/queries/journal';
import { requestCredit } from '@/lib/bonuses/credit-service';
import { CrmEntityNotFoundError, CrmMailingUnsupportedError } from '@/lib/crm/crm-port';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { journalFailure } from '@/lib/domain/journal';
import type { BonusReason } from '@/lib/domain/lime';
import { isQuiet, localDay, nextAllowedInstant } from '@/lib/domain/mailing-window';
import { campaignErrorWords } from '@/lib/i18n/campaign-errors';
import type { TenantMailing, TickDeps } from './context';
import { NO_LIME_CLIENT } from './nps-plan';

/**
 * Delivers the sends that are due, outside the quiet hours and within the day's cap (sent today and
 * leased now count), each under its lease: the CRM's automation is set going (`deliver`), then the
 * send is `sent` with the entity it ran on (and what the CRM showed of it, journalled as `check`:
 * sent is not the same as confirmed), and the campaign's bonus, if any, is asked for under its
 * key. A refusal (no contact, delivery not configured, the CRM refused: a `MAILING_…` code, or the
 * CRM's "unsupported"/"not found") fails the send with its words; anything else is tried again
 * later, with back-off, and fails after MAX_ATTEMPTS. Everything is journalled.
 */

export const DELIVERY_CHUNK = 25;
export const SEND_LEASE_SECONDS = 120;
export const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 5 * 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

export interface DeliveryStats {
  sent: number;
  failed: number;
  postponed: number;
  /** Their campaign was switched off before their turn. */
  skipped: number;
  /** Due sends are left that today's cap still allows: another pass should run now. */
  more: boolean;
  /** Nothing was delivered because it is quiet hours, or the cap is reached. */
  held: 'quiet' | 'cap' | null;
}

export function isRefusal(error: unknown): boolean {
  if (error instanceof CrmMailingUnsupportedError || error instanceof CrmEntityNotFoundError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^mailing_/i.test(code);
}

const wordsOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function deliverDueSends(deps: TickDeps, tenant: TenantMailing): Promise<DeliveryStats> {
  const db = deps.database.db;
  const { tenantId, limits, zone } = tenant;
  const stats: DeliveryStats = { sent: 0, failed: 0, postponed: 0, skipped: 0, more: false, held: null };
  const now = deps.now();
  if (isQuiet(now, limits, zone)) return { ...stats, held: 'quiet' };
  const switchedOff = campaignErrorWords(tenant.locale).switchedOff;
  stats.skipped = await skipSendsOfCampaignsOff(db, { tenantId, reason: switchedOff });
  if (!(await hasDueSends(db, { tenantId, now }))) return stats;
  const day = localDay(now, zone);
  const { sends, left } = await leaseDueSendsWithinCap(db, {
    tenantId,
    now,
    dayStart: day.start,
    dayEnd: day.end,
    cap: limits.dailyCap,
    chunk: DELIVERY_CHUNK,
    leaseSeconds: SEND_LEASE_SECONDS,
  });
  if (left === 0) return { ...stats, held: 'cap' };
  const campaigns = new Map<string, CampaignRow | null>();
  for (const send of sends) {
    if (!campaigns.has(send.campaignId))
      campaigns.set(send.campaignId, await getCampaign(db, { tenantId, id: send.campaignId }));
    const outcome = await deliverOne(deps, tenant, send, campaigns.get(send.campaignId) ?? null);
    stats[outcome]++;
  }
  stats.more =
    sends.length === DELIVERY_CHUNK &&
    left > sends.length &&
    (await hasDueSends(db, { tenantId, now: deps.now() }));
  return stats;
}

async function deliverOne(
  deps: TickDeps,
  tenant: TenantMailing,
  send: CampaignSendRow,
  campaign: CampaignRow | null,
): Promise<'sent' | 'failed' | 'postponed' | 'skipped'> {
  const db = deps.database.db;
  const { tenantId } = tenant;
  const scope = { tenantId, id: send.id };
  // A campaign switched off stops its waiting sends (a manual list is started, not enabled).
  if (!campaign || (campaign.kind !== 'manual' && !campaign.enabled)) {
    await markSendSkipped(db, { ...scope, reason: campaignErrorWords(tenant.locale).switchedOff });
    return 'skipped';
  }
  const journal = {
    tenantId,
    direction: 'internal' as const,
    operation: 'crm.mailing.send',
    entity: 'client',
    entityId: String(send.clientId),
  };
  const details = {
    campaignId: send.campaignId,
    sendId: send.id,
    occasion: send.occasion,
    attempt: send.attempts,
  };
  let crmEntityId: string | null;
  let check: string | null | undefined;
  try {
    ({ crmEntityId, check } = await deps.deliver({ tenantId, campaignId: send.campaignId, sendId: send.id }));
  } catch (error) {
    const words = wordsOf(error);
    const failure = journalFailure(error);
    if (isRefusal(error) || send.attempts >= MAX_ATTEMPTS) {
      await markSendFailed(db, { ...scope, error: words });
      await appendJournal(db, {
        ...journal,
        status: 'error',
        error: failure.error,
        details: { ...failure.details, ...details },
      });
      return 'failed';
    }
    const wait = Math.min(BACKOFF_MS * 2 ** (send.attempts - 1), BACKOFF_MAX_MS);
    const dueAt = nextAllowedInstant(new Date(deps.now().getTime() + wait), tenant.limits, tenant.zone);
    await postponeSend(db, { ...scope, dueAt, error: words });
    await appendJournal(db, {
      ...journal,
      status: 'retrying',
      error: failure.error,
      details: { ...failure.details, ...details, dueAt: dueAt.toISOString() },
    });
    return 'postponed';
  }
  await markSendSent(db, { ...scope, crmEntityId, at: deps.now() });
  await appendJournal(db, {
    ...journal,
    status: 'ok',
    details: { ...details, crmEntityId, ...(check ? { check } : {}) },
  });
  await creditCampaignBonus(deps, tenant, campaign, send);
  return 'sent';
}

/** The campaign's bonus with a send: a birthday's under the birthday's own key, others per send. */
async function creditCampaignBonus(
  deps: TickDeps,
  tenant: TenantMailing,
  campaign: CampaignRow,
  send: CampaignSendRow,
): Promise<void> {
  if (!campaign.bonusKopecks || send.clientId === NO_LIME_CLIENT) return;
  const birthday = /^birthday:(client|child):(\d+):\d{4}$/.exec(send.occasion);
  const reason: BonusReason = birthday
    ? birthday[1] === 'child'
      ? 'child_birthday'
      : 'birthday'
    : 'campaign';
  await requestCredit(deps, {
    tenantId: tenant.tenantId,
    // The birthday occasions are the birthday bonus keys (lib/domain/bonus-keys.ts).
    key: birthday ? send.occasion : bonusKeys.campaignSend(campaign.id, send.clientId, send.occasion),
    connectionId: campaign.connectionId,
    clientId: send.clientId,
    relatedClientId: birthday?.[1] === 'child' ? Number(birthday[2]) : null,
    crmContactId: send.contactId,
    amountKopecks: campaign.bonusKopecks,
    reason,
    comment: campaign.name,
    requestedBy: null,
  });
}
