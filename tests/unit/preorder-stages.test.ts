import { describe, expect, it } from 'vitest';
import {
  moveOfStage,
  needsClosingStage,
  type PreorderStageMap,
  stageForStatus,
} from '@/lib/domain/preorder-stages';
import { referencedDeal } from '@/lib/sync/crm-push/push-preorders';

/** The pre-order stage mapping both ways (lib/domain/preorder-stages.ts), and which deal a reference names. */

const none: PreorderStageMap = { new: null, confirmed: null, paid: null, completed: null, cancelled: null };
const pipeline = {
  stages: [
    { id: 'C1:NEW', semantics: 'process' as const },
    { id: 'C1:PREPARATION', semantics: 'process' as const },
    { id: 'C1:WON', semantics: 'success' as const },
    { id: 'C1:LOSE', semantics: 'failure' as const },
  ],
};

describe('Lime status → stage', () => {
  it('the admin’s choice wins', () => {
    const map = { ...none, confirmed: 'C1:PREPARATION', cancelled: 'C1:NEW' };
    expect(stageForStatus('confirmed', map, pipeline)).toBe('C1:PREPARATION');
    expect(stageForStatus('cancelled', map, pipeline)).toBe('C1:NEW');
    expect(needsClosingStage('cancelled', map)).toBe(false);
  });

  it('unset: cancelled → the failure stage, completed → the success stage, open → no opinion', () => {
    expect(stageForStatus('cancelled', none, pipeline)).toBe('C1:LOSE');
    expect(stageForStatus('completed', none, pipeline)).toBe('C1:WON');
    for (const status of ['new', 'confirmed', 'paid'] as const) {
      expect(stageForStatus(status, none, pipeline)).toBeNull();
      expect(needsClosingStage(status, none)).toBe(false);
    }
    expect(needsClosingStage('completed', none)).toBe(true);
    expect(stageForStatus('cancelled', none, null)).toBeNull();
  });
});

describe('a manager’s move → Lime', () => {
  const map = { ...none, new: 'C1:NEW', confirmed: 'C1:PREPARATION', paid: 'C1:PAID', cancelled: 'C1:LOSE' };

  it('to the stage of "confirmed" confirms a new pre-order; of "cancelled" cancels an open one', () => {
    expect(moveOfStage('C1:PREPARATION', map, 'new')).toEqual({ action: 'confirm', status: 'confirmed' });
    expect(moveOfStage('C1:LOSE', map, 'new')).toEqual({ action: 'cancel', status: 'cancelled' });
    expect(moveOfStage('C1:LOSE', map, 'confirmed')).toEqual({ action: 'cancel', status: 'cancelled' });
  });

  it('to the stage of the status Lime has already: nothing', () => {
    expect(moveOfStage('C1:PREPARATION', map, 'confirmed')).toEqual({ action: 'none' });
    expect(moveOfStage('C1:NEW', { ...map, confirmed: 'C1:NEW' }, 'confirmed')).toEqual({ action: 'none' });
  });

  it('paid, completed, unmapped stages, closed pre-orders, back to new: skipped with a reason', () => {
    const skipped = (stage: string, current: Parameters<typeof moveOfStage>[2], m = map) => {
      const move = moveOfStage(stage, m, current);
      return move.action === 'skip' ? move.reason : move.action;
    };
    expect(skipped('C1:PAID', 'confirmed')).toMatch(/cash desk/);
    expect(skipped('C1:WON', 'confirmed', { ...map, completed: 'C1:WON' })).toMatch(/cash desk/);
    expect(skipped('C1:WON', 'confirmed')).toMatch(/not mapped/);
    expect(skipped('C1:LOSE', 'paid')).toMatch(/paid in Lime/);
    expect(skipped('C1:NEW', 'confirmed')).toMatch(/back to new/);
    expect(skipped('C1:NEW', 'paid', { ...map, confirmed: 'C1:NEW' })).toMatch(/several/);
  });
});

describe('the deal an external reference names', () => {
  it('a deal of this CRM (amoCRM also says lead); anything else names none', () => {
    expect(referencedDeal({ system: 'bitrix24', entityType: 'deal', id: '4711' }, 'bitrix24')).toBe('4711');
    expect(referencedDeal({ system: 'amocrm', entityType: 'lead', id: '99' }, 'amocrm')).toBe('99');
    expect(referencedDeal({ system: 'amocrm', entityType: 'deal', id: '99' }, 'amocrm')).toBe('99');
    expect(referencedDeal({ system: 'amocrm', entityType: 'deal', id: '99' }, 'bitrix24')).toBeNull();
    expect(referencedDeal({ system: 'bitrix24', entityType: 'lead', id: '5' }, 'bitrix24')).toBeNull();
    expect(referencedDeal({ system: 'bitrix24', entityType: 'deal', id: 'x-1' }, 'bitrix24')).toBeNull();
    expect(referencedDeal(null, 'bitrix24')).toBeNull();
  });
});
