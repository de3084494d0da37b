import type { PreorderStatus } from './lime';

/**
 * The stage mapping between Lime pre-order statuses and the stages of the booking pipeline
 * (DESIGN.md item 4). Lime → CRM: each status goes to the stage the admin chose, or by default the
 * pipeline's failure stage when cancelled, its success stage when completed, and while open the
 * booking flow's stage for a new deal (an existing one stays). CRM → Lime: only stages the admin chose move Lime, and an integration may only
 * confirm or cancel (paid and completed are the cash desk's).
 */

export const PREORDER_STATUSES = ['new', 'confirmed', 'paid', 'completed', 'cancelled'] as const;

/** The admin's choice per status: a stage id of the booking pipeline, or null for the default. */
export type PreorderStageMap = Record<PreorderStatus, string | null>;

export interface PipelineStages {
  stages: { id: string; semantics: 'process' | 'success' | 'failure' }[];
}

/** Whether a status falls back to a closing stage (and so needs the pipeline's stages). */
export function needsClosingStage(status: PreorderStatus, map: PreorderStageMap): boolean {
  return map[status] === null && (status === 'cancelled' || status === 'completed');
}

/**
 * The stage a pre-order in this status belongs in: the admin's choice; unset, the pipeline's failure
 * stage when cancelled, its success stage when completed, and for an open status no opinion (null:
 * a new deal starts on the booking flow's stage, an existing one stays where it is).
 */
export function stageForStatus(
  status: PreorderStatus,
  map: PreorderStageMap,
  pipeline: PipelineStages | null,
): string | null {
  const chosen = map[status];
  if (chosen !== null) return chosen;
  const closing = status === 'cancelled' ? 'failure' : status === 'completed' ? 'success' : null;
  return closing === null ? null : (pipeline?.stages.find((s) => s.semantics === closing)?.id ?? null);
}

export type StageMove =
  | { action: 'none' }
  | { action: 'confirm' | 'cancel'; status: 'confirmed' | 'cancelled' }
  | { action: 'skip'; reason: string };

/**
 * What a manager's move of a pre-order's deal to `stageId` asks of Lime, the pre-order being in
 * `current`: nothing (the stage is the current status's, or unmapped), a confirmation, a
 * cancellation, or a refusal with its reason in words a manager understands.
 */
export function moveOfStage(stageId: string, map: PreorderStageMap, current: PreorderStatus): StageMove {
  const mapped = PREORDER_STATUSES.filter((s) => map[s] === stageId);
  if (mapped.length === 0) return { action: 'skip', reason: 'the stage is not mapped to a Lime status' };
  if (mapped.includes(current)) return { action: 'none' };
  if (mapped.length > 1)
    return { action: 'skip', reason: `the stage is mapped to several Lime statuses (${mapped.join(', ')})` };
  const wanted = mapped[0] as PreorderStatus;
  if (wanted === 'paid' || wanted === 'completed')
    return { action: 'skip', reason: `"${wanted}" is set by Lime's cash desk, not from the CRM` };
  if (current !== 'new' && current !== 'confirmed')
    return { action: 'skip', reason: `the pre-order is ${current} in Lime and can no longer change` };
  if (wanted === 'new') return { action: 'skip', reason: 'a confirmed pre-order cannot go back to new' };
  return wanted === 'cancelled'
    ? { action: 'cancel', status: 'cancelled' }
    : { action: 'confirm', status: 'confirmed' };
}
