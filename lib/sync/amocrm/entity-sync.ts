import { z } from 'zod';
import { type InboxRow, listUnprocessedInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournalMany, type JournalInput } from '@/db/queries/journal';
import { pullCrmChanges } from '../crm-pull/pull-changes';
import { type AmocrmDeps, accountClient } from './deps';
import { AMOCRM_SYNC_JOB } from './job-names';

/**
 * Reads what the webhooks and the reconciliation stored: several changes of one entity are one
 * read, and up to 250 entities of a kind are one request (`filter[id][]`). The journal records each;
 * what the sync then does with them is issue "Sync"'s.
 */

const ROWS_PER_RUN = 500;
const PAGE = 250;

const listSchema = z.object({
  _embedded: z.record(z.string(), z.array(z.object({ id: z.number(), name: z.string().nullish() }).loose())),
});

type Entity = 'contacts' | 'leads';

interface Change {
  entity: Entity;
  id: string;
  deleted: boolean;
  events: number;
}

function changesOf(rows: InboxRow[]): Change[] {
  const map = new Map<string, Change>();
  for (const row of rows) {
    const payload = row.payload as { entity?: Entity; id?: string; action?: string };
    if (!payload.entity || !payload.id) continue;
    const key = `${payload.entity}:${payload.id}`;
    const change = map.get(key) ?? { entity: payload.entity, id: payload.id, deleted: false, events: 0 };
    change.deleted = payload.action === 'delete';
    change.events++;
    map.set(key, change);
  }
  return [...map.values()];
}

export async function syncAmocrmEntities(
  deps: AmocrmDeps,
  tenantId: string,
): Promise<{ rows: number; read: number; requests: number; more: boolean }> {
  const rows = await listUnprocessedInbox(deps.database.db, {
    tenantId,
    source: 'amocrm',
    limit: ROWS_PER_RUN,
  });
  const stats = { rows: rows.length, read: 0, requests: 0, more: false };
  if (rows.length === 0) return stats;
  const changes = changesOf(rows);
  const entries: Omit<JournalInput, 'tenantId'>[] = [];
  const entity = (e: Entity) => (e === 'contacts' ? 'contact' : 'lead');
  for (const change of changes.filter((c) => c.deleted)) {
    entries.push({
      direction: 'inbound',
      operation: `${entity(change.entity)}.deleted`,
      status: 'ok',
      entity: entity(change.entity),
      entityId: change.id,
    });
  }
  const client = await accountClient(deps, tenantId);
  for (const kind of ['contacts', 'leads'] as const) {
    const wanted = changes.filter((c) => !c.deleted && c.entity === kind);
    for (let start = 0; start < wanted.length; start += PAGE) {
      const slice = wanted.slice(start, start + PAGE);
      const answer = await client.get(`/api/v4/${kind}`, {
        filter: { id: slice.map((c) => Number(c.id)) },
        limit: PAGE,
      });
      stats.requests++;
      const found = new Map(
        (answer ? (listSchema.parse(answer)._embedded[kind] ?? []) : []).map((e) => [String(e.id), e]),
      );
      for (const change of slice) {
        const item = found.get(change.id);
        if (item) stats.read++;
        entries.push({
          direction: 'inbound',
          operation: `${entity(kind)}.changed`,
          status: item ? 'ok' : 'skipped',
          entity: entity(kind),
          entityId: change.id,
          ...(item
            ? { details: { events: change.events, title: item.name ?? null } }
            : { error: 'not found' }),
        });
      }
    }
  }
  // A manager's edits and stage moves go to Lime before the events count as done: a failure
  // retries the whole run.
  const changed = (operation: string) =>
    entries.filter((e) => e.operation === operation && e.status === 'ok').map((e) => e.entityId as string);
  await pullCrmChanges(
    { ...deps, bitrix24App: null, amocrmKeys: deps.keys },
    {
      tenantId,
      contactIds: changed('contact.changed'),
      dealIds: changed('lead.changed'),
    },
  );
  await appendJournalMany(deps.database.db, { tenantId, entries });
  await markInboxProcessed(deps.database.db, { tenantId, ids: rows.map((r) => r.id) });
  if (rows.length === ROWS_PER_RUN) {
    stats.more = true;
    await deps.enqueue({ kind: AMOCRM_SYNC_JOB, tenantId, payload: {} });
  }
  return stats;
}
