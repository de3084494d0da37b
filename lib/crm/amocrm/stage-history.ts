import type { BareStageMove, BareStageMoves } from '@/lib/crm/stage-moves';
import { getLogger } from '@/lib/log/logger';
import type { AmocrmClient } from './api-client';

/**
 * Lead status moves from GET /api/v4/events (amocrm-api-php EventsFilter / EventModel):
 * `filter[type]=lead_status_changed`, `filter[created_at][from]` in unix seconds, 100 a page by
 * `page` while `_links.next` is there, an empty list as 204. Each event carries both ends of one
 * move — `value_before` / `value_after` `[{lead_status: {id, pipeline_id}}]` — so moves are
 * consecutive as they come; the order of the feed is not relied on.
 */

const PAGE = 100;
/** At most this many pages a call (10,000 events); the rest is read by the next call from `until`. */
const MAX_PAGES = 100;

interface StatusValue {
  lead_status?: { id: number; pipeline_id: number };
}
interface AmoEvent {
  id: string;
  type: string;
  entity_id: number;
  entity_type: string;
  created_at: number;
  value_before?: StatusValue[] | null;
  value_after?: StatusValue[] | null;
}
interface EventList {
  _embedded?: { events?: AmoEvent[] };
  _links?: { next?: { href: string } };
}

export async function readStageMoves(client: AmocrmClient, since: Date): Promise<BareStageMoves> {
  const from = Math.floor(since.getTime() / 1000);
  const events: AmoEvent[] = [];
  let complete = false;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await client.get<EventList>('/api/v4/events', {
      filter: { type: 'lead_status_changed', entity: 'lead', created_at: { from } },
      page,
      limit: PAGE,
    });
    const items = answer?._embedded?.events ?? [];
    events.push(...items);
    if (!answer?._links?.next || items.length < PAGE) {
      complete = true;
      break;
    }
  }
  // Oldest first; within a second by id (amoCRM's event ids grow with time, as ULIDs do).
  events.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const moves: BareStageMove[] = [];
  for (const event of events) {
    const before = event.value_before?.[0]?.lead_status;
    const after = event.value_after?.[0]?.lead_status;
    if (event.type !== 'lead_status_changed' || !before || !after) continue;
    moves.push({
      dealId: String(event.entity_id),
      fromStageId: String(before.id),
      toStageId: String(after.id),
      pipelineId: String(after.pipeline_id),
      at: new Date(event.created_at * 1000),
    });
  }
  const newest = Math.max(from, ...events.map((e) => e.created_at));
  // The feed comes newest first: a read cut short at MAX_PAGES has the newest moves and leaves the
  // oldest of a very busy interval (over 10,000 moves) unread.
  if (!complete) getLogger().warn({ since, read: events.length }, 'amoCRM events: page limit reached');
  return { moves, until: new Date(newest * 1000) };
}
