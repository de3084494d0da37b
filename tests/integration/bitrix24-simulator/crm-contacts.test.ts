import { beforeAll, describe, expect, it } from 'vitest';
import { ISO_WITH_OFFSET, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/** crm-contact-add.md, cURL (OAuth) — sent as is, upper-case FIELDS included. */
const DOC_CONTACT = {
  FIELDS: {
    HONORIFIC: 'HNR_RU_1',
    NAME: 'John',
    SECOND_NAME: 'Doe',
    LAST_NAME: 'Smith',
    PHOTO: { fileData: '**put_photo_data_here**' },
    BIRTHDATE: '11.11.2001',
    TYPE_ID: 'PARTNER',
    SOURCE_ID: 'WEB',
    SOURCE_DESCRIPTION: '*Additional information about the source*',
    POST: 'Administrator',
    COMMENTS: '**put_comment_here**',
    OPENED: 'Y',
    EXPORT: 'N',
    ASSIGNED_BY_ID: 6,
    COMPANY_ID: 12,
    COMPANY_IDS: [12, 13, 15],
    UTM_SOURCE: 'google',
    UTM_MEDIUM: 'CPC',
    UTM_CAMPAIGN: 'summer_sale',
    UTM_CONTENT: 'header_banner',
    UTM_TERM: 'discount',
    PHONE: [
      { VALUE: '+1333333555', VALUE_TYPE: 'WORK' },
      { VALUE: '+15599888666', VALUE_TYPE: 'HOME' },
    ],
    EMAIL: [
      { VALUE: 'john.smith@example.mailing', VALUE_TYPE: 'MAILING' },
      { VALUE: 'john.smith@example.work', VALUE_TYPE: 'WORK' },
    ],
    UF_CRM_1720697698689: 'Example value of a custom field with type "String"',
    PARENT_ID_1224: 12,
  },
};

describe('Bitrix24 simulator: crm.contact.*', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let docId = 0;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    const uf = await rest(
      b24.sim,
      'crm.contact.userfield.add',
      { fields: { USER_TYPE_ID: 'string', FIELD_NAME: '1720697698689', LABEL: 'Doc field' } },
      { token },
    );
    expect(uf.json.result).toEqual(expect.any(Number));
  });

  it('adds the crm-contact-add.md example and answers `{"result": <id>}`', async () => {
    const answer = await rest(b24.sim, 'crm.contact.add', DOC_CONTACT, { token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ result: expect.any(Number), time: timeShape() });
    docId = answer.json.result;
  });

  it('reads it back in the crm-contact-get.md shape: strings, shifted BIRTHDATE, multifields with IDs', async () => {
    const answer = await rest(b24.sim, 'crm.contact.get', { id: docId }, { token });
    const got = answer.json.result;
    expect(Object.keys(got)).toEqual([
      'ID',
      'POST',
      'COMMENTS',
      'HONORIFIC',
      'NAME',
      'SECOND_NAME',
      'LAST_NAME',
      'PHOTO',
      'LEAD_ID',
      'TYPE_ID',
      'SOURCE_ID',
      'SOURCE_DESCRIPTION',
      'COMPANY_ID',
      'BIRTHDATE',
      'EXPORT',
      'HAS_PHONE',
      'HAS_EMAIL',
      'HAS_IMOL',
      'DATE_CREATE',
      'DATE_MODIFY',
      'ASSIGNED_BY_ID',
      'CREATED_BY_ID',
      'MODIFY_BY_ID',
      'OPENED',
      'ORIGINATOR_ID',
      'ORIGIN_ID',
      'ORIGIN_VERSION',
      'FACE_ID',
      'LAST_ACTIVITY_TIME',
      'ADDRESS',
      'ADDRESS_2',
      'ADDRESS_CITY',
      'ADDRESS_POSTAL_CODE',
      'ADDRESS_REGION',
      'ADDRESS_PROVINCE',
      'ADDRESS_COUNTRY',
      'ADDRESS_LOC_ADDR_ID',
      'UTM_SOURCE',
      'UTM_MEDIUM',
      'UTM_CAMPAIGN',
      'UTM_CONTENT',
      'UTM_TERM',
      'LAST_ACTIVITY_BY',
      'UF_CRM_1720697698689',
      'PHONE',
      'EMAIL',
    ]);
    expect(got).toMatchObject({
      ID: String(docId),
      HONORIFIC: 'HNR_RU_1',
      NAME: 'John',
      PHOTO: null,
      LEAD_ID: null,
      TYPE_ID: 'PARTNER',
      COMPANY_ID: '12',
      BIRTHDATE: '2001-11-11T03:00:00+03:00',
      EXPORT: 'N',
      HAS_PHONE: 'Y',
      HAS_EMAIL: 'Y',
      HAS_IMOL: 'N',
      ASSIGNED_BY_ID: '6',
      CREATED_BY_ID: '1',
      UF_CRM_1720697698689: 'Example value of a custom field with type "String"',
    });
    expect(got.DATE_CREATE).toMatch(ISO_WITH_OFFSET);
    expect(got.PHONE).toEqual([
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: '+1333333555', TYPE_ID: 'PHONE' },
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'HOME', VALUE: '+15599888666', TYPE_ID: 'PHONE' },
    ]);
    expect(got.EMAIL.map((e: { VALUE_TYPE: string }) => e.VALUE_TYPE)).toEqual(['MAILING', 'WORK']);
    expect(got).not.toHaveProperty('WEB');
  });

  it('applies the multifield rules of crm-contact-update.md: change by ID, delete three ways, add without ID', async () => {
    const { sim } = b24;
    const id = (
      await rest(
        sim,
        'crm.contact.add',
        {
          fields: {
            NAME: 'Phones',
            PHONE: ['111111', '222222', '333333', '44444'].map((VALUE) => ({ VALUE, VALUE_TYPE: 'WORK' })),
          },
        },
        { token },
      )
    ).json.result;
    const phones = async () =>
      (await rest(sim, 'crm.contact.get', { id }, { token })).json.result.PHONE ?? [];
    const [p1, p2, p3, p4] = (await phones()).map((p: { ID: string }) => Number(p.ID));
    await rest(
      sim,
      'crm.contact.update',
      { id, fields: { PHONE: [{ ID: p2, VALUE: '444444', VALUE_TYPE: 'MOBILE' }] } },
      { token },
    );
    expect((await phones()).find((p: { ID: string }) => Number(p.ID) === p2)).toMatchObject({
      VALUE: '444444',
      VALUE_TYPE: 'MOBILE',
    });
    await rest(
      sim,
      'crm.contact.update',
      { id, fields: { PHONE: [{ ID: p1, DELETE: 'Y' }, { ID: p2, VALUE: '' }, { ID: p3 }] } },
      { token },
    );
    expect(await phones()).toEqual([
      { ID: String(p4), VALUE_TYPE: 'WORK', VALUE: '44444', TYPE_ID: 'PHONE' },
    ]);
    await rest(
      sim,
      'crm.contact.update',
      { id, fields: { PHONE: [{ VALUE: '55555', VALUE_TYPE: 'WORK' }] } },
      { token },
    );
    expect((await phones()).map((p: { VALUE: string }) => p.VALUE)).toEqual(['44444', '55555']);
  });

  it('answers errors with an empty code, as the contact docs show', async () => {
    const { sim } = b24;
    const invalid = await rest(sim, 'crm.contact.get', { id: 0 }, { token });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
    expect((await rest(sim, 'crm.contact.get', { id: 99999 }, { token })).json).toEqual({
      error: '',
      error_description: 'Not found',
    });
    expect(
      (await rest(sim, 'crm.contact.update', { id: 99999, fields: { NAME: 'x' } }, { token })).json,
    ).toEqual({
      error: '',
      error_description: 'Contact is not found',
    });
    expect((await rest(sim, 'crm.contact.add', { fields: 'NAME=x' }, { token })).json).toEqual({
      error: '',
      error_description: "Parameter 'fields' must be array.",
    });
    const email = await rest(
      sim,
      'crm.contact.add',
      { fields: { NAME: 'x', EMAIL: [{ VALUE: 'not-an-address', VALUE_TYPE: 'WORK' }] } },
      { token },
    );
    expect(email.json).toEqual({
      error: 'ERROR_CORE',
      error_description: 'The field "Work e-mail" contains an invalid address.',
    });
    expect((await rest(sim, 'crm.contact.delete', { id: 99999 }, { token })).json.error).toBe('ERROR_CORE');
  });

  it('pages lists by 50 with next/total, rounds start down to a page, repeats the last page past the end', async () => {
    const { sim } = b24;
    for (let i = 0; i < 118; i++) await sim.controls.addContact({ NAME: `Гость ${i}`, LAST_NAME: 'Список' });
    const page = (start: number) =>
      rest(
        sim,
        'crm.contact.list',
        { filter: { LAST_NAME: 'Список' }, order: { ID: 'ASC' }, select: ['ID'], start },
        { token },
      );
    const first = await page(0);
    expect(first.json).toMatchObject({ next: 50, total: 118 });
    expect(first.json.result).toHaveLength(50);
    expect(Object.keys(first.json.result[0])).toEqual(['ID']);
    const third = await page(100);
    expect(third.json.result).toHaveLength(18);
    expect(third.json).not.toHaveProperty('next');
    expect((await page(75)).json.result).toEqual((await page(50)).json.result);
    expect((await page(500)).json.result).toEqual(third.json.result);
    const fast = await rest(
      sim,
      'crm.contact.list',
      {
        filter: { LAST_NAME: 'Список', '>ID': Number(first.json.result[49].ID) },
        order: { ID: 'ASC' },
        select: ['ID'],
        start: -1,
      },
      { token },
    );
    expect(fast.json.result[0].ID).toBe((await page(50)).json.result[0].ID);
    expect(fast.json).not.toHaveProperty('total');
    expect(fast.json).not.toHaveProperty('next');
  });

  it('filters exactly on multifields, by substring with %, ignores unknown filter keys, names multifields in select', async () => {
    const { sim } = b24;
    const id = await sim.controls.addContact({
      NAME: 'Мария',
      LAST_NAME: 'Фильтрова',
      PHONE: [{ VALUE: '+79991234567', VALUE_TYPE: 'MOBILE' }],
      EMAIL: [{ VALUE: 'maria@example.ru', VALUE_TYPE: 'HOME' }],
    });
    const list = (filter: Record<string, unknown>, select = ['ID', 'NAME', 'PHONE']) =>
      rest(sim, 'crm.contact.list', { filter, select }, { token });
    expect((await list({ PHONE: '+79991234567' })).json.result).toEqual([
      {
        ID: String(id),
        NAME: 'Мария',
        PHONE: [expect.objectContaining({ VALUE: '+79991234567', VALUE_TYPE: 'MOBILE' })],
      },
    ]);
    expect((await list({ PHONE: '79991234567' })).json.result).toEqual([]);
    expect((await list({ EMAIL: 'MARIA@example.ru' })).json.result).toHaveLength(1);
    expect((await list({ '%LAST_NAME': 'фильтр' })).json.result.map((r: { ID: string }) => r.ID)).toEqual([
      String(id),
    ]);
    const everything = await list({ LASTNAME: 'typo' }, ['ID']);
    expect(everything.json.total).toBe(sim.state.contacts.length);
    const noMulti = await rest(sim, 'crm.contact.list', { filter: { ID: id } }, { token });
    expect(noMulti.json.result[0]).not.toHaveProperty('PHONE');
    expect(noMulti.json.result[0]).toHaveProperty('UF_CRM_1720697698689', null);
  });

  it('deletes (result true) and then the contact is gone', async () => {
    const { sim } = b24;
    const deleted = await rest(sim, 'crm.contact.delete', { id: docId }, { token });
    expect(deleted.json).toEqual({ result: true, time: timeShape() });
    expect((await rest(sim, 'crm.contact.get', { id: docId }, { token })).json.error_description).toBe(
      'Not found',
    );
  });
});
