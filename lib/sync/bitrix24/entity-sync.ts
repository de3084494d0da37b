import { type InboxRow, listUnprocessedInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournalMany, type JournalInput } from '@/db/queries/journal';
import { BATCH_LIMIT, type BatchCommands } from '@/lib/crm/bitrix24/rest';
import { pullCrmChanges } from '../crm-pull/pull-changes';
import { type Bitrix24Deps, portalRest } from './deps';
import { CRM_EVENT_PREFIX, ENTITY_SYNC_JOB } from './job-names';

/**
 * Turns stored CRM events into reads of the entities' current state: several events for one
 * entity coalesce into one read, and reads go 50 to a `batch` request. Contacts linked to Lime
 * clients go on to the pull (a manager's edit → Lime); the journal records each.
 */

const ROWS_PER_RUN = 500;

type Entity = 'contact' | 'deal';
interface Change {
  entity: Entity;
  id: string;
  deleted: boolean;
  events: number;
}

export interface EntitySyncStats {
  rows: number;
  read: number;
  deleted: number;
  missing: number;
  batches: number;
  largestBatch: number;
  more: boolean;
}

function changesOf(rows: InboxRow[]): Change[] {
  const changes = new Map<string, Change>();
  for (const row of rows) {
    const payload = row.payload as { event?: string; entityId?: string };
    const event = payload.event ?? row.kind;
    const entity: Entity | null = event.startsWith('ONCRMCONTACT')
      ? 'contact'
      : event.startsWith('ONCRMDEAL')
        ? 'deal'
        : null;
    if (!entity || !payload.entityId) continue;
    const key = `${entity}:${payload.entityId}`;
    const change = changes.get(key) ?? { entity, id: payload.entityId, deleted: false, events: 0 };
    // Rows come oldest first: the last event decides whether the entity still exists.
    change.deleted = event.endsWith('DELETE');
    change.events++;
    changes.set(key, change);
  }
  return [...changes.values()];
}

export async function syncChangedEntities(deps: Bitrix24Deps, tenantId: string): Promise<EntitySyncStats> {
  const rows = await listUnprocessedInbox(deps.database.db, {
    tenantId,
    source: 'bitrix24',
    kindPrefix: CRM_EVENT_PREFIX,
    limit: ROWS_PER_RUN,
  });
  const stats: EntitySyncStats = {
    rows: rows.length,
    read: 0,
    deleted: 0,
    missing: 0,
    batches: 0,
    largestBatch: 0,
    more: false,
  };
  if (rows.length === 0) return stats;
  const changes = changesOf(rows);
  const entries: Omit<JournalInput, 'tenantId'>[] = [];
  for (const change of changes.filter((c) => c.deleted)) {
    stats.deleted++;
    entries.push({
      direction: 'inbound',
      operation: `${change.entity}.deleted`,
      status: 'ok',
      entity: change.entity,
      entityId: change.id,
    });
  }
  const toRead = changes.filter((c) => !c.deleted);
  if (toRead.length > 0) {
    const rest = await portalRest(deps, tenantId);
    for (let start = 0; start < toRead.length; start += BATCH_LIMIT) {
      const slice = toRead.slice(start, start + BATCH_LIMIT);
      const commands: BatchCommands = {};
      for (const change of slice)
        commands[`${change.entity}_${change.id}`] = [`crm.${change.entity}.get`, { id: change.id }];
      const outcome = await rest.batch<Record<string, unknown>>(commands);
      stats.batches++;
      stats.largestBatch = Math.max(stats.largestBatch, slice.length);
      for (const change of slice) {
        const key = `${change.entity}_${change.id}`;
        const entity = outcome.results[key];
        if (entity) {
          stats.read++;
          entries.push({
            direction: 'inbound',
            operation: `${change.entity}.changed`,
            status: 'ok',
            entity: change.entity,
            entityId: change.id,
            details: {
              events: change.events,
              title: entity.TITLE ?? ([entity.NAME, entity.LAST_NAME].filter(Boolean).join(' ') || null),
            },
          });
        } else {
          // Deleted since the event, or not visible to the installing user.
          stats.missing++;
          entries.push({
            direction: 'inbound',
            operation: `${change.entity}.changed`,
            status: 'skipped',
            entity: change.entity,
            entityId: change.id,
            error: outcome.errors[key]?.error_description || outcome.errors[key]?.error || 'not found',
          });
        }
      }
    }
  }
  // A manager's edits and stage moves go to Lime before the events count as done: a failure
  // retries the whole run.
  const changed = (operation: string) =>
    entries.filter((e) => e.operation === operation && e.status === 'ok').map((e) => e.entityId as string);
  await pullCrmChanges(
    { ...deps, bitrix24App: deps.app },
    {
      tenantId,
      contactIds: changed('contact.changed'),
      dealIds: changed('deal.changed'),
    },
  );
  await appendJournalMany(deps.database.db, { tenantId, entries });
  await markInboxProcessed(deps.database.db, { tenantId, ids: rows.map((row) => row.id) });
  if (rows.length === ROWS_PER_RUN) {
    stats.more = true;
    await deps.enqueue({ kind: ENTITY_SYNC_JOB, tenantId, payload: {} });
  }
  return stats;
}
