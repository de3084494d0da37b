import qs from 'qs';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * catalog.catalog.list, catalog.priceType.list, catalog.product.* and catalog.price.*
 * (api-reference/catalog/**), replaying the docs' requests. Catalog errors carry a NUMERIC `error`
 * (reference "Sharpened…"); the app needs the `catalog` scope, which our registration lacks.
 */

const cmd = (method: string, params: Record<string, unknown>) => `${method}?${qs.stringify(params)}`;

describe('Bitrix24 simulator: catalog.*', () => {
  const b24 = setupBitrix24Simulator({
    region: 'com',
    app: { ...APP, scope: ['crm', 'placement', 'user_brief', 'catalog'] },
  });
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('lists the CRM catalog and its catalog of offers (catalog-catalog-list.md), alphabetical keys, total', async () => {
    const { sim } = b24;
    const select = [
      'iblockId',
      'iblockTypeId',
      'id',
      'lid',
      'name',
      'productIblockId',
      'skuPropertyId',
      'subscription',
      'vatId',
    ];
    const answer = await rest(
      sim,
      'catalog.catalog.list',
      { select, filter: { '>id': 10 }, order: { id: 'desc' } },
      { token },
    );
    expect(answer.json).toEqual({
      result: {
        catalogs: [
          {
            iblockId: 24,
            iblockTypeId: 0,
            id: 24,
            lid: 's1',
            name: 'Product Catalog CRM (offers)',
            productIblockId: 23,
            skuPropertyId: 97,
            subscription: 'N',
            vatId: null,
          },
          {
            iblockId: 23,
            iblockTypeId: 0,
            id: 23,
            lid: 's1',
            name: 'Product Catalog CRM',
            productIblockId: null,
            skuPropertyId: null,
            subscription: 'N',
            vatId: null,
          },
        ],
      },
      total: 2,
      time: timeShape(),
    });
    expect(Object.keys(answer.json.result.catalogs[0])).toEqual(select);
    const narrow = await rest(
      sim,
      'catalog.catalog.list',
      { select: ['productIblockId', 'iblockId'] },
      { token },
    );
    expect(narrow.json.result.catalogs).toEqual([
      { iblockId: 23, productIblockId: null },
      { iblockId: 24, productIblockId: 23 },
    ]);
  });

  it('has one base price type (catalog-price-type-list.md example: select id, name, xmlId)', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'catalog.priceType.list',
      { select: ['id', 'name', 'xmlId'], filter: { modifiedBy: 1 }, order: { id: 'ASC' } },
      { token },
    );
    expect(answer.json).toEqual({
      result: { priceTypes: [{ id: 1, name: 'BASE', xmlId: 'BASE' }] },
      total: 1,
      time: timeShape(),
    });
    const base = await rest(sim, 'catalog.priceType.list', { select: ['id', 'base'] }, { token });
    expect(base.json.result.priceTypes).toEqual([{ base: 'Y', id: 1 }]);
  });

  it('adds a product (catalog-product-add.md) and answers {element}: defaults, xmlId = id when empty', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'catalog.product.add',
      {
        fields: {
          iblockId: 23,
          name: 'Product',
          active: 'Y',
          canBuyZero: 'Y',
          code: 'Product',
          createdBy: 1,
          dateActiveFrom: '2024-05-28T10:00:00',
          detailText: '',
          detailTextType: 'text',
          height: 100,
          measure: 5,
          purchasingCurrency: 'USD',
          purchasingPrice: 1000,
          quantity: 10,
          quantityTrace: 'Y',
          sort: 100,
          subscribe: 'Y',
          vatIncluded: 'Y',
          weight: 100,
          xmlId: '',
        },
      },
      { token },
    );
    const element = answer.json.result.element;
    expect(element).toMatchObject({
      active: 'Y',
      available: 'Y',
      bundle: 'N',
      canBuyZero: 'Y',
      code: 'Product',
      createdBy: 1,
      dateActiveFrom: '2024-05-28T10:00:00+02:00',
      detailTextType: 'text',
      height: 100,
      iblockId: 23,
      measure: 5,
      name: 'Product',
      purchasingCurrency: 'USD',
      purchasingPrice: 1000,
      quantity: 10,
      quantityTrace: 'Y',
      sort: 100,
      subscribe: 'Y',
      type: 1,
      vatIncluded: 'Y',
      weight: 100,
      xmlId: String(element.id),
    });
    expect(Object.keys(element)).toEqual([...Object.keys(element)].sort());
    const got = await rest(sim, 'catalog.product.get', { id: element.id }, { token });
    expect(got.json.result.product).toEqual(element);
  });

  it('finds products by xmlId in a batch and updates them in place (what the adapter does)', async () => {
    const { sim } = b24;
    const added = await rest(
      sim,
      'batch',
      {
        halt: 0,
        cmd: {
          w0: cmd('catalog.product.add', {
            fields: { name: 'Ticket', active: 'Y', iblockId: 23, xmlId: 'good-1' },
          }),
          w1: cmd('catalog.product.add', {
            fields: { name: 'Socks', active: 'Y', iblockId: 23, xmlId: 'good-2' },
          }),
        },
      },
      { token },
    );
    const id = added.json.result.result.w0.element.id;
    const found = await rest(
      sim,
      'batch',
      {
        halt: 0,
        cmd: {
          p0: cmd('catalog.product.list', {
            select: ['id', 'iblockId', 'xmlId'],
            filter: { iblockId: 23, xmlId: ['good-1', 'good-3'] },
          }),
        },
      },
      { token },
    );
    expect(found.json.result.result.p0).toEqual({ products: [{ id, iblockId: 23, xmlId: 'good-1' }] });
    expect(found.json.result.result_total).toEqual({ p0: 1 });
    const updated = await rest(
      sim,
      'catalog.product.update',
      { id, fields: { name: 'Ticket (weekdays)', active: 'N' } },
      { token },
    );
    expect(updated.json.result.element).toMatchObject({
      id,
      name: 'Ticket (weekdays)',
      active: 'N',
      xmlId: 'good-1',
    });
  });

  it('answers numeric error codes (and an empty one for a missing product); a code 0 does not halt a batch', async () => {
    const { sim } = b24;
    const list = (params: Record<string, unknown>) => rest(sim, 'catalog.product.list', params, { token });
    // catalog-product-list.md "Possible Error Codes"
    expect((await list({ select: ['id'], filter: { iblockId: 23 } })).json).toEqual({
      error: 0,
      error_description: 'Required select fields: iblockId',
    });
    expect((await list({ select: ['id', 'iblockId'] })).json).toEqual({
      error: 0,
      error_description: 'Required filter fields: iblockId',
    });
    expect((await list({ select: ['id', 'iblockId'], filter: { iblockId: 99 } })).json).toEqual({
      error: 200040300000,
      error_description: 'Iblock Not Found',
    });
    // catalog-product-get.md: "Empty code | product does not exist."
    expect((await rest(sim, 'catalog.product.get', { id: 999999 }, { token })).json).toEqual({
      error: '',
      error_description: 'product does not exist.',
    });
    expect((await rest(sim, 'catalog.product.get', {}, { token })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {id}',
    });
    expect((await rest(sim, 'catalog.product.add', { fields: { iblockId: 23 } }, { token })).json).toEqual({
      error: 0,
      error_description: 'Required fields: name',
    });
    const batch = await rest(
      sim,
      'batch',
      {
        halt: 1,
        cmd: {
          bad: cmd('catalog.product.add', { fields: { iblockId: 23 } }),
          after: cmd('catalog.catalog.list', { select: ['id'] }),
        },
      },
      { token },
    );
    expect(batch.json.result.result_error).toEqual({
      bad: { error: 0, error_description: 'Required fields: name' },
    });
    expect(batch.json.result.result.after).toEqual({ catalogs: [{ id: 23 }, { id: 24 }] });
  });

  it('adds, lists and updates prices (catalog-price-add.md, catalog-price-list.md examples)', async () => {
    const { sim } = b24;
    const product = (
      await rest(sim, 'catalog.product.add', { fields: { iblockId: 23, name: 'Priced' } }, { token })
    ).json.result.element.id;
    // catalog-price-add.md: {"fields":{"catalogGroupId":1,"currency":"USD","price":2000,"productId":1}}
    const added = await rest(
      sim,
      'catalog.price.add',
      { fields: { catalogGroupId: 1, currency: 'USD', price: 2000, productId: product } },
      { token },
    );
    expect(added.json.result.price).toEqual({
      catalogGroupId: 1,
      currency: 'USD',
      extraId: null,
      id: expect.any(Number),
      price: 2000,
      productId: product,
      quantityFrom: null,
      quantityTo: null,
      timestampX: expect.stringMatching(/\+0[12]:00$/),
    });
    const again = await rest(
      sim,
      'catalog.price.add',
      { fields: { catalogGroupId: 1, currency: 'USD', price: 10, productId: product } },
      { token },
    );
    expect(again.json).toEqual({
      error: 0,
      error_description:
        'Validate price error. Catalog product is allowed has only single price without ranges in price group',
    });
    expect(
      (
        await rest(
          sim,
          'catalog.price.add',
          { fields: { catalogGroupId: 7, currency: 'USD', price: 1, productId: product } },
          { token },
        )
      ).json.error_description,
    ).toBe('Validate price error. Catalog price group is wrong');
    expect(
      (await rest(sim, 'catalog.price.add', { fields: { productId: product } }, { token })).json,
    ).toEqual({
      error: 0,
      error_description: 'Required fields: catalogGroupId, price, currency',
    });
    // catalog-price-list.md: select id, productId, catalogGroupId, price, currency; filter productId.
    const listed = await rest(
      sim,
      'catalog.price.list',
      {
        select: ['id', 'productId', 'catalogGroupId', 'price', 'currency'],
        filter: { productId: [product, 999] },
        order: { id: 'ASC' },
      },
      { token },
    );
    expect(listed.json).toEqual({
      result: {
        prices: [
          {
            catalogGroupId: 1,
            currency: 'USD',
            id: added.json.result.price.id,
            price: 2000,
            productId: product,
          },
        ],
      },
      total: 1,
      time: timeShape(),
    });
    const updated = await rest(
      sim,
      'catalog.price.update',
      {
        id: added.json.result.price.id,
        fields: { productId: product, catalogGroupId: 1, price: 800, currency: 'RUB' },
      },
      { token },
    );
    expect(updated.json.result.price).toMatchObject({ price: 800, currency: 'RUB' });
  });
});

describe('Bitrix24 simulator: catalog.* without the catalog scope', () => {
  const b24 = setupBitrix24Simulator();

  it('is insufficient_scope for an app registered with crm, placement, user_brief (docs/bitrix24.md)', async () => {
    const { sim } = b24;
    const { token } = await installFinished(sim);
    const answer = await rest(sim, 'catalog.catalog.list', {}, { token });
    expect([answer.status, answer.json.error]).toEqual([401, 'insufficient_scope']);
    const batch = await rest(sim, 'batch', { cmd: { catalogs: 'catalog.catalog.list' } }, { token });
    expect(batch.json.result.result_error).toEqual({
      catalogs: { error: 'insufficient_scope', error_description: '' },
    });
  });
});
