import type { CrmDealSummary, CrmStageMove } from './crm-port';

/** A move as an adapter read it from the CRM's history, before the deal's contact is known. */
export type BareStageMove = Omit<CrmStageMove, 'contactId'>;

export interface BareStageMoves {
  moves: BareStageMove[];
  until: Date;
}

/**
 * The deals' main contacts put on their moves, read once per deal (both adapters: history entries
 * carry only ids). A deal the CRM no longer has keeps its moves with no contact.
 */
export async function withContacts(
  moves: BareStageMove[],
  summaries: (ids: string[]) => Promise<CrmDealSummary[]>,
): Promise<CrmStageMove[]> {
  if (moves.length === 0) return [];
  const deals = await summaries([...new Set(moves.map((m) => m.dealId))]);
  const contactOf = new Map(deals.map((d) => [d.id, d.contactIds[0] ?? null]));
  return moves.map((m) => ({ ...m, contactId: contactOf.get(m.dealId) ?? null }));
}

/**
 * One deal's history entries in order → its consecutive moves: each from the stage the deal held
 * just before (`before`: the stage before the first entry, when the history before the window is
 * known), so A→B→C is A→B and B→C. A creation only sets where the deal starts.
 */
export function consecutiveMoves(
  dealId: string,
  before: string | null,
  entries: { created: boolean; stageId: string; pipelineId: string; at: Date }[],
): BareStageMove[] {
  const moves: BareStageMove[] = [];
  let previous = before;
  for (const entry of entries) {
    if (!entry.created && previous !== null && previous !== entry.stageId)
      moves.push({
        dealId,
        fromStageId: previous,
        toStageId: entry.stageId,
        pipelineId: entry.pipelineId,
        at: entry.at,
      });
    previous = entry.stageId;
  }
  return moves;
}
