import { describe, expect, it } from 'vitest';
import { mergeFields } from '@/lib/sync/crm-pull/merge';
import type { SyncedFields } from '@/lib/sync/crm-push/contact-input';

const base: SyncedFields = {
  firstName: 'Анна',
  lastName: 'Иванова',
  phone: '79990000001',
  email: 'anna@example.ru',
  birthDate: '1990-01-02',
};
const at = (iso: string) => iso;

describe('merging a CRM contact with its Lime client', () => {
  it('nothing changed on the CRM side: nothing to Lime (our own write coming back)', () => {
    expect(
      mergeFields({ base, crm: base, lime: base, crmUpdatedAt: null, limeUpdatedAt: at('2026-01-01') }),
    ).toEqual({
      toLime: {},
      conflicts: [],
    });
  });

  it('a field only the CRM changed goes to Lime; one only Lime changed stays for the push', () => {
    const crm = { ...base, firstName: 'Аня' };
    const lime = { ...base, email: 'new@example.ru' };
    expect(
      mergeFields({ base, crm, lime, crmUpdatedAt: at('2026-01-02'), limeUpdatedAt: at('2026-01-03') }),
    ).toEqual({ toLime: { firstName: 'Аня' }, conflicts: [] });
  });

  it('a field both changed goes to the later edit; Lime wins a tie and when the CRM gives no time', () => {
    const crm = { ...base, phone: '79990000002' };
    const lime = { ...base, phone: '79990000003' };
    const merge = (crmUpdatedAt: string | null, limeUpdatedAt: string) =>
      mergeFields({ base, crm, lime, crmUpdatedAt, limeUpdatedAt });
    expect(merge('2026-01-05T10:00:01Z', '2026-01-05T10:00:00Z')).toEqual({
      toLime: { phone: '79990000002' },
      conflicts: [{ field: 'phone', winner: 'crm' }],
    });
    expect(merge('2026-01-05T10:00:00Z', '2026-01-05T10:00:01Z').toLime).toEqual({});
    expect(merge('2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z').conflicts).toEqual([
      { field: 'phone', winner: 'lime' },
    ]);
    expect(merge(null, '2026-01-05T10:00:00Z').toLime).toEqual({});
  });

  it('both sides arriving at the same value is no conflict; a cleared first name never goes to Lime', () => {
    const same = { ...base, lastName: 'Петрова' };
    expect(
      mergeFields({ base, crm: same, lime: same, crmUpdatedAt: null, limeUpdatedAt: at('2026-01-01') }),
    ).toEqual({
      toLime: {},
      conflicts: [],
    });
    const cleared = { ...base, firstName: '' };
    expect(
      mergeFields({
        base,
        crm: cleared,
        lime: base,
        crmUpdatedAt: at('2026-02-01'),
        limeUpdatedAt: at('2026-01-01'),
      }).toLime,
    ).toEqual({});
  });

  it('without a base (a link made before one was kept) the clocks decide each differing field', () => {
    const crm = { ...base, email: 'crm@example.ru' };
    expect(
      mergeFields({
        base: null,
        crm,
        lime: base,
        crmUpdatedAt: at('2026-03-02'),
        limeUpdatedAt: at('2026-03-01'),
      }).toLime,
    ).toEqual({ email: 'crm@example.ru' });
    expect(
      mergeFields({
        base: null,
        crm,
        lime: base,
        crmUpdatedAt: at('2026-03-01'),
        limeUpdatedAt: at('2026-03-02'),
      }).toLime,
    ).toEqual({});
  });
});
