import { type BareStageMove, type BareStageMoves, consecutiveMoves } from '@/lib/crm/stage-moves';
import { assertBatchOk, type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * Deal stage moves from crm.stagehistory.list (api-reference/crm/crm-stage-history-list.md):
 * entries of entityTypeId 2 with TYPE_ID 1 (created), 2 (to an intermediate stage), 3 (to a final
 * stage), 5 (to another pipeline), each naming only the stage moved to. Read by ID from `since` on,
 * 50 a request; for every deal whose first entry in the window is a move, the entry just before
 * it (one batch command per deal, ID DESC) says where it came from.
 */

const DEAL = 2;
const CREATED = 1;
/** At most this many pages a call (10,000 entries); the rest is read by the next call from `until`. */
const MAX_PAGES = 200;
const PAGE = 50;

interface HistoryEntry {
  ID: number | string;
  TYPE_ID: number | string;
  OWNER_ID: number | string;
  CREATED_TIME: string;
  CATEGORY_ID: number | string;
  STAGE_ID: string;
}

const SELECT = ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME', 'CATEGORY_ID', 'STAGE_ID'];

export async function readStageMoves(rest: Bitrix24Rest, since: Date): Promise<BareStageMoves> {
  const entries: HistoryEntry[] = [];
  let afterId = 0;
  let complete = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items } = await rest.call<{ items: HistoryEntry[] }>('crm.stagehistory.list', {
      entityTypeId: DEAL,
      order: { ID: 'ASC' },
      filter: { '>=CREATED_TIME': since.toISOString(), '>ID': afterId },
      select: SELECT,
    });
    entries.push(...items);
    const last = items.at(-1);
    if (!last || items.length < PAGE) {
      complete = true;
      break;
    }
    afterId = Number(last.ID);
  }
  const byDeal = new Map<string, HistoryEntry[]>();
  for (const entry of entries) {
    const deal = String(entry.OWNER_ID);
    byDeal.set(deal, [...(byDeal.get(deal) ?? []), entry]);
  }
  const commands: BatchCommands = {};
  for (const [deal, list] of byDeal) {
    const first = list[0];
    if (!first || Number(first.TYPE_ID) === CREATED) continue;
    commands[`d${deal}`] = [
      'crm.stagehistory.list',
      {
        entityTypeId: DEAL,
        order: { ID: 'DESC' },
        filter: { OWNER_ID: Number(deal), '<ID': Number(first.ID) },
        select: ['ID', 'STAGE_ID'],
      },
    ];
  }
  const before = await batchAll<{ items: { STAGE_ID: string }[] }>(rest, commands);
  assertBatchOk(before, 'crm.stagehistory.list');
  const moves: BareStageMove[] = [];
  for (const [deal, list] of byDeal) {
    moves.push(
      ...consecutiveMoves(
        deal,
        before.results[`d${deal}`]?.items[0]?.STAGE_ID ?? null,
        list.map((e) => ({
          created: Number(e.TYPE_ID) === CREATED,
          stageId: e.STAGE_ID,
          pipelineId: String(e.CATEGORY_ID),
          at: new Date(e.CREATED_TIME),
        })),
      ),
    );
  }
  moves.sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = entries.at(-1);
  // The next read starts at the last entry's second (a later entry may share it; those read again
  // come again, harmlessly): a partial read resumes there, a complete one loses nothing.
  const lastAt = last ? new Date(last.CREATED_TIME) : since;
  return { moves, until: complete && lastAt < since ? since : lastAt };
}
