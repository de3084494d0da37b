import { insertSends, type NewCampaignSend } from '@/db/queries/campaign-sends';
import type { CampaignRow } from '@/db/queries/campaigns';
import { findLinkByCrm } from '@/db/queries/links';
import type { CrmStageMove } from '@/lib/crm/crm-port';
import { type NpsRules, occasions } from '@/lib/domain/campaigns';
import { nextAllowedInstant } from '@/lib/domain/mailing-window';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { campaignFields, type TenantMailing, type TickDeps } from './context';

/**
 * NPS occasions: a deal of the chosen pipeline moving from stage A straight into stage B, read from
 * the CRM's stage history (CrmPort.stageMoves gives consecutive moves only, so A→B→C is never
 * A→C). One read per pass for all NPS campaigns, from where the last read ended (setting
 * `mailingStageCursor`), never before the earliest campaign was enabled; a move made before a
 * campaign was enabled is not its occasion. The contact mailed is the deal's; its Lime client, when
 * the identity map has one, else 0 (a CRM contact without a Lime client can still answer).
 */

/** A contact that is no Lime client's. */
export const NO_LIME_CLIENT = 0;

export const matchesNps = (rules: NpsRules, move: CrmStageMove) =>
  move.pipelineId === rules.pipelineId &&
  move.fromStageId === rules.fromStageId &&
  move.toStageId === rules.toStageId;

export async function planNps(
  deps: TickDeps,
  tenant: TenantMailing,
  campaigns: { campaign: CampaignRow; rules: NpsRules }[],
): Promise<number> {
  const enabled = campaigns.filter((c) => c.campaign.enabledAt !== null);
  if (enabled.length === 0) return 0;
  const db = deps.database.db;
  const { tenantId } = tenant;
  const earliest = Math.min(...enabled.map((c) => (c.campaign.enabledAt as Date).getTime()));
  const cursor = await getSetting(db, { tenantId, key: 'mailingStageCursor' });
  const since = new Date(Math.max(earliest, cursor ? Date.parse(cursor) : 0));
  const { moves, until } = await deps.crm.stageMoves(since);
  const dueAt = nextAllowedInstant(deps.now(), tenant.limits, tenant.zone);
  const clients = new Map<string, number>();
  const sends: NewCampaignSend[] = [];
  for (const move of moves) {
    if (!move.contactId) continue;
    for (const { campaign, rules } of enabled) {
      if (move.at < (campaign.enabledAt as Date) || !matchesNps(rules, move)) continue;
      let clientId = clients.get(move.contactId);
      if (clientId === undefined) {
        const link = await findLinkByCrm(db, { tenantId, crmEntity: 'contact', crmId: move.contactId });
        clientId = link?.limeType === 'client' ? Number(link.limeId) : NO_LIME_CLIENT;
        clients.set(move.contactId, clientId);
      }
      sends.push({
        tenantId,
        campaignId: campaign.id,
        clientId,
        occasion: occasions.dealMove(move.dealId, move.fromStageId, move.toStageId),
        contactId: move.contactId,
        dealId: move.dealId,
        dueAt,
        fields: campaignFields(tenant, campaign),
      });
    }
  }
  const made = await insertSends(db, sends);
  await setSetting(db, { tenantId, key: 'mailingStageCursor', value: until.toISOString() });
  return made;
}
