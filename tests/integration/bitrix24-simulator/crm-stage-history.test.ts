import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, testClock } from './support';

/**
 * crm.stagehistory.list (api-reference/crm/crm-stage-history-list.md): the docs' request for a
 * deal's history (`order: {ID: 'ASC'}, filter: {OWNER_ID}, select: [ID, STAGE_ID, CREATED_TIME]`),
 * entries for a creation (TYPE_ID 1), moves (2 intermediate, 3 final) and a pipeline change (5),
 * whoever made them; the filter's operators; and the refusals the docs list.
 */

describe('Bitrix24 simulator: crm.stagehistory.list', () => {
  const clock = testClock();
  const b24 = setupBitrix24Simulator({ now: clock.now });
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('records a creation and every move of a deal, and answers the docs’ request as {items}', async () => {
    const { sim } = b24;
    const made = await rest(sim, 'crm.deal.add', { fields: { TITLE: 'ДР', STAGE_ID: 'NEW' } }, { token });
    const id = Number(made.json.result);
    clock.advance(60_000);
    await rest(sim, 'crm.deal.update', { id, fields: { STAGE_ID: 'PREPARATION' } }, { token });
    clock.advance(60_000);
    await rest(sim, 'crm.deal.update', { id, fields: { TITLE: 'ДР, зал' } }, { token });
    await rest(sim, 'crm.deal.update', { id, fields: { STAGE_ID: 'WON' } }, { token });
    const docs = await rest(
      sim,
      'crm.stagehistory.list',
      {
        entityTypeId: 2,
        order: { ID: 'ASC' },
        filter: { OWNER_ID: id },
        select: ['ID', 'STAGE_ID', 'CREATED_TIME'],
      },
      { token },
    );
    expect(docs.status).toBe(200);
    expect(docs.json.total).toBe(3);
    expect(docs.json.result.items.map((i: { STAGE_ID: string }) => i.STAGE_ID)).toEqual([
      'NEW',
      'PREPARATION',
      'WON',
    ]);
    expect(Object.keys(docs.json.result.items[0]).sort()).toEqual(['CREATED_TIME', 'ID', 'STAGE_ID']);
    expect(docs.json.result.items[1].CREATED_TIME).toBe('2026-03-02T12:01:00+03:00');
    const full = await rest(
      sim,
      'crm.stagehistory.list',
      {
        entityTypeId: 2,
        filter: { OWNER_ID: id, '>=CREATED_TIME': '2026-03-02T09:01:00Z' },
        order: { ID: 'DESC' },
      },
      { token },
    );
    expect(full.json.result.items).toEqual([
      expect.objectContaining({
        TYPE_ID: 3,
        OWNER_ID: id,
        CATEGORY_ID: 0,
        STAGE_SEMANTIC_ID: 'S',
        STAGE_ID: 'WON',
      }),
      expect.objectContaining({ TYPE_ID: 2, STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'PREPARATION' }),
    ]);
  });

  it('a move to another pipeline is TYPE_ID 5; a manager’s move in the portal is recorded too', async () => {
    const { sim } = b24;
    const category = sim.controls.addDealCategory('Праздники');
    const id = await sim.controls.addDeal({ TITLE: 'Менеджер', STAGE_ID: 'NEW' });
    await sim.controls.updateDeal(id, { STAGE_ID: 'EXECUTING' });
    const rows = await rest(
      sim,
      'crm.stagehistory.list',
      { entityTypeId: 2, filter: { OWNER_ID: id } },
      { token },
    );
    expect(rows.json.result.items.map((i: { TYPE_ID: number }) => i.TYPE_ID)).toEqual([1, 2]);
    await rest(sim, 'crm.item.update', { entityTypeId: 2, id, fields: { categoryId: category } }, { token });
    const after = await rest(
      sim,
      'crm.stagehistory.list',
      { entityTypeId: 2, filter: { OWNER_ID: id } },
      { token },
    );
    expect(after.json.result.items.at(-1)).toMatchObject({ TYPE_ID: 5, CATEGORY_ID: category });
  });

  it('refuses an entity type it does not keep, a field the filter or order does not know, a bad direction', async () => {
    const { sim } = b24;
    const company = await rest(sim, 'crm.stagehistory.list', { entityTypeId: 4 }, { token });
    expect(company.status).toBe(400);
    expect(company.json.error).toBe('ENTITY_TYPE_NOT_SUPPORTED');
    const field = await rest(
      sim,
      'crm.stagehistory.list',
      { entityTypeId: 2, filter: { TITLE: 'x' } },
      { token },
    );
    expect(field.json).toMatchObject({
      error: 'INVALID_ARG_VALUE',
      error_description: "Invalid filter: field 'TITLE' is not allowed in filter",
    });
    const direction = await rest(
      sim,
      'crm.stagehistory.list',
      { entityTypeId: 2, order: { ID: 'UP' } },
      { token },
    );
    expect(direction.json.error).toBe('INVALID_ARG_VALUE');
    const lead = await rest(
      sim,
      'crm.stagehistory.list',
      { entityTypeId: 1, filter: { STAGE_ID: 'NEW' } },
      { token },
    );
    expect(lead.json.error_description).toBe("Invalid filter: field 'STAGE_ID' is not allowed in filter");
  });
});
