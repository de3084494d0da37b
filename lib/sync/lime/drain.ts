import type { Logger } from 'pino';
import { markForCrm } from '@/db/queries/crm-outbox';
import { type InboxRow, listUnprocessedInbox, markInboxFailed, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import {
  clearPendingBalance,
  listPendingBalances,
  recordAppliedEvents,
  upsertMirrorBalances,
} from '@/db/queries/lime-mirror';
import type { LimeEvent } from '@/lib/domain/lime';
import { NotFoundError } from '@/lib/http/errors';
import { LimeError } from '@/lib/lime/errors';
import type { ParsedEvent } from '@/lib/lime/gateway';
import { type EnqueueRequest, windowJob } from '@/lib/queue/lanes';
import { applyLimeEvent } from './apply-event';
import { type LimeDeps, limeGatewayFor } from './connections';
import { CrmMarks } from './crm-marks';

/**
 * Applies the Lime events waiting in a tenant's inbox to the mirror (DESIGN.md: written to the
 * inbox before the 2xx, processed by a job). In batches, each in one transaction: the ledger of
 * applied event ids, the mirror writes and the inbox marks commit together, so a crash anywhere
 * re-applies nothing and loses nothing. Then the balances of touched clients are re-read from Lime.
 * What the CRM shows (goods, clients) is marked in the CRM outbox in the same transactions.
 */

export const DRAIN_JOB = 'lime.drain';
const BATCH = 500;

export interface DrainStats {
  applied: number;
  duplicates: number;
  malformed: number;
  balancesRefreshed: number;
}

interface InboxLimePayload {
  connectionId: string;
  event: unknown;
}

export async function drainLimeInbox(
  deps: LimeDeps & { log: Logger },
  params: { tenantId: string },
): Promise<DrainStats> {
  const stats: DrainStats = { applied: 0, duplicates: 0, malformed: 0, balancesRefreshed: 0 };
  const gateways = new Map<string, Gateway | null>();
  for (;;) {
    const rows = await listUnprocessedInbox(deps.database.db, { ...params, source: 'lime', limit: BATCH });
    if (rows.length === 0) break;
    const parsed: { inboxId: number; connectionId: string; event: LimeEvent }[] = [];
    for (const [connectionId, group] of groupByConnection(rows)) {
      const gateway = await gatewayOf(deps, gateways, params.tenantId, connectionId);
      const results: ParsedEvent[] = gateway
        ? await gateway.parseEvents(group.map((row) => (row.payload as InboxLimePayload).event))
        : group.map(() => ({ error: new Error('the Lime connection no longer exists') }));
      for (const [index, result] of results.entries()) {
        const row = group[index] as (typeof group)[number];
        if (result.event) {
          parsed.push({ inboxId: row.id, connectionId, event: result.event });
        } else {
          stats.malformed++;
          await rejectRow(deps, params.tenantId, row.id, result.error);
        }
      }
    }
    parsed.sort((a, b) => a.event.seq - b.event.seq);
    await deps.database.db.transaction(async (tx) => {
      // The same event may sit in the batch twice (a webhook and the feed): the first one counts.
      const firstSeen = await recordAppliedEvents(tx, {
        tenantId: params.tenantId,
        events: parsed.map((p) => ({
          connectionId: p.connectionId,
          eventId: p.event.id,
          type: p.event.type,
        })),
      });
      const marks = new CrmMarks();
      for (const { connectionId, event } of parsed) {
        if (firstSeen.delete(`${connectionId}:${event.id}`)) {
          await applyLimeEvent(tx, { tenantId: params.tenantId, connectionId }, event);
          marks.note(connectionId, event);
          stats.applied++;
        } else {
          stats.duplicates++;
        }
      }
      await marks.flush(tx, params.tenantId);
      await markInboxProcessed(tx, { tenantId: params.tenantId, ids: parsed.map((p) => p.inboxId) });
    });
  }
  stats.balancesRefreshed = await refreshPendingBalances(deps, params, gateways);
  return stats;
}

type Gateway = Awaited<ReturnType<typeof limeGatewayFor>>['gateway'];

function groupByConnection(rows: InboxRow[]): Map<string, InboxRow[]> {
  const groups = new Map<string, InboxRow[]>();
  for (const row of rows) {
    const connectionId = (row.payload as InboxLimePayload).connectionId;
    groups.set(connectionId, [...(groups.get(connectionId) ?? []), row]);
  }
  return groups;
}

/** The connection's gateway, once per drain; null when the connection is gone. */
async function gatewayOf(
  deps: LimeDeps,
  cache: Map<string, Gateway | null>,
  tenantId: string,
  connectionId: string,
): Promise<Gateway | null> {
  if (!cache.has(connectionId)) {
    try {
      cache.set(connectionId, (await limeGatewayFor(deps, { tenantId, connectionId })).gateway);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      cache.set(connectionId, null);
    }
  }
  return cache.get(connectionId) ?? null;
}

/** A malformed event can never apply: it is set aside (processed, with its error) and journalled. */
async function rejectRow(
  deps: LimeDeps & { log: Logger },
  tenantId: string,
  inboxId: number,
  error: unknown,
) {
  const message = error instanceof Error ? error.message : String(error);
  deps.log.warn({ inboxId, err: error }, 'Lime event set aside');
  await markInboxFailed(deps.database.db, { tenantId, id: inboxId, error: message });
  await markInboxProcessed(deps.database.db, { tenantId, ids: [inboxId] });
  await appendJournal(deps.database.db, {
    tenantId,
    direction: 'inbound',
    operation: 'lime.event',
    status: 'error',
    entityId: String(inboxId),
    error: `A Lime event could not be read: ${message}`,
  });
}

/** Re-reads the balances of touched clients from Lime, once each, however many events touched them. */
async function refreshPendingBalances(
  deps: LimeDeps & { log: Logger },
  params: { tenantId: string },
  gateways: Map<string, Gateway | null>,
) {
  let refreshed = 0;
  for (;;) {
    const pending = await listPendingBalances(deps.database.db, { tenantId: params.tenantId, limit: 200 });
    if (pending.length === 0) return refreshed;
    for (const item of pending) {
      let gateway = gateways.get(item.connectionId);
      if (!gateway) {
        gateway = (await limeGatewayFor(deps, { tenantId: params.tenantId, connectionId: item.connectionId }))
          .gateway;
        gateways.set(item.connectionId, gateway);
      }
      const scope = { tenantId: params.tenantId, connectionId: item.connectionId, clientId: item.clientId };
      try {
        const balances = await gateway.getBalances(item.clientId);
        await deps.database.db.transaction(async (tx) => {
          await upsertMirrorBalances(tx, { ...scope, balances });
          await markForCrm(tx, { ...scope, kind: 'client', limeIds: [item.clientId] });
        });
      } catch (error) {
        // Leave it pending: the job's retry (or the next drain) reads it again.
        if (error instanceof LimeError && error.retryable) throw error;
        deps.log.warn({ err: error, clientId: item.clientId }, 'Lime balances unreadable; skipped');
      }
      await clearPendingBalance(deps.database.db, scope);
      refreshed++;
    }
  }
}

/**
 * Asks for a drain of the tenant's Lime inbox: one per tenant and second (windowJob), so a burst of
 * webhooks queues one drain per second, not one per event, started after the second's events.
 */
export function drainJobFor(tenantId: string, now = Date.now()): EnqueueRequest {
  return windowJob(DRAIN_JOB, tenantId, now);
}
