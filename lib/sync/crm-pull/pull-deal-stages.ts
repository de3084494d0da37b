import { listMirrorPreorders } from '@/db/queries/crm-push-reads';
import { appendJournalMany, type JournalInput } from '@/db/queries/journal';
import { findLinksByCrm, upsertLink } from '@/db/queries/links';
import type { CrmPort } from '@/lib/crm/crm-port';
import type { PreorderStatus } from '@/lib/domain/lime';
import { moveOfStage, type StageMove } from '@/lib/domain/preorder-stages';
import { LimeNotFoundError, LimeRejectedError } from '@/lib/lime/errors';
import { getSetting } from '@/lib/settings/settings';
import { type CrmDeps, crmForTenant } from '../crm-for-tenant';
import { type PreorderSync, syncedOf } from '../crm-push/push-preorders';
import { limeGatewayFor } from '../lime/connections';

/**
 * A manager's move of a pre-order's deal → Lime (DESIGN.md item 4, "No echo loops"). For each changed
 * deal linked to a Lime pre-order, its stage is compared with the one the link last recorded: the
 * same (our own write coming back, or an edit of something else) → nothing; another stage of the
 * booking pipeline that the admin mapped to "cancelled" → `Preorders/Cancel`, to "confirmed" →
 * `Preorders/Update` with that status, each with a deterministic idempotency key; to a stage mapped
 * to "paid" or "completed", or one not mapped → nothing to Lime, journalled as skipped with the
 * reason. The link then records the status Lime will have and the deal's stage, so Lime's event for
 * our write and the push after it write nothing back to the CRM.
 */

export interface StagePullStats {
  read: number;
  echoes: number;
  written: number;
  skipped: number;
}

export async function pullDealStages(
  deps: CrmDeps & { crm?: CrmPort },
  params: { tenantId: string; dealIds: string[] },
): Promise<StagePullStats> {
  const stats: StagePullStats = { read: 0, echoes: 0, written: 0, skipped: 0 };
  const { db } = deps.database;
  const tenantId = params.tenantId;
  const byDeal = new Map(
    [
      ...(await findLinksByCrm(db, { tenantId, crmEntity: 'deal', crmIds: [...new Set(params.dealIds)] })),
    ].filter(([, link]) => link.limeType === 'preorder'),
  );
  if (byDeal.size === 0) return stats;
  const crm = deps.crm ?? (await crmForTenant(deps, tenantId));
  const deals = await crm.getDealSummaries([...byDeal.keys()]);
  const preorders = new Map(
    (await listMirrorPreorders(db, { tenantId, ids: [...byDeal.values()].map((l) => Number(l.limeId)) })).map(
      (p) => [p.id, p],
    ),
  );
  const flows = await getSetting(db, { tenantId, key: 'crmFlows' });
  const stages = await getSetting(db, { tenantId, key: 'preorderStages' });
  const entries: Omit<JournalInput, 'tenantId'>[] = [];
  for (const deal of deals) {
    const link = byDeal.get(deal.id);
    const preorder = link ? preorders.get(Number(link.limeId)) : undefined;
    if (!link || !preorder) continue;
    stats.read++;
    const synced = syncedOf(link);
    if (synced?.stageId === deal.stageId) {
      stats.echoes++;
      continue;
    }
    const current = preorder.status as PreorderStatus;
    const move: StageMove =
      flows.booking?.pipelineId === deal.pipelineId
        ? moveOfStage(deal.stageId, stages, current)
        : { action: 'skip', reason: 'the deal is not in the booking pipeline' };
    const entry = {
      direction: 'crm_to_lime' as const,
      operation: 'lime.preorder.status',
      entity: 'deal',
      entityId: deal.id,
      details: { limePreorderId: preorder.id, stageId: deal.stageId, status: current, action: move.action },
    };
    let status = current;
    if (move.action === 'skip') {
      stats.skipped++;
      entries.push({ ...entry, status: 'skipped', error: move.reason });
    } else if (move.action !== 'none') {
      const { gateway } = await limeGatewayFor(deps, { tenantId, connectionId: preorder.connectionId });
      const options = {
        idempotencyKey: `crm-stage:${deal.id}:${preorder.id}:${preorder.version}:${move.status}`,
      };
      try {
        if (move.action === 'cancel') await gateway.cancelPreorder(preorder.id, options);
        else await gateway.confirmPreorder(preorder.id, options);
        stats.written++;
        status = move.status;
        entries.push({ ...entry, status: 'ok' });
      } catch (error) {
        // Lime refusing (the pre-order was paid meanwhile, or is gone) will not change on a retry.
        if (!(error instanceof LimeRejectedError || error instanceof LimeNotFoundError)) throw error;
        entries.push({ ...entry, status: 'error', error: error.message });
      }
    }
    await upsertLink(db, {
      tenantId,
      limeType: 'preorder',
      limeId: link.limeId,
      crmEntity: 'deal',
      crmId: deal.id,
      lastHash: link.lastHash,
      syncedFields: { status, stageId: deal.stageId } satisfies PreorderSync,
    });
  }
  await appendJournalMany(db, { tenantId, entries });
  return stats;
}
