import { beforeAll, describe, expect, it } from 'vitest';
import { ISO_WITH_OFFSET, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

describe('Bitrix24 simulator: crm.deal.*, pipelines and crm.item.*', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let contactA = 0;
  let contactB = 0;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    contactA = await b24.sim.controls.addContact({
      NAME: 'Анна',
      PHONE: [{ VALUE: '+79990000001', VALUE_TYPE: 'MOBILE' }],
    });
    contactB = await b24.sim.controls.addContact({ NAME: 'Борис' });
  });

  it('adds a deal with the defaults of the default pipeline and links contacts through CONTACT_IDS', async () => {
    const { sim } = b24;
    const add = await rest(
      sim,
      'crm.deal.add',
      {
        fields: {
          OPPORTUNITY: 1500.5,
          CONTACT_IDS: [contactA, contactB],
          ORIGIN_ID: 'lime-check-77',
          ORIGINATOR_ID: 'lime',
        },
      },
      { token },
    );
    expect(add.json).toEqual({ result: expect.any(Number), time: timeShape() });
    const deal = (await rest(sim, 'crm.deal.get', { id: add.json.result }, { token })).json.result;
    expect(deal).toMatchObject({
      ID: String(add.json.result),
      TITLE: `Сделка #${add.json.result}`,
      TYPE_ID: 'SALE',
      STAGE_ID: 'NEW',
      CATEGORY_ID: '0',
      STAGE_SEMANTIC_ID: 'P',
      CURRENCY_ID: 'RUB',
      OPPORTUNITY: '1500.50',
      CONTACT_ID: String(contactA),
      CLOSED: 'N',
      ORIGIN_ID: 'lime-check-77',
    });
    expect(deal).not.toHaveProperty('CONTACT_IDS');
    expect(deal.BEGINDATE).toMatch(/T03:00:00\+03:00$/);
    expect(deal.DATE_CREATE).toMatch(ISO_WITH_OFFSET);
  });

  it('neither returns nor filters CONTACT_IDS in crm.deal.list (issue #219); crm.item.list does', async () => {
    const { sim } = b24;
    const other = await sim.controls.addDeal({ TITLE: 'Без контактов' });
    const list = await rest(
      sim,
      'crm.deal.list',
      { filter: { CONTACT_IDS: [contactB] }, select: ['ID', 'CONTACT_IDS'] },
      { token },
    );
    expect(list.json.result.map((d: { ID: string }) => d.ID)).toContain(String(other));
    expect(list.json.result[0]).toEqual({ ID: expect.any(String) });
    const items = await rest(
      sim,
      'crm.item.list',
      { entityTypeId: 2, filter: { contactIds: contactB } },
      { token },
    );
    expect(items.json.result.items.map((i: { id: number }) => i.id)).not.toContain(other);
    expect(items.json.result.items[0]).toMatchObject({
      contactIds: [contactA, contactB],
      contactId: contactA,
      opportunity: 1500.5,
    });
  });

  it('keeps stage ids inside their pipeline and ignores CATEGORY_ID on update', async () => {
    const { sim } = b24;
    const category = sim.controls.addDealCategory('Покупки');
    const categories = await rest(sim, 'crm.category.list', { entityTypeId: 2 }, { token });
    expect(categories.json.result.categories).toEqual([
      { id: 0, name: 'General', sort: 100, entityTypeId: 2, isDefault: 'Y', originId: '', originatorId: '' },
      {
        id: category,
        name: 'Покупки',
        sort: 100 + category * 100,
        entityTypeId: 2,
        isDefault: 'N',
        originId: '',
        originatorId: '',
      },
    ]);
    const stages = await rest(
      sim,
      'crm.status.list',
      { filter: { ENTITY_ID: `DEAL_STAGE_${category}` } },
      { token },
    );
    expect(stages.json.result.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toContain(`C${category}:WON`);
    const id = (await rest(sim, 'crm.deal.add', { fields: { CATEGORY_ID: category } }, { token })).json
      .result;
    const deal = (await rest(sim, 'crm.deal.get', { id }, { token })).json.result;
    expect(deal).toMatchObject({ CATEGORY_ID: String(category), STAGE_ID: `C${category}:NEW` });
    const wrong = await rest(sim, 'crm.deal.update', { id, fields: { STAGE_ID: 'WON' } }, { token });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('');
    await rest(
      sim,
      'crm.deal.update',
      { id, fields: { STAGE_ID: `C${category}:WON`, CATEGORY_ID: 0 } },
      { token },
    );
    expect((await rest(sim, 'crm.deal.get', { id }, { token })).json.result).toMatchObject({
      CATEGORY_ID: String(category),
      STAGE_ID: `C${category}:WON`,
      STAGE_SEMANTIC_ID: 'S',
      CLOSED: 'Y',
    });
    expect((await rest(sim, 'crm.deal.add', { fields: { CATEGORY_ID: 99 } }, { token })).status).toBe(400);
  });

  it('answers crm.item.get `{item}` in camelCase with numbers and fm', async () => {
    const { sim } = b24;
    const answer = await rest(sim, 'crm.item.get', { entityTypeId: 3, id: contactA }, { token });
    expect(answer.json.result.item).toMatchObject({
      id: contactA,
      name: 'Анна',
      assignedById: 1,
      createdBy: 1,
      createdTime: expect.stringMatching(ISO_WITH_OFFSET),
      fm: [{ id: expect.any(Number), typeId: 'PHONE', valueType: 'MOBILE', value: '+79990000001' }],
    });
    expect((await rest(sim, 'crm.item.get', { entityTypeId: 3, id: 424242 }, { token })).json.error).toBe(
      'NOT_FOUND',
    );
    expect((await rest(sim, 'crm.item.get', { entityTypeId: 1046, id: 1 }, { token })).json.error).toBe(
      'NOT_FOUND',
    );
  });

  it('pages crm.item.list the way the SDK walks it (`>id` cursor, start -1, `items`)', async () => {
    const { sim } = b24;
    for (let i = 0; i < 55; i++) await sim.controls.addContact({ NAME: `Item ${i}` });
    const seen: number[] = [];
    let cursor = 0;
    for (;;) {
      const answer = await rest(
        sim,
        'crm.item.list',
        {
          entityTypeId: 3,
          order: { id: 'ASC' },
          filter: { '>id': cursor },
          select: ['id', 'name'],
          start: -1,
        },
        { token },
      );
      const items = answer.json.result.items as { id: number; name: string }[];
      expect(Object.keys(items[0] ?? { id: 0, name: '' })).toEqual(['id', 'name']);
      seen.push(...items.map((i) => i.id));
      if (items.length < 50) break;
      cursor = items.at(-1)?.id ?? 0;
    }
    expect(seen).toEqual(sim.state.contacts.map((c) => c.id));
  });
});
