import qs from 'qs';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, ISO_WITH_OFFSET, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * crm.item.add / update / get / list / delete (crm/universal/crm-item-*.md) and
 * crm.item.productrow.set / .list (crm/universal/product-rows/*.md) on a `.com` portal — the
 * English docs' examples are answers of one — with the catalog scope, so rows can name products.
 */

const cmd = (method: string, params: Record<string, unknown>) => `${method}?${qs.stringify(params)}`;

describe('Bitrix24 simulator: crm.item.* and product rows', () => {
  const b24 = setupBitrix24Simulator({
    region: 'com',
    app: { ...APP, scope: ['crm', 'placement', 'user_brief', 'catalog'] },
  });
  let token = '';
  let category = 0;
  let contactA = 0;
  let contactB = 0;
  let iphone14 = 0;
  let iphone10 = 0;
  beforeAll(async () => {
    const { sim } = b24;
    token = (await installFinished(sim)).token;
    category = sim.controls.addDealCategory('Services');
    contactA = await sim.controls.addContact({ NAME: 'John' });
    contactB = await sim.controls.addContact({ NAME: 'Jane' });
    await rest(
      sim,
      'crm.deal.userfield.add',
      { fields: { FIELD_NAME: 'UF_CRM_1721244707107', USER_TYPE_ID: 'double', LABEL: 'Rating' } },
      { token },
    );
    await rest(
      sim,
      'crm.deal.userfield.add',
      { fields: { FIELD_NAME: 'LIME_CHECK_ID', USER_TYPE_ID: 'string', LABEL: 'Check' } },
      { token },
    );
    const add = async (name: string) =>
      (await rest(sim, 'catalog.product.add', { fields: { iblockId: 23, name } }, { token })).json.result
        .element.id as number;
    iphone14 = await add('iphone 14');
    iphone10 = await add('iphone 10xs');
  });

  it('creates the docs example deal (crm-item-add.md) and answers {item} in camelCase, ufCrm… names, numbers', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'crm.item.add',
      {
        entityTypeId: 2,
        fields: {
          title: 'New deal (specifically for the REST methods example)',
          typeId: 'SERVICE',
          categoryId: category,
          stageId: `C${category}:PREPARATION`,
          isReccurring: 'Y', // sic (docs): no such field, ignored
          probability: 50,
          currencyId: 'USD',
          isManualOpportunity: 'Y',
          opportunity: 999.99,
          contactIds: [contactA, contactB],
          begindate: '2024-06-18',
          closedate: '2024-07-30',
          opened: 'N',
          comments: '[B]Bold text[/B]',
          assignedById: 2,
          sourceId: 'WEB',
          sourceDescription: 'There should be an additional description about the source here',
          additionalInfo: 'There should be additional information here',
          utmSource: 'google',
          utmMedium: 'CPC',
          ufCrm_1721244707107: 1111.1,
        },
      },
      { token },
    );
    expect(answer.json).toEqual({ result: { item: expect.any(Object) }, time: timeShape() });
    const item = answer.json.result.item;
    expect(item).toMatchObject({
      id: expect.any(Number),
      createdBy: 1,
      updatedBy: 1,
      assignedById: 2,
      opened: 'N',
      contactId: contactA,
      title: 'New deal (specifically for the REST methods example)',
      categoryId: category,
      stageId: `C${category}:PREPARATION`,
      stageSemanticId: 'P',
      closed: 'N',
      typeId: 'SERVICE',
      opportunity: 999.99,
      isManualOpportunity: 'Y',
      currencyId: 'USD',
      probability: 50,
      begindate: '2024-06-18T02:00:00+02:00',
      closedate: '2024-07-30T02:00:00+02:00',
      sourceId: 'WEB',
      originatorId: null,
      originId: null,
      ufCrm_1721244707107: 1111.1,
      ufCrmLimeCheckId: null,
      utmSource: 'google',
      utmMedium: 'CPC',
      utmCampaign: null,
      observers: [],
      contactIds: [contactA, contactB],
      entityTypeId: 2,
    });
    expect(item.createdTime).toMatch(ISO_WITH_OFFSET);
    expect(item).not.toHaveProperty('isReccurring');
  });

  it('takes UF_CRM_* names in fields whatever useOriginalUfNames says, and answers them as asked', async () => {
    const { sim } = b24;
    const made = await rest(
      sim,
      'crm.item.add',
      {
        entityTypeId: 2,
        useOriginalUfNames: 'Y',
        fields: {
          title: 'Check 777',
          UF_CRM_LIME_CHECK_ID: '777',
          originatorId: 'lime-bridge',
          originId: 'check:777',
        },
      },
      { token },
    );
    expect(made.json.result.item).toMatchObject({ UF_CRM_LIME_CHECK_ID: '777', originId: 'check:777' });
    expect(made.json.result.item).not.toHaveProperty('ufCrmLimeCheckId');
    const id = made.json.result.item.id;
    const camel = await rest(sim, 'crm.item.get', { entityTypeId: 2, id }, { token });
    expect(camel.json.result.item.ufCrmLimeCheckId).toBe('777');
    // An empty value clears the field (Item::processFields: empty() → null).
    await rest(sim, 'crm.item.update', { entityTypeId: 2, id, fields: { ufCrmLimeCheckId: '' } }, { token });
    expect(sim.state.deals.find((d) => d.id === id)?.uf.UF_CRM_LIME_CHECK_ID).toBeNull();
  });

  it('moves a deal to another pipeline (unlike crm.deal.update) and refuses a stage of another pipeline', async () => {
    const { sim } = b24;
    const id = (await rest(sim, 'crm.item.add', { entityTypeId: 2, fields: { title: 'Move me' } }, { token }))
      .json.result.item.id;
    const moved = await rest(
      sim,
      'crm.item.update',
      { entityTypeId: 2, id, fields: { categoryId: category } },
      { token },
    );
    expect(moved.json.result.item).toMatchObject({ categoryId: category, stageId: `C${category}:NEW` });
    const wrong = await rest(
      sim,
      'crm.item.update',
      { entityTypeId: 2, id, fields: { stageId: 'WON' } },
      { token },
    );
    expect([wrong.status, wrong.json]).toEqual([
      400,
      { error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'Invalid value for field "Stage"' },
    ]);
    // Item booleans: only true, 'true', 'y', 'Y' are yes — '1' is no.
    await rest(
      sim,
      'crm.item.update',
      { entityTypeId: 2, id, fields: { opened: '1' } },
      { token, mode: 'form' },
    );
    expect(sim.state.deals.find((d) => d.id === id)?.fields.OPENED).toBe('N');
  });

  it('answers NOT_FOUND for unknown ids, 100 for missing arguments, [] for delete', async () => {
    const { sim } = b24;
    // crm-item-get.md "Error Handling"
    expect((await rest(sim, 'crm.item.get', { entityTypeId: 2, id: 999999 }, { token })).json).toEqual({
      error: 'NOT_FOUND',
      error_description: 'Element not found',
    });
    expect(
      (await rest(sim, 'crm.item.update', { entityTypeId: 2, id: 999999, fields: {} }, { token })).json.error,
    ).toBe('NOT_FOUND');
    expect((await rest(sim, 'crm.item.add', { entityTypeId: 2 }, { token })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {fields}',
    });
    expect((await rest(sim, 'crm.item.get', { entityTypeId: 2, id: 'abc' }, { token })).json).toEqual({
      error: 100,
      error_description: 'Invalid value {abc} to match with parameter {id}. Should be value of type int.',
    });
    // crm-item-add.md "Error Handling": an unknown entityTypeId.
    expect((await rest(sim, 'crm.item.add', { entityTypeId: 1302, fields: {} }, { token })).json).toEqual({
      error: 'NOT_FOUND',
      error_description: 'Smart process not found',
    });
    const id = (await rest(sim, 'crm.item.add', { entityTypeId: 3, fields: { name: 'Temp' } }, { token }))
      .json.result.item.id;
    // crm-item-delete.md: {"result": []}
    expect((await rest(sim, 'crm.item.delete', { entityTypeId: 3, id }, { token })).json).toEqual({
      result: [],
      time: timeShape(),
    });
    expect((await rest(sim, 'crm.item.delete', { entityTypeId: 3, id }, { token })).json.error).toBe(
      'NOT_FOUND',
    );
  });

  it('lists with operator-prefixed camelCase filters (=originatorId, =originId, @id) and select', async () => {
    const { sim } = b24;
    const key = 'lime-check:42';
    const made = (
      await rest(
        sim,
        'crm.item.add',
        { entityTypeId: 2, fields: { title: 'Lime', originatorId: 'lime-bridge', originId: key } },
        { token },
      )
    ).json.result.item.id;
    const found = await rest(
      sim,
      'crm.item.list',
      { entityTypeId: 2, filter: { '=originatorId': 'lime-bridge', '=originId': key }, select: ['id'] },
      { token },
    );
    expect(found.json).toEqual({ result: { items: [{ id: made }] }, total: 1, time: timeShape() });
    const byIds = await rest(
      sim,
      'crm.item.list',
      { entityTypeId: 3, filter: { '@id': [contactA, contactB] }, select: ['id', 'NAME'] },
      { token },
    );
    expect(byIds.json.result.items).toEqual([
      { id: contactA, name: 'John' },
      { id: contactB, name: 'Jane' },
    ]);
  });

  it('replaces product rows (crm-item-productrow-set.md example) and answers every row with the docs field set', async () => {
    const { sim } = b24;
    const deal = (
      await rest(
        sim,
        'crm.item.add',
        { entityTypeId: 2, fields: { title: 'Phones', opportunity: 5 } },
        { token },
      )
    ).json.result.item.id;
    const answer = await rest(
      sim,
      'crm.item.productrow.set',
      {
        ownerType: 'D',
        ownerId: deal,
        productRows: [
          { productId: iphone14, price: 99999.99, quantity: 1, sort: 10 },
          { productId: iphone10, price: 15900, quantity: 2, sort: 10 },
        ],
      },
      { token },
    );
    const row = (id: number, productId: number, productName: string, price: number, quantity: number) => ({
      id,
      ownerId: deal,
      ownerType: 'D',
      productId,
      productName,
      price,
      priceAccount: price,
      priceExclusive: price,
      priceNetto: price,
      priceBrutto: price,
      quantity,
      discountTypeId: 2,
      discountRate: 0,
      discountSum: 0,
      taxRate: null,
      taxIncluded: 'N',
      taxName: 'No VAT',
      customized: 'Y',
      measureCode: 796,
      measureName: 'pcs',
      sort: 10,
      xmlId: '',
      type: 1,
      storeId: null,
    });
    const [first, second] = answer.json.result.productRows;
    expect(answer.json.result.productRows).toEqual([
      row(first.id, iphone14, 'iphone 14', 99999.99, 1),
      row(second.id, iphone10, 'iphone 10xs', 15900, 2),
    ]);
    // isManualOpportunity N (the default): the amount follows the rows.
    const item = (await rest(sim, 'crm.item.get', { entityTypeId: 2, id: deal }, { token })).json.result.item;
    expect(item.opportunity).toBe(131799.99);
    // crm-item-productrow-list.md: {"filter":{"=ownerType":"D","=ownerId":…,">id":…},"order":{"sort":"asc"},"start":0}
    const listed = await rest(
      sim,
      'crm.item.productrow.list',
      { filter: { '=ownerType': 'D', '=ownerId': deal, '>id': first.id }, order: { sort: 'asc' }, start: 0 },
      { token },
    );
    expect(listed.json).toEqual({ result: { productRows: [second] }, total: 1, time: timeShape() });
    // Keep the first row by its id, drop the second, add a free-text row.
    const replaced = await rest(
      sim,
      'crm.item.productrow.set',
      {
        ownerType: 'D',
        ownerId: deal,
        productRows: [
          {
            id: first.id,
            productId: iphone14,
            price: 90000,
            quantity: 3,
            discountRate: 10,
            taxRate: 10,
            taxIncluded: 'Y',
            sort: 10,
          },
          { productName: 'Delivery', price: 5550, sort: 20 },
        ],
      },
      { token },
    );
    const [kept, free] = replaced.json.result.productRows;
    expect(kept).toMatchObject({
      id: first.id,
      price: 90000,
      priceExclusive: 81818.18181818,
      priceNetto: 90909.09090909,
      priceBrutto: 100000,
      discountSum: 9090.90909091,
      taxName: 'VAT 10',
    });
    expect(free).toMatchObject({ productId: 0, productName: 'Delivery', quantity: 1, type: 1 });
    expect(sim.state.productRows.get(deal)?.map((r) => r.id)).toEqual([first.id, free.id]);
    // All rows removed: the automatic amount goes back to 0.
    await rest(sim, 'crm.item.productrow.set', { ownerType: 'D', ownerId: deal, productRows: [] }, { token });
    expect(
      (await rest(sim, 'crm.item.get', { entityTypeId: 2, id: deal }, { token })).json.result.item
        .opportunity,
    ).toBe(0);
  });

  it('keeps a manual amount (isManualOpportunity Y) whatever the rows say', async () => {
    const { sim } = b24;
    const deal = (
      await rest(
        sim,
        'crm.item.add',
        { entityTypeId: 2, fields: { title: 'Manual', opportunity: 1250.5, isManualOpportunity: 'Y' } },
        { token },
      )
    ).json.result.item.id;
    await rest(
      sim,
      'crm.item.productrow.set',
      { ownerType: 'D', ownerId: deal, productRows: [{ productName: 'Socks', price: 250.5, quantity: 1 }] },
      { token },
    );
    expect(
      (await rest(sim, 'crm.item.get', { entityTypeId: 2, id: deal }, { token })).json.result.item
        .opportunity,
    ).toBe(1250.5);
  });

  it('refuses unknown owners, owners without rows, unknown products (nothing saved) and a filter without its owner', async () => {
    const { sim } = b24;
    const deal = (await rest(sim, 'crm.item.add', { entityTypeId: 2, fields: { title: 'Rows' } }, { token }))
      .json.result.item.id;
    const set = (params: Record<string, unknown>) => rest(sim, 'crm.item.productrow.set', params, { token });
    // crm-item-productrow-set.md "Error Handling"
    expect((await set({ ownerType: 'D', ownerId: 999999, productRows: [] })).json).toEqual({
      error: 'OWNER_NOT_FOUND',
      error_description: 'Owner was not found',
    });
    expect((await set({ ownerType: 'C', ownerId: contactA, productRows: [] })).json.error).toBe(
      'ENTITY_TYPE_NOT_SUPPORTED',
    );
    await set({ ownerType: 'D', ownerId: deal, productRows: [{ productName: 'Kept', price: 1 }] });
    const bad = await set({
      ownerType: 'D',
      ownerId: deal,
      productRows: [
        { productName: 'New', price: 2 },
        { productId: 999999, price: 3 },
      ],
    });
    expect([bad.status, bad.json.error]).toEqual([400, 'INVALID_ARG_VALUE']);
    expect(sim.state.productRows.get(deal)?.map((r) => r.productName)).toEqual(['Kept']);
    expect((await set({ ownerType: 'D', ownerId: deal })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {productRows}',
    });
    const list = (filter: Record<string, unknown>) =>
      rest(sim, 'crm.item.productrow.list', { filter }, { token });
    expect((await list({ '=ownerType': 'D' })).json.error).toBe('REQUIRED_ARG_MISSING');
    // crm-item-productrow-list.md: a missing owner is ACCESS_DENIED, not "not found".
    expect((await list({ '=ownerType': 'D', '=ownerId': 999999 })).json).toEqual({
      error: 'ACCESS_DENIED',
      error_description: 'Access denied',
    });
    expect((await list({ '=ownerType': 'D', '=ownerId': deal, '>id': [1, 2] })).json.error).toBe(
      'INVALID_ARG_VALUE',
    );
  });

  it('runs the adapter getDeal batch (qs-encoded crm.item.get + crm.item.productrow.list)', async () => {
    const { sim } = b24;
    const deal = (
      await rest(
        sim,
        'crm.item.add',
        { entityTypeId: 2, fields: { title: 'Batch', contactIds: [contactB] } },
        { token },
      )
    ).json.result.item.id;
    await rest(
      sim,
      'crm.item.productrow.set',
      {
        ownerType: 'D',
        ownerId: deal,
        productRows: [{ productId: iphone14, productName: 'Phone', price: 10, quantity: 2 }],
      },
      { token },
    );
    const answer = await rest(
      sim,
      'batch',
      {
        halt: 0,
        cmd: {
          deal: cmd('crm.item.get', { entityTypeId: 2, id: String(deal) }),
          rows: cmd('crm.item.productrow.list', { filter: { '=ownerType': 'D', '=ownerId': String(deal) } }),
          missing: cmd('crm.item.get', { entityTypeId: 2, id: '999999' }),
        },
      },
      { token },
    );
    const { result, result_error: errors, result_total: totals } = answer.json.result;
    expect(result.deal.item).toMatchObject({ id: deal, contactIds: [contactB], opportunity: 20 });
    expect(result.rows.productRows).toEqual([
      expect.objectContaining({ productId: iphone14, productName: 'Phone' }),
    ]);
    expect(totals).toEqual({ rows: 1 });
    expect(errors).toEqual({ missing: { error: 'NOT_FOUND', error_description: 'Element not found' } });
  });
});
