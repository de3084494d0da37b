import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * The calls behind a manager's contact search and a booking's main contact: crm.deal.contact.items.set
 * / .items.delete (their docs' examples, with this portal's ids for 1875, 55, 54, 56) and
 * crm.contact.list's LIKE filters (crm-contact-list.md).
 */

describe('Bitrix24 simulator: crm.deal.contact.items.*', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let deal = 0;
  let c55 = 0;
  let c54 = 0;
  let c56 = 0;
  const contactsOf = async (id: number) =>
    (await rest(b24.sim, 'crm.item.get', { entityTypeId: 2, id }, { token })).json.result.item;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    c55 = await b24.sim.controls.addContact({ NAME: 'Пятьдесят пять' });
    c54 = await b24.sim.controls.addContact({ NAME: 'Пятьдесят четыре' });
    c56 = await b24.sim.controls.addContact({ NAME: 'Пятьдесят шесть' });
    deal = await b24.sim.controls.addDeal({ TITLE: 'Бронь', CONTACT_IDS: [c56] });
  });

  it('sets the docs example set: 55 primary, then 54 and 56 by SORT; answers true', async () => {
    const answer = await rest(
      b24.sim,
      'crm.deal.contact.items.set',
      {
        id: deal,
        items: [
          { CONTACT_ID: c55, IS_PRIMARY: 'Y', SORT: 100 },
          { CONTACT_ID: c54, SORT: 200 },
          { CONTACT_ID: c56, SORT: 400 },
        ],
      },
      { token },
    );
    expect(answer.json).toEqual({ result: true, time: timeShape() });
    expect(await contactsOf(deal)).toMatchObject({ contactIds: [c55, c54, c56], contactId: c55 });
    const classic = await rest(b24.sim, 'crm.deal.get', { id: deal }, { token });
    expect(classic.json.result.CONTACT_ID).toBe(String(c55));
  });

  it('makes the first binding primary when none says Y, and the first Y when several do; SORT orders the rest', async () => {
    await rest(
      b24.sim,
      'crm.deal.contact.items.set',
      { id: deal, items: [{ CONTACT_ID: c56 }, { CONTACT_ID: c55 }] },
      { token },
    );
    expect((await contactsOf(deal)).contactIds).toEqual([c56, c55]);
    await rest(
      b24.sim,
      'crm.deal.contact.items.set',
      {
        id: deal,
        items: [
          { CONTACT_ID: c55, SORT: 300 },
          { CONTACT_ID: c54, IS_PRIMARY: 'Y', SORT: 900 },
          { CONTACT_ID: c56, IS_PRIMARY: 'Y', SORT: 100 },
        ],
      },
      { token },
    );
    expect((await contactsOf(deal)).contactIds).toEqual([c54, c56, c55]);
  });

  it('is sent in the classic form too (what a batch command carries)', async () => {
    const answer = await rest(
      b24.sim,
      'crm.deal.contact.items.set',
      { id: String(deal), items: [{ CONTACT_ID: String(c56), IS_PRIMARY: 'Y', SORT: '10' }] },
      { token, mode: 'form' },
    );
    expect(answer.json.result).toBe(true);
    expect((await contactsOf(deal)).contactIds).toEqual([c56]);
  });

  it('refuses with an empty code what the docs list, ERROR_CORE for a binding without a contact', async () => {
    const call = (params: Record<string, unknown>) =>
      rest(b24.sim, 'crm.deal.contact.items.set', params, { token });
    expect((await call({ items: [{ CONTACT_ID: c55 }] })).json).toEqual({
      error: '',
      error_description: 'The parameter ownerEntityID is invalid or not defined.',
    });
    expect((await call({ id: deal, items: 'c55' })).json).toEqual({
      error: '',
      error_description: 'The parameter items must be array.',
    });
    const missing = await call({ id: 999_999, items: [{ CONTACT_ID: c55 }] });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error: '', error_description: 'Not found.' });
    expect((await call({ id: deal, items: [{ CONTACT_ID: 0 }] })).json.error).toBe('ERROR_CORE');
    expect((await contactsOf(deal)).contactIds).toEqual([c56]);
  });

  it('deletes every binding (docs example); an unknown deal is "Not found"', async () => {
    const answer = await rest(b24.sim, 'crm.deal.contact.items.delete', { id: deal }, { token });
    expect(answer.json).toEqual({ result: true, time: timeShape() });
    expect(await contactsOf(deal)).toMatchObject({ contactIds: [], contactId: null });
    const missing = await rest(b24.sim, 'crm.deal.contact.items.delete', { id: 999_999 }, { token });
    expect(missing.json).toEqual({ error: '', error_description: 'Not found' });
  });
});

describe('Bitrix24 simulator: crm.contact.list LIKE filters', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });
  const ids = async (filter: Record<string, unknown>) =>
    (await rest(b24.sim, 'crm.contact.list', { filter, select: ['ID'] }, { token })).json.result.map(
      (c: { ID: string }) => Number(c.ID),
    );

  it('replays the crm-contact-list.md request: every key is ANDed, =% takes the caller’s wildcards, IMPORT names no field', async () => {
    const { controls } = b24.sim;
    const email = (value: string) => [{ VALUE: value, VALUE_TYPE: 'WORK' }];
    const docs = { SOURCE_ID: 'CRM_FORM', EMAIL: email('special-for@example.com') };
    // The docs' answer lists contacts whose names the filter as written (both names "I%") leaves
    // out; the portal ANDs filter keys, and so does the simulator.
    await controls.addContact({ NAME: 'Anastasia', LAST_NAME: 'Ilyina', ASSIGNED_BY_ID: 6, ...docs });
    await controls.addContact({ NAME: 'Ivan', LAST_NAME: 'Petrov', ASSIGNED_BY_ID: 1, ...docs });
    const ilya = await controls.addContact({ NAME: 'Ilya', LAST_NAME: 'Ivanov', ASSIGNED_BY_ID: 1, ...docs });
    const inga = await controls.addContact({ NAME: 'inga', LAST_NAME: 'isaeva', ASSIGNED_BY_ID: 6, ...docs });
    await controls.addContact({ NAME: 'Igor', LAST_NAME: 'Ivin', ASSIGNED_BY_ID: 2, ...docs });
    await controls.addContact({ NAME: 'Irina', LAST_NAME: 'Ilina', ASSIGNED_BY_ID: 1, SOURCE_ID: 'CALL' });
    const sixMonthAgo = new Date(Date.now() - 183 * 86_400_000).toISOString();
    const answer = await rest(
      b24.sim,
      'crm.contact.list',
      {
        FILTER: {
          SOURCE_ID: 'CRM_FORM',
          '!=NAME': '',
          '!=LAST_NAME': '',
          '=%NAME': 'I%',
          '=%LAST_NAME': 'I%',
          EMAIL: 'special-for@example.com',
          '@ASSIGNED_BY_ID': [1, 6],
          IMPORT: 'Y',
          '>=DATE_CREATE': sixMonthAgo,
        },
        ORDER: { LAST_NAME: 'ASC', NAME: 'ASC' },
        SELECT: ['ID', 'NAME', 'LAST_NAME', 'EMAIL', 'EXPORT', 'ASSIGNED_BY_ID', 'DATE_CREATE'],
      },
      { token },
    );
    expect(answer.json.total).toBe(2);
    expect(answer.json.result.map((c: { ID: string }) => c.ID)).toEqual([String(inga), String(ilya)]);
    expect(answer.json.result[1]).toEqual({
      ID: String(ilya),
      NAME: 'Ilya',
      LAST_NAME: 'Ivanov',
      EXPORT: 'Y',
      ASSIGNED_BY_ID: '1',
      DATE_CREATE: expect.any(String),
      EMAIL: [
        { ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: 'special-for@example.com', TYPE_ID: 'EMAIL' },
      ],
    });
  });

  it('% finds a substring anywhere, =% and %= only where the pattern says, _ is one character', async () => {
    const id = await b24.sim.controls.addContact({ NAME: 'Мария', LAST_NAME: 'Подпоискова' });
    expect(await ids({ '%LAST_NAME': 'ПОИСК' })).toEqual([id]);
    expect(await ids({ '=%LAST_NAME': 'поиск' })).toEqual([]);
    expect(await ids({ '=%LAST_NAME': '%поиск%' })).toEqual([id]);
    expect(await ids({ '%=LAST_NAME': 'Под%' })).toEqual([id]);
    expect(await ids({ '=%NAME': 'Мар_я' })).toEqual([id]);
    expect(await ids({ '!%LAST_NAME': 'поиск', '%NAME': 'мария' })).toEqual([]);
  });

  it('matches multifields exactly whatever the operator; `logic` is not supported and names nothing', async () => {
    const id = await b24.sim.controls.addContact({
      NAME: 'Телефонная',
      PHONE: [{ VALUE: '+79997654321', VALUE_TYPE: 'MOBILE' }],
    });
    expect(await ids({ '%PHONE': '7654321' })).toEqual([]);
    expect(await ids({ '%PHONE': '+79997654321' })).toEqual([id]);
    expect(await ids({ PHONE: '+79997654321' })).toEqual([id]);
    const both = await ids({ logic: 'OR', '%NAME': 'Телефон', '%LAST_NAME': 'нет такой' });
    expect(both).toEqual([]);
  });
});
