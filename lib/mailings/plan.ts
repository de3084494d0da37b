import { recordBirthdaySends, recordWinbackSends } from '@/db/queries/campaign-audience';
import { type CampaignRow, markCampaignPlanned } from '@/db/queries/campaigns';
import { birthdaysToRead, mailingSpan } from '@/lib/domain/birthday-catch-up';
import type { BirthdayRules, WinbackRules } from '@/lib/domain/campaigns';
import { addDays, birthdayOccasionParts, birthdaysOn, occasions } from '@/lib/domain/campaigns';
import { dayStart, localDay, nextAllowedInstant } from '@/lib/domain/mailing-window';
import { campaignFields, type MailingDeps, type TenantMailing } from './context';

/**
 * Records the occasions of the enabled birthday and win-back campaigns as of `now` (NPS: nps-plan.ts;
 * manual: started by an admin). Every occasion is recorded once however often this runs: the sends
 * are unique per campaign, person and occasion. A send is due now, or at the end of the quiet hours.
 *
 * - birthday: the people whose birthday is `daysBefore` days after the venue's today (29 February
 *   birthdays on the 28th in other years), clients and/or the parents of children — and, late, those
 *   whose mail day was missed (the app was down, the mirror learnt of them later) while their birthday
 *   is still ahead or today (lib/domain/birthday-catch-up.ts); a send expires at its birthday's end;
 * - win-back: the clients whose last visit was `daysWithout` days ago, since the campaign was enabled
 *   (enabling does not mail everyone who ever lapsed) and at most a week back.
 */

/** How far back a pass looks for win-back occasions it may have missed (the app was down). */
export const WINBACK_CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

export async function planBirthdays(
  deps: MailingDeps,
  tenant: TenantMailing,
  campaign: CampaignRow,
  rules: BirthdayRules,
): Promise<number> {
  const now = deps.now();
  const today = localDay(now, tenant.zone);
  const enabledDay = campaign.enabledAt ? localDay(campaign.enabledAt, tenant.zone).day : today.day;
  const span = mailingSpan({ today: today.day, enabledDay, daysBefore: rules.daysBefore });
  // The span is swept once a venue day (a change of the campaign clears the mark); other passes
  // re-read only today's birthdays and the newest day, for the people the mirror learnt since.
  const sweep = !campaign.plannedUntil || campaign.plannedUntil < today.end;
  const dueAt = nextAllowedInstant(now, tenant.limits, tenant.zone);
  let made = 0;
  for (const birthday of birthdaysToRead(span, { today: today.day, sweep })) {
    const { monthDays, year } = birthdaysOn(birthday);
    made += await recordBirthdaySends(deps.database.db, {
      tenantId: tenant.tenantId,
      connectionId: tenant.connection.id,
      campaignId: campaign.id,
      monthDays,
      clients: rules.who !== 'children',
      children: rules.who !== 'clients',
      client: birthdayOccasionParts('client', year),
      child: birthdayOccasionParts('child', year),
      dueAt,
      expiresAt: dayStart(addDays(birthday, 1), tenant.zone),
      fields: campaignFields(tenant, campaign),
    });
  }
  if (sweep)
    await markCampaignPlanned(deps.database.db, {
      tenantId: tenant.tenantId,
      id: campaign.id,
      until: today.end,
    });
  return made;
}

/**
 * The last visits that make a win-back occasion by `now`: [from, before) — those that reached their
 * `daysWithout` since the campaign was enabled, since the last pass (a day back, for visits the
 * mirror learnt late) and at most WINBACK_CATCH_UP_DAYS back.
 */
export function winbackWindow(
  now: Date,
  rules: WinbackRules,
  campaign: Pick<CampaignRow, 'enabledAt' | 'plannedUntil'>,
): { lastVisitFrom: Date; lastVisitBefore: Date } {
  const lapse = rules.daysWithout * DAY_MS;
  const since = Math.max(
    campaign.enabledAt?.getTime() ?? now.getTime(),
    campaign.plannedUntil ? campaign.plannedUntil.getTime() - DAY_MS : 0,
    now.getTime() - WINBACK_CATCH_UP_DAYS * DAY_MS,
  );
  return { lastVisitFrom: new Date(since - lapse), lastVisitBefore: new Date(now.getTime() - lapse) };
}

export async function planWinback(
  deps: MailingDeps,
  tenant: TenantMailing,
  campaign: CampaignRow,
  rules: WinbackRules,
): Promise<number> {
  const now = deps.now();
  const window = winbackWindow(now, rules, campaign);
  if (window.lastVisitFrom >= window.lastVisitBefore) return 0;
  const made = await recordWinbackSends(deps.database.db, {
    tenantId: tenant.tenantId,
    connectionId: tenant.connection.id,
    campaignId: campaign.id,
    ...window,
    zone: tenant.zone,
    prefix: occasions.winbackPrefix,
    dueAt: nextAllowedInstant(now, tenant.limits, tenant.zone),
    fields: campaignFields(tenant, campaign),
  });
  await markCampaignPlanned(deps.database.db, { tenantId: tenant.tenantId, id: campaign.id, until: now });
  return made;
}
