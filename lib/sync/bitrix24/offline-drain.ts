import { dedupeKeyOf, insertInboxMany } from '@/db/queries/inbox';
import {
  clearOfflineRecords,
  OFFLINE_PAGE,
  offlineEntityId,
  readOfflinePage,
} from '@/lib/crm/bitrix24/offline-events';
import type { Bitrix24Deps } from './deps';
import { portalRest } from './deps';
import { CRM_EVENTS } from './events';
import { ENTITY_SYNC_JOB, OFFLINE_DRAIN_JOB } from './job-names';

/**
 * Moves the portal's offline event queue into our inbox (DESIGN.md "Events get lost; reconcile"):
 * read a page with clear=0, store it, then clear exactly those records. A crash between the two
 * leaves them reserved in the portal, to be read again; the inbox dedupes them. A job run reads at
 * most PAGES_PER_RUN pages, then hands the lane on and continues in a new job. Follow-up jobs are
 * sent without a coalescing id: one made in the same second as a finished job would be a no-op.
 */

const PAGES_PER_RUN = 20;

export interface DrainStats {
  pages: number;
  read: number;
  stored: number;
  more: boolean;
}

export async function drainOfflineEvents(deps: Bitrix24Deps, tenantId: string): Promise<DrainStats> {
  const rest = await portalRest(deps, tenantId);
  const stats: DrainStats = { pages: 0, read: 0, stored: 0, more: false };
  for (;;) {
    const { processId, records } = await readOfflinePage(rest);
    if (records.length === 0) break;
    stats.pages++;
    stats.read += records.length;
    const rows = records.flatMap((record) => {
      const entityId = offlineEntityId(record);
      if (!CRM_EVENTS.has(record.EVENT_NAME) || entityId === null) return [];
      return [
        {
          source: 'bitrix24' as const,
          kind: record.EVENT_NAME,
          dedupeKey: dedupeKeyOf(`offline:${record.ID}:${record.MESSAGE_ID}:${record.TIMESTAMP_X ?? ''}`),
          payload: { event: record.EVENT_NAME, entityId, via: 'offline', at: record.TIMESTAMP_X ?? null },
        },
      ];
    });
    stats.stored += await insertInboxMany(deps.database.db, { tenantId, rows });
    if (processId !== null) {
      await clearOfflineRecords(rest, { processId, ids: records.map((record) => record.ID) });
    }
    if (records.length < OFFLINE_PAGE) break;
    if (stats.pages >= PAGES_PER_RUN) {
      stats.more = true;
      break;
    }
  }
  if (stats.more) {
    await deps.enqueue({ kind: OFFLINE_DRAIN_JOB, tenantId, payload: {} });
  }
  if (stats.read > 0) {
    await deps.enqueue({ kind: ENTITY_SYNC_JOB, tenantId, payload: {} });
  }
  return stats;
}
