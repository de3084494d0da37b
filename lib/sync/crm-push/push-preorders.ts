import { z } from 'zod';
import type { Database } from '@/db/client';
import { hallNamesOfDeals } from '@/db/queries/bookings';
import type { OutboxEntry } from '@/db/queries/crm-outbox';
import { listMirrorPreorders } from '@/db/queries/crm-push-reads';
import { appendJournalMany, type JournalInput } from '@/db/queries/journal';
import { findLinksByLime, type Link, upsertLink } from '@/db/queries/links';
import { CrmEntityNotFoundError, type CrmKind, type CrmPort } from '@/lib/crm/crm-port';
import type { LimePreorderItem, PreorderStatus } from '@/lib/domain/lime';
import { kopecks } from '@/lib/domain/money';
import {
  needsClosingStage,
  PREORDER_STATUSES,
  type PreorderStageMap,
  stageForStatus,
} from '@/lib/domain/preorder-stages';
import type { SettingValue } from '@/lib/settings/registry';
import { connectedSince, contactsOfClients, productRowsOf } from './deal-parts';
import { writeHash } from './hash';

/**
 * Lime pre-orders → deals of the booking pipeline (DESIGN.md items 4, "Bookings"). A pre-order whose
 * external reference names a deal of this CRM updates that deal and makes none; any other is made a
 * deal keyed `lime-preorder:<id>` with its title, the client's contact (a child's: its parent's) and
 * the responsible user. Either deal then gets, by its CRM id, the items as rows, the amount, our
 * fields and its stage: the stage follows Lime's status through the mapping
 * (lib/domain/preorder-stages.ts) only when the status moved since the link last recorded it, so a
 * manager's own move stays, and a deal moved to another pipeline keeps its stage. The link keeps the
 * hash of the rest and that status and stage: an unchanged pre-order is not written, and the CRM's
 * event for our write is known as ours (lib/sync/crm-pull/pull-deal-stages.ts). Only pre-orders
 * changed since the connection was made come this way; without a booking pipeline none does (each
 * journalled as skipped).
 */

export const preorderKey = (id: number) => `lime-preorder:${id}`;

const OPERATION = 'crm.preorder-deals.upsert';

/** What a pre-order's link records of the deal: the Lime status and the stage last in step. */
export const preorderSyncSchema = z.object({ status: z.enum(PREORDER_STATUSES), stageId: z.string() });
export type PreorderSync = z.infer<typeof preorderSyncSchema>;

export const syncedOf = (link: Link | undefined): PreorderSync | null => {
  const parsed = preorderSyncSchema.safeParse(link?.syncedFields);
  return parsed.success ? parsed.data : null;
};

const refSchema = z.object({ system: z.string(), entityType: z.string(), id: z.string().regex(/^\d+$/) });

/** The deal of this CRM a pre-order's external reference names (amoCRM calls its deals leads), or null. */
export function referencedDeal(externalRef: unknown, crm: CrmKind): string | null {
  const ref = refSchema.safeParse(externalRef);
  if (!ref.success || ref.data.system !== crm) return null;
  const types = crm === 'amocrm' ? ['deal', 'lead'] : ['deal'];
  return types.includes(ref.data.entityType) ? ref.data.id : null;
}

export interface PreorderPushStats {
  deals: number;
  created: number;
  unchanged: number;
  skipped: number;
}

export async function pushPreorders(
  deps: { database: Database; crm: CrmPort },
  params: {
    tenantId: string;
    connectionId: string;
    entries: OutboxEntry[];
    flows: SettingValue<'crmFlows'>;
    stages: PreorderStageMap;
    responsibleUserId: string | null;
  },
): Promise<PreorderPushStats> {
  const { db } = deps.database;
  const scope = { tenantId: params.tenantId, connectionId: params.connectionId };
  const since = await connectedSince(db, scope);
  const all = await listMirrorPreorders(db, { ...scope, ids: params.entries.map((e) => e.limeId) });
  const preorders = all.filter((p) => new Date(p.limeUpdatedAt).getTime() >= since);
  const stats = { deals: 0, created: 0, unchanged: 0, skipped: all.length - preorders.length };
  const skips: Omit<JournalInput, 'tenantId'>[] = [];
  const skip = (id: number, reason: string) => {
    stats.skipped++;
    skips.push({
      direction: 'lime_to_crm',
      operation: OPERATION,
      status: 'skipped',
      entity: 'preorder',
      entityId: String(id),
      error: reason,
    });
  };
  const booking = params.flows.booking;
  if (!booking) {
    for (const p of preorders) skip(p.id, 'No booking pipeline is chosen in the settings');
    await appendJournalMany(db, { tenantId: params.tenantId, entries: skips });
    return stats;
  }
  const links = await findLinksByLime(db, {
    tenantId: params.tenantId,
    limeType: 'preorder',
    crmEntity: 'deal',
    limeIds: preorders.map((p) => String(p.id)),
  });
  const rowsOf = await productRowsOf(
    db,
    params.tenantId,
    preorders.map((p) => p.items as LimePreorderItem[]),
  );
  // A deal booked in our calendar also shows its hall.
  const halls = await hallNamesOfDeals(db, {
    tenantId: params.tenantId,
    dealIds: preorders.flatMap((p) => referencedDeal(p.externalRef, deps.crm.kind) ?? []),
  });
  const plans = preorders.flatMap((p) => {
    const link = links.get(String(p.id));
    const refId = referencedDeal(p.externalRef, deps.crm.kind);
    const hall = refId ? halls.get(refId) : undefined;
    const common = {
      amount: kopecks(Number(p.totalKopecks)),
      products: rowsOf(p.items as LimePreorderItem[]),
      // The number Lime's staff and the cash desk show (П-12), not the API's id.
      limePreorderId: p.number,
      eventAt: new Date(p.eventAt).toISOString(),
      ...(hall === undefined ? {} : { hall }),
    };
    // What an update writes: a deal gets its title, contact and responsible user when it is made.
    const hash = writeHash({ ...common, deal: refId ?? preorderKey(p.id) });
    const synced = syncedOf(link);
    if (link && synced?.status === p.status && link.lastHash === hash) {
      stats.unchanged++;
      return [];
    }
    const changed = link?.lastHash !== hash;
    return [{ p, refId, dealId: refId ?? link?.crmId ?? null, synced, common, changed, hash }];
  });
  const summaries = new Map(
    (await deps.crm.getDealSummaries(plans.flatMap((x) => (x.dealId ? [x.dealId] : [])))).map((d) => [
      d.id,
      d,
    ]),
  );
  const contactOf = await contactsOfClients(
    db,
    scope,
    plans.flatMap((x) => (x.dealId ? [] : [x.p.clientId])),
  );
  const pipeline = plans.some((x) => needsClosingStage(x.p.status as PreorderStatus, params.stages))
    ? ((await deps.crm.listPipelines()).find((p) => p.id === booking.pipelineId) ?? null)
    : null;
  const missing = (p: { id: number }, refId: string | null, dealId: string) =>
    skip(
      p.id,
      refId
        ? `Deal ${dealId} of its external reference is not in the CRM`
        : `Its deal ${dealId} was deleted in the CRM`,
    );
  for (const { p, refId, dealId, synced, common, changed, hash } of plans) {
    const deal = dealId ? summaries.get(dealId) : undefined;
    if (dealId && !deal) {
      missing(p, refId, dealId);
      continue;
    }
    const status = p.status as PreorderStatus;
    // A referenced deal made the pre-order: its stage then stands for "new".
    const last = synced ?? (refId && deal ? { status: 'new', stageId: deal.stageId } : null);
    const statusMoved = last?.status !== status && (!deal || deal.pipelineId === booking.pipelineId);
    const target = statusMoved ? stageForStatus(status, params.stages, pipeline) : null;
    const stageId = target ?? deal?.stageId ?? booking.stageId;
    let crmId: string;
    if (deal) {
      // Only what moved: the rows and amount when they changed, the stage when the status did.
      const patch = { ...(changed ? common : {}), ...(target === null ? {} : { stageId }) };
      try {
        if (Object.keys(patch).length > 0) await deps.crm.updateDeal(deal.id, patch);
      } catch (error) {
        if (!(error instanceof CrmEntityNotFoundError)) throw error;
        missing(p, refId, deal.id);
        continue;
      }
      crmId = deal.id;
    } else {
      const made = await deps.crm.upsertDeal({
        ...common,
        externalKey: preorderKey(p.id),
        title: `Предзаказ в Лайме ${p.number}`,
        contactId: p.clientId === null ? null : (contactOf.get(p.clientId) ?? null),
        responsibleUserId: params.responsibleUserId,
        pipelineId: booking.pipelineId,
        stageId,
      });
      if (made.created) stats.created++;
      crmId = made.id;
    }
    // Not moved by us, the deal's stage in step stays the last one known: a manager's move the pull
    // has not seen yet is still a change to it.
    const inStep = deal && target === null ? (last?.stageId ?? deal.stageId) : stageId;
    await upsertLink(db, {
      tenantId: params.tenantId,
      limeType: 'preorder',
      limeId: String(p.id),
      crmEntity: 'deal',
      crmId,
      lastHash: hash,
      syncedFields: { status, stageId: inStep } satisfies PreorderSync,
    });
    stats.deals++;
  }
  await appendJournalMany(db, { tenantId: params.tenantId, entries: skips });
  return stats;
}
