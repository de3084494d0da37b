import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ISO_WITH_OFFSET,
  installFinished,
  rest,
  setupBitrix24Simulator,
  startReceiver,
  timeShape,
} from './support';

/**
 * crm.lead.add / crm.lead.get / crm.lead.list (api-reference/crm/leads/crm-lead-add.md,
 * crm-lead-get.md, crm-lead-list.md), replaying the docs' requests. Finding leads by our key and
 * through crm.duplicate.findbycomm: crm-lead-lookups.test.ts.
 */

/** crm-lead-add.md, cURL (Webhook) — the body as the docs send it. */
const DOC_LEAD = {
  fields: {
    TITLE: 'LLC Titov',
    NAME: 'Gleb',
    SECOND_NAME: 'Yegorovich',
    LAST_NAME: 'Titov',
    STATUS_ID: 'NEW',
    OPENED: 'Y',
    ASSIGNED_BY_ID: 1,
    CURRENCY_ID: 'USD',
    OPPORTUNITY: 12500,
    PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }],
    WEB: [{ VALUE: 'www.mysite.com', VALUE_TYPE: 'WORK' }],
  },
  params: { REGISTER_SONET_EVENT: 'Y' },
};

/** crm-lead-get.md "Type lead", in the order of its answer. */
const LEAD_KEYS = [
  'ID',
  'TITLE',
  'HONORIFIC',
  'NAME',
  'SECOND_NAME',
  'LAST_NAME',
  'COMPANY_TITLE',
  'COMPANY_ID',
  'CONTACT_ID',
  'IS_RETURN_CUSTOMER',
  'BIRTHDATE',
  'SOURCE_ID',
  'SOURCE_DESCRIPTION',
  'STATUS_ID',
  'STATUS_DESCRIPTION',
  'POST',
  'COMMENTS',
  'CURRENCY_ID',
  'OPPORTUNITY',
  'IS_MANUAL_OPPORTUNITY',
  'HAS_PHONE',
  'HAS_EMAIL',
  'HAS_IMOL',
  'ASSIGNED_BY_ID',
  'CREATED_BY_ID',
  'MODIFY_BY_ID',
  'DATE_CREATE',
  'DATE_MODIFY',
  'DATE_CLOSED',
  'STATUS_SEMANTIC_ID',
  'OPENED',
  'ORIGINATOR_ID',
  'ORIGIN_ID',
  'MOVED_BY_ID',
  'MOVED_TIME',
  'ADDRESS',
  'ADDRESS_2',
  'ADDRESS_CITY',
  'ADDRESS_POSTAL_CODE',
  'ADDRESS_REGION',
  'ADDRESS_PROVINCE',
  'ADDRESS_COUNTRY',
  'ADDRESS_COUNTRY_CODE',
  'ADDRESS_LOC_ADDR_ID',
  'UTM_SOURCE',
  'UTM_MEDIUM',
  'UTM_CAMPAIGN',
  'UTM_CONTENT',
  'UTM_TERM',
  'LAST_ACTIVITY_BY',
  'LAST_ACTIVITY_TIME',
];

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Bitrix24 simulator: crm.lead.*', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let docId = 0;
  let app: Receiver;
  beforeAll(async () => {
    app = await startReceiver();
    token = (await installFinished(b24.sim)).token;
  });
  afterAll(async () => {
    await app.close();
  });

  it('adds the crm-lead-add.md example and answers `{"result": <id>}`; ONCRMLEADADD fires', async () => {
    const { sim } = b24;
    const bound = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMLEADADD', handler: `${app.url}/ev` },
      { token },
    );
    expect(bound.json.result).toBe(true);
    const answer = await rest(sim, 'crm.lead.add', DOC_LEAD, { token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ result: expect.any(Number), time: timeShape() });
    docId = answer.json.result;
    await sim.controls.deliveriesSettled();
    expect(app.of('ONCRMLEADADD').map((r) => r.form.data.FIELDS.ID)).toEqual([String(docId)]);
    expect(sim.state.leads.map((l) => l.id)).toContain(docId);
  });

  it('reads it back in the crm-lead-get.md shape (`ID` as in its cURL, `id` as in its JS)', async () => {
    const { sim } = b24;
    const upper = await rest(sim, 'crm.lead.get', { ID: docId }, { token });
    const lower = await rest(sim, 'crm.lead.get', { id: docId }, { token });
    expect(lower.json.result).toEqual(upper.json.result);
    const got = upper.json.result;
    expect(Object.keys(got)).toEqual([...LEAD_KEYS, 'PHONE', 'WEB']);
    expect(got).toMatchObject({
      ID: String(docId),
      TITLE: 'LLC Titov',
      NAME: 'Gleb',
      SECOND_NAME: 'Yegorovich',
      LAST_NAME: 'Titov',
      COMPANY_ID: null,
      CONTACT_ID: null,
      IS_RETURN_CUSTOMER: 'N',
      BIRTHDATE: '',
      STATUS_ID: 'NEW',
      STATUS_SEMANTIC_ID: 'P',
      DATE_CLOSED: '',
      CURRENCY_ID: 'USD',
      OPPORTUNITY: '12500.00',
      IS_MANUAL_OPPORTUNITY: 'N',
      HAS_PHONE: 'Y',
      HAS_EMAIL: 'N',
      HAS_IMOL: 'N',
      ASSIGNED_BY_ID: '1',
      CREATED_BY_ID: '1',
      MOVED_BY_ID: '1',
      OPENED: 'Y',
      ORIGINATOR_ID: null,
      ORIGIN_ID: null,
    });
    for (const key of ['DATE_CREATE', 'DATE_MODIFY', 'MOVED_TIME', 'LAST_ACTIVITY_TIME'])
      expect(got[key], key).toMatch(ISO_WITH_OFFSET);
    expect(got.PHONE).toEqual([
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: '555888', TYPE_ID: 'PHONE' },
    ]);
    expect(got.WEB).toEqual([
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: 'www.mysite.com', TYPE_ID: 'WEB' },
    ]);
  });

  it('answers the errors crm-lead-get.md lists, with an empty code', async () => {
    const { sim } = b24;
    for (const params of [{}, { id: 0 }, { id: 'abc' }]) {
      const invalid = await rest(sim, 'crm.lead.get', params, { token });
      expect(invalid.status).toBe(400);
      expect(invalid.json).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
    }
    const missing = await rest(sim, 'crm.lead.get', { id: 999_999 }, { token });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error: '', error_description: 'Not found' });
  });

  it('fills a lead the way the portal does: NEW, the portal currency, "Лид #N", the caller responsible', async () => {
    const { sim } = b24;
    const made = await rest(
      sim,
      'crm.lead.add',
      {
        fields: {
          NAME: 'Анна',
          BIRTHDATE: '1990-12-17',
          EMAIL: [{ VALUE: 'anna@example.ru', VALUE_TYPE: 'HOME' }],
          PHONE: [{ VALUE: '+79991234567', VALUE_TYPE: 'MOBILE' }],
          ORIGINATOR_ID: 'lime-bridge',
          ORIGIN_ID: 'lime-client:7',
        },
      },
      { token, mode: 'form' },
    );
    const id = made.json.result as number;
    const got = (await rest(sim, 'crm.lead.get', { id }, { token })).json.result;
    expect(got).toMatchObject({
      TITLE: `Лид #${id}`,
      STATUS_ID: 'NEW',
      CURRENCY_ID: 'RUB',
      OPPORTUNITY: '0.00',
      ASSIGNED_BY_ID: '1',
      BIRTHDATE: '1990-12-17T03:00:00+03:00',
      HAS_EMAIL: 'Y',
      ORIGINATOR_ID: 'lime-bridge',
      ORIGIN_ID: 'lime-client:7',
    });
    expect(got.EMAIL).toEqual([
      { ID: expect.any(String), VALUE_TYPE: 'HOME', VALUE: 'anna@example.ru', TYPE_ID: 'EMAIL' },
    ]);
  });

  it('keeps STATUS_ID inside the STATUS directory; a closing status sets the semantic and DATE_CLOSED', async () => {
    const { sim } = b24;
    const unknown = await rest(sim, 'crm.lead.add', { fields: { TITLE: 'x', STATUS_ID: 'WON' } }, { token });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ error: '', error_description: 'Status "WON" is not found.' });
    const contact = await sim.controls.addContact({ NAME: 'Пётр' });
    const done = await rest(
      sim,
      'crm.lead.add',
      { fields: { TITLE: 'Повторный', STATUS_ID: 'CONVERTED', CONTACT_ID: contact } },
      { token },
    );
    const got = (await rest(sim, 'crm.lead.get', { id: done.json.result }, { token })).json.result;
    expect(got).toMatchObject({
      STATUS_ID: 'CONVERTED',
      STATUS_SEMANTIC_ID: 'S',
      CONTACT_ID: String(contact),
      IS_RETURN_CUSTOMER: 'Y',
    });
    expect(got.DATE_CLOSED).toMatch(ISO_WITH_OFFSET);
    const junk = await rest(sim, 'crm.lead.add', { fields: { STATUS_ID: 'JUNK' } }, { token });
    const junkRead = (await rest(sim, 'crm.lead.get', { id: junk.json.result }, { token })).json.result;
    expect(junkRead.STATUS_SEMANTIC_ID).toBe('F');
  });

  it('refuses what crm.contact.add refuses: bad multifields, a non-array `fields`', async () => {
    const { sim } = b24;
    const before = sim.state.leads.length;
    const refused: [unknown, object][] = [
      [
        { NAME: 'x', EMAIL: [{ VALUE: 'not-an-address', VALUE_TYPE: 'HOME' }] },
        {
          error: 'ERROR_CORE',
          error_description: 'The field "Personal e-mail" contains an invalid address.',
        },
      ],
      [
        { NAME: 'x', PHONE: [{ VALUE: '+79990000000', VALUE_TYPE: 'CELL' }] },
        {
          error: 'ERROR_CORE',
          error_description: 'The value type "CELL" is not allowed for the field PHONE.',
        },
      ],
      ['NAME=x', { error: '', error_description: "Parameter 'fields' must be array." }],
    ];
    for (const [fields, body] of refused) {
      const answer = await rest(sim, 'crm.lead.add', { fields }, { token });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual(body);
    }
    expect(sim.state.leads).toHaveLength(before);
  });

  it('lists like crm-lead-list.md: its filter/order/start example, pages of 50, multifields only when named', async () => {
    const { sim } = b24;
    for (let i = 0; i < 52; i++) await sim.controls.addLead({ TITLE: `Лид ${i}`, OPPORTUNITY: 15000 });
    // The docs' request, as sent: select *, UF_*; start 50; filter =OPPORTUNITY; order STATUS_ID.
    const docs = await rest(
      sim,
      'crm.lead.list',
      { select: ['*', 'UF_*'], start: 50, filter: { '=OPPORTUNITY': 15000 }, order: { STATUS_ID: 'ASC' } },
      { token },
    );
    expect(docs.status).toBe(200);
    expect(docs.json).toEqual({ result: expect.any(Array), total: 52, time: timeShape() });
    expect(docs.json.result).toHaveLength(2);
    expect(Object.keys(docs.json.result[0])).toEqual(LEAD_KEYS);
    const first = await rest(sim, 'crm.lead.list', { filter: { '=OPPORTUNITY': 15000 } }, { token });
    expect(first.json).toMatchObject({ next: 50, total: 52 });
    expect(first.json.result).toHaveLength(50);
    // "Search for a lead by phone": exact multifield match, the select it names.
    const byPhone = await rest(
      sim,
      'crm.lead.list',
      { filter: { PHONE: '555888' }, select: ['ID', 'TITLE'] },
      { token },
    );
    expect(byPhone.json.result).toEqual([{ ID: String(docId), TITLE: 'LLC Titov' }]);
    const named = await rest(
      sim,
      'crm.lead.list',
      { filter: { ID: docId }, select: ['ID', 'PHONE'] },
      { token },
    );
    expect(named.json.result[0].PHONE).toHaveLength(1);
    expect(
      (await rest(sim, 'crm.lead.list', { filter: { ID: docId } }, { token })).json.result[0],
    ).not.toHaveProperty('PHONE');
  });

  it('simulates only add, get and list: crm.lead.update is an unknown method', async () => {
    const answer = await rest(b24.sim, 'crm.lead.update', { id: docId, fields: { TITLE: 'x' } }, { token });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('ERROR_METHOD_NOT_FOUND');
  });
});
