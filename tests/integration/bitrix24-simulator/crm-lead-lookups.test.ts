import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * Finding leads: by ORIGINATOR_ID/ORIGIN_ID as our adapter looks its key up (crm-lead-list.md's
 * filter), and through crm.duplicate.findbycomm, whose search without entity_type covers leads
 * (crm-duplicate-find-by-comm.md). The docs' own lead requests: crm-leads.test.ts.
 */

describe('Bitrix24 simulator: finding leads', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('finds a lead by ORIGINATOR_ID and ORIGIN_ID (an array value is IN), the way our adapter looks a key up', async () => {
    const { sim } = b24;
    const id = await sim.controls.addLead({ TITLE: 'Ключ', ORIGINATOR_ID: 'lime-bridge', ORIGIN_ID: 'k-1' });
    await sim.controls.addLead({ TITLE: 'Чужой', ORIGINATOR_ID: 'other-app', ORIGIN_ID: 'k-1' });
    const found = await rest(
      sim,
      'crm.lead.list',
      { filter: { ORIGINATOR_ID: 'lime-bridge', ORIGIN_ID: ['k-1', 'k-2'] }, select: ['ID', 'ORIGIN_ID'] },
      { token },
    );
    expect(found.json.result).toEqual([{ ID: String(id), ORIGIN_ID: 'k-1' }]);
    const none = await rest(
      sim,
      'crm.lead.list',
      { filter: { ORIGINATOR_ID: 'lime-bridge', ORIGIN_ID: 'k-3' }, select: ['ID'] },
      { token },
    );
    expect(none.json).toEqual({ result: [], total: 0, time: timeShape() });
  });

  it('crm.duplicate.findbycomm finds leads without entity_type (LEAD first) and with entity_type LEAD', async () => {
    const { sim } = b24;
    const lead = await sim.controls.addLead({
      TITLE: 'Дубль',
      PHONE: [{ VALUE: '+7 999 555-44-33', VALUE_TYPE: 'MOBILE' }],
    });
    const contact = await sim.controls.addContact({
      NAME: 'Дубль',
      PHONE: [{ VALUE: '89995554433', VALUE_TYPE: 'WORK' }],
    });
    const all = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: ['79995554433'] },
      { token },
    );
    expect(all.json.result).toEqual({ LEAD: [lead], CONTACT: [contact] });
    expect(Object.keys(all.json.result)).toEqual(['LEAD', 'CONTACT']);
    for (const [entity_type, ids] of [
      ['LEAD', { LEAD: [lead] }],
      ['CONTACT', { CONTACT: [contact] }],
    ] as const) {
      const narrowed = await rest(
        sim,
        'crm.duplicate.findbycomm',
        { entity_type, type: 'PHONE', values: ['79995554433'] },
        { token },
      );
      expect(narrowed.json.result).toEqual(ids);
    }
  });

  it("with 20 leads on one phone, a search without entity_type leaves contacts out (the docs' rule)", async () => {
    const { sim } = b24;
    const phone = [{ VALUE: '+79990001122', VALUE_TYPE: 'MOBILE' }];
    for (let i = 0; i < 20; i++) await sim.controls.addLead({ TITLE: `Много ${i}`, PHONE: phone });
    await sim.controls.addContact({ NAME: 'Один', PHONE: phone });
    const all = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: ['79990001122'] },
      { token },
    );
    expect(Object.keys(all.json.result)).toEqual(['LEAD']);
    expect(all.json.result.LEAD).toHaveLength(20);
  });
});
