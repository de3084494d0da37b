import type { Logger } from 'pino';
import { insertInboxMany } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import { advanceFeedCursor, recordConnectionProblem } from '@/db/queries/lime-connections';
import { LimeAuthError, LimeCapabilityMissingError } from '@/lib/lime/errors';
import { type LimeDeps, limeGatewayFor } from './connections';
import { type DrainStats, drainLimeInbox } from './drain';

/**
 * Reads a connection's change feed from its persisted cursor into the inbox, then drains. The
 * cursor advances only after the events it covers are in the inbox: a crash re-reads a page and
 * the inbox and the ledger absorb the repeats. A missing feed (404) backs the poller off an hour.
 * One run reads at most MAX_PAGES_PER_RUN pages, so a long backlog never holds the lane for long:
 * it answers `more` and the job sends itself again.
 */

export const POLL_JOB = 'lime.poll';
export const FEED_BACKOFF_SECONDS = 3600;
const PAGE = 100;
const MAX_PAGES_PER_RUN = 50;

export async function pollLimeFeed(
  deps: LimeDeps & { log: Logger },
  params: { tenantId: string; connectionId: string },
): Promise<{ read: number; more: boolean; drained: DrainStats | null }> {
  const { gateway, row } = await limeGatewayFor(deps, params);
  let cursor = row.feedCursor;
  let read = 0;
  let more = false;
  try {
    for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
      const changes = await gateway.readChanges({ sinceId: cursor, limit: PAGE });
      await insertInboxMany(deps.database.db, {
        tenantId: params.tenantId,
        rows: changes.events.map((event, index) => ({
          source: 'lime' as const,
          kind: event.type,
          dedupeKey: `${row.id}:${event.id}`,
          payload: { connectionId: row.id, event: changes.raw[index] },
        })),
      });
      read += changes.events.length;
      if (changes.lastId > cursor) {
        cursor = changes.lastId;
        await advanceFeedCursor(deps.database.db, { ...params, cursor });
      }
      more = changes.hasMore;
      if (!more) break;
    }
  } catch (error) {
    if (error instanceof LimeCapabilityMissingError) {
      await recordConnectionProblem(deps.database.db, {
        ...params,
        error: 'This Lime installation offers no change feed; relying on webhooks',
        backoffSeconds: FEED_BACKOFF_SECONDS,
      });
      await appendJournal(deps.database.db, {
        tenantId: params.tenantId,
        direction: 'inbound',
        operation: POLL_JOB,
        status: 'skipped',
        error: 'Lime has no change feed here (404); the poller will try again in an hour',
      });
      return { read, more: false, drained: null };
    }
    if (error instanceof LimeAuthError) {
      await recordConnectionProblem(deps.database.db, {
        ...params,
        error: error.message,
        status: 'auth_failed',
      });
    }
    throw error;
  }
  return { read, more, drained: await drainLimeInbox(deps, params) };
}
