import { describe, expect, it } from 'vitest';
import { consecutiveMoves } from '@/lib/crm/stage-moves';

/** One deal's history entries → its consecutive moves (lib/crm/stage-moves.ts). */

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
const entry = (stageId: string, minute: number, created = false, pipelineId = '0') => ({
  created,
  stageId,
  pipelineId,
  at: at(minute),
});
const pairs = (moves: ReturnType<typeof consecutiveMoves>) =>
  moves.map((m) => `${m.fromStageId}>${m.toStageId}`);

describe('consecutiveMoves', () => {
  it('A→B→C is A→B and B→C, never A→C; a creation is where the deal starts, not a move', () => {
    const moves = consecutiveMoves('7', null, [entry('A', 0, true), entry('B', 1), entry('C', 2)]);
    expect(pairs(moves)).toEqual(['A>B', 'B>C']);
    expect(moves[1]).toEqual({ dealId: '7', fromStageId: 'B', toStageId: 'C', pipelineId: '0', at: at(2) });
  });

  it('the first move of a window starts from the stage held before it; unknown before, it is not a move', () => {
    expect(pairs(consecutiveMoves('7', 'B', [entry('C', 5), entry('D', 6)]))).toEqual(['B>C', 'C>D']);
    expect(pairs(consecutiveMoves('7', null, [entry('C', 5), entry('D', 6)]))).toEqual(['C>D']);
  });

  it('an entry for the stage the deal is in (a pipeline change back and forth) is no move; a new pipeline is the move’s', () => {
    const moves = consecutiveMoves('7', 'A', [entry('A', 1), entry('C2:NEW', 2, false, '2')]);
    expect(pairs(moves)).toEqual(['A>C2:NEW']);
    expect(moves[0]?.pipelineId).toBe('2');
  });
});
