import qs from 'qs';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * crm.duplicate.findbycomm (crm/duplicates/crm-duplicate-find-by-comm.md), crm.timeline.comment.add
 * (crm/timeline/comments/crm-timeline-comment-add.md) and user.get (user/user-get.md), replaying
 * the docs' requests, and in `batch` with qs-encoded commands the way our CRM adapter sends them.
 */

const cmd = (method: string, params: Record<string, unknown>) => `${method}?${qs.stringify(params)}`;

describe('Bitrix24 simulator: crm.duplicate.findbycomm', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let anna = 0;
  let boris = 0;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    anna = await b24.sim.controls.addContact({
      NAME: 'Анна',
      PHONE: [
        { VALUE: '+7 (999) 123-45-02', VALUE_TYPE: 'WORK' },
        { VALUE: '8 999 765-43-21 доб. 12', VALUE_TYPE: 'MOBILE' },
      ],
      EMAIL: [{ VALUE: 'Anna.P@Example.RU', VALUE_TYPE: 'WORK' }],
    });
    boris = await b24.sim.controls.addContact({
      NAME: 'Борис',
      PHONE: [{ VALUE: '89991234502', VALUE_TYPE: 'MOBILE' }],
    });
  });

  it('answers the docs example shape {CONTACT: [ids]} (numbers) and matches phones the way the portal normalises them', async () => {
    const { sim } = b24;
    // crm-duplicate-find-by-comm.md, cURL (OAuth): {"entity_type":"CONTACT","type":"PHONE","values":["8976543","11223355"]}
    const docs = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { entity_type: 'CONTACT', type: 'PHONE', values: ['8976543', '11223355'] },
      { token },
    );
    expect(docs.json).toEqual({ result: [], time: timeShape() });
    for (const variant of ['79991234502', '+7 999 123 45 02', '8(999)1234502', '+79991234502;123']) {
      const found = await rest(
        sim,
        'crm.duplicate.findbycomm',
        { entity_type: 'CONTACT', type: 'PHONE', values: [variant] },
        { token },
      );
      expect(found.json.result, variant).toEqual({ CONTACT: [anna, boris] });
    }
    // The extension after "доб." is not a separator NormalizePhone knows: those digits stay.
    const ext = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: ['79997654321'] },
      { token },
    );
    expect(ext.json.result).toEqual([]);
    const withExt = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: ['7999765432112'] },
      { token },
    );
    expect(withExt.json.result).toEqual({ CONTACT: [anna] });
  });

  it('matches e-mails case-insensitively, skips non-strings, takes at most 20 values and refuses deals', async () => {
    const { sim } = b24;
    const email = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'EMAIL', values: [' anna.p@example.ru '] },
      { token },
    );
    expect(email.json.result).toEqual({ CONTACT: [anna] });
    // JSON numbers are not strings: PHP skips them.
    const numbers = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: [79991234502] },
      { token },
    );
    expect(numbers.json.result).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => `7000000${String(i).padStart(4, '0')}`);
    const past20 = await rest(
      sim,
      'crm.duplicate.findbycomm',
      { type: 'PHONE', values: [...many, '79991234502'] },
      { token },
    );
    expect(past20.json.result).toEqual([]);
    expect((await rest(sim, 'crm.duplicate.findbycomm', { values: ['1'] }, { token })).json).toEqual({
      error: '',
      error_description: 'Communication type is not defined.',
    });
    expect(
      (await rest(sim, 'crm.duplicate.findbycomm', { type: 'FAX', values: ['1'] }, { token })).json,
    ).toEqual({
      error: '',
      error_description: "Communication type 'FAX' is not supported in current context.",
    });
    expect((await rest(sim, 'crm.duplicate.findbycomm', { type: 'PHONE' }, { token })).status).toBe(400);
    expect(
      (
        await rest(
          sim,
          'crm.duplicate.findbycomm',
          { type: 'PHONE', values: ['1'], entity_type: 'DEAL' },
          { token },
        )
      ).json.error_description,
    ).toBe('Deal is not supported in current context.');
  });

  it('works in batch with qs-encoded commands (how the adapter looks up phones and e-mails)', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'batch',
      {
        halt: 0,
        cmd: {
          phone_0: cmd('crm.duplicate.findbycomm', {
            type: 'PHONE',
            values: ['79991234502', '79990000000'],
            entity_type: 'CONTACT',
          }),
          email_0: cmd('crm.duplicate.findbycomm', {
            type: 'EMAIL',
            values: ['nobody@example.ru'],
            entity_type: 'CONTACT',
          }),
        },
      },
      { token },
    );
    expect(answer.json.result.result).toEqual({ phone_0: { CONTACT: [anna, boris] }, email_0: [] });
    expect(answer.json.result.result_error).toEqual([]);
  });
});

describe('Bitrix24 simulator: crm.timeline.comment.add', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let deal = 0;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    deal = await b24.sim.controls.addDeal({ TITLE: 'Покупка' });
  });

  it('adds the docs example comment (lower-case `fields`) and answers its id', async () => {
    const { sim } = b24;
    // crm-timeline-comment-add.md: {"fields":{"ENTITY_ID":10,"ENTITY_TYPE":"deal","COMMENT":"New comment was added","AUTHOR_ID":5,…}}
    const answer = await rest(
      sim,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: 'New comment was added', AUTHOR_ID: 2 } },
      { token },
    );
    expect(answer.json).toEqual({ result: expect.any(Number), time: timeShape() });
    expect(sim.state.timelineComments.at(-1)).toEqual({
      ID: answer.json.result,
      ENTITY_ID: deal,
      ENTITY_TYPE: 'deal',
      COMMENT: 'New comment was added',
      AUTHOR_ID: 2,
      CREATED: expect.stringMatching(/\+03:00$/),
    });
    const contact = await sim.controls.addContact({ NAME: 'Анна' });
    const upper = await rest(
      sim,
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: String(contact), ENTITY_TYPE: 'CONTACT', COMMENT: 'Начислено 500 бонусов' } },
      { token, mode: 'form' },
    );
    expect(upper.status).toBe(200);
    expect(sim.state.timelineComments.at(-1)).toMatchObject({
      ENTITY_TYPE: 'contact',
      ENTITY_ID: contact,
      AUTHOR_ID: 1,
    });
  });

  it('refuses FIELDS in upper case (crm 23.100.0), unknown owners and types, and an empty comment', async () => {
    const { sim } = b24;
    const add = (params: Record<string, unknown>) => rest(sim, 'crm.timeline.comment.add', params, { token });
    expect((await add({ FIELDS: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: 'x' } })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {fields}',
    });
    expect((await add({ fields: { ENTITY_ID: 999999, ENTITY_TYPE: 'deal', COMMENT: 'x' } })).json.error).toBe(
      'OWNER_NOT_FOUND',
    );
    expect((await add({ fields: { ENTITY_ID: deal, ENTITY_TYPE: 'nothing', COMMENT: 'x' } })).json).toEqual({
      error: 'NOT_FOUND',
      error_description: 'Not found.',
    });
    const empty = await add({ fields: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: '  ' } });
    expect([empty.status, empty.json.error]).toEqual([400, 'INVALID_ARG_VALUE']);
  });
});

describe('Bitrix24 simulator: user.get', () => {
  const b24 = setupBitrix24Simulator({ region: 'com' });
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('lists the seeded users with the user_brief fields (no EMAIL), ACTIVE as a boolean, total beside result', async () => {
    const { sim } = b24;
    const answer = await rest(sim, 'user.get', {}, { token });
    expect(answer.json).toEqual({ result: expect.any(Array), total: 4, time: timeShape() });
    expect(answer.json.result[0]).toEqual({
      ID: '1',
      ACTIVE: true,
      NAME: 'Anna',
      LAST_NAME: 'Smith',
      SECOND_NAME: '',
      IS_ONLINE: 'Y',
      TIME_ZONE: '',
      TIMESTAMP_X: {},
      DATE_REGISTER: expect.stringMatching(/^2024-01-15T01:00:00\+01:00$/),
      PERSONAL_GENDER: '',
      PERSONAL_BIRTHDAY: '',
      PERSONAL_CITY: '',
      WORK_POSITION: 'Director',
      LAST_ACTIVITY_DATE: {},
      UF_EMPLOYMENT_DATE: '',
      UF_DEPARTMENT: [1],
      USER_TYPE: 'employee',
    });
    expect(answer.json.result.map((u: { ACTIVE: boolean }) => u.ACTIVE)).toEqual([true, true, true, false]);
  });

  it('filters with FILTER {ACTIVE: true} (what the adapter sends) and pages by 50 with start', async () => {
    const { sim } = b24;
    const active = await rest(sim, 'user.get', { FILTER: { ACTIVE: true }, start: 0 }, { token });
    expect(active.json.result.map((u: { ID: string }) => u.ID)).toEqual(['1', '2', '3']);
    expect(active.json.total).toBe(3);
    // PHP truthiness: the string "false" is true; "N" and false are not.
    const quirk = await rest(sim, 'user.get', { FILTER: { ACTIVE: 'false' } }, { token, mode: 'form' });
    expect(quirk.json.total).toBe(3);
    const dismissed = await rest(sim, 'user.get', { filter: { ACTIVE: 'N' } }, { token, mode: 'form' });
    expect(dismissed.json.result.map((u: { NAME: string }) => u.NAME)).toEqual(['Oleg']);
    for (let i = 0; i < 50; i++) sim.controls.addUser({ admin: false, name: `Ivan Manager${i}` });
    const first = await rest(sim, 'user.get', { FILTER: { ACTIVE: true } }, { token });
    expect([first.json.result.length, first.json.next, first.json.total]).toEqual([50, 50, 53]);
    const second = await rest(sim, 'user.get', { FILTER: { ACTIVE: true }, start: 50 }, { token });
    expect([second.json.result.length, second.json.next, second.json.total]).toEqual([3, undefined, 53]);
    // Past the end: an empty page, answered as a bare [] without total.
    const past = await rest(sim, 'user.get', { FILTER: { ACTIVE: true }, start: 100 }, { token });
    expect(past.json).toEqual({ result: [], time: timeShape() });
  });

  it('replays the docs filters: NAME "Iva%", !%LAST_NAME, top-level UF_DEPARTMENT with SORT/ORDER', async () => {
    const { sim } = b24;
    // user-get.md "Filtering by Name Starting with Iva": {"filter":{"NAME":"Iva%"}}
    const iva = await rest(sim, 'user.get', { filter: { NAME: 'Iva%' } }, { token });
    expect(iva.json.result.every((u: { NAME: string }) => u.NAME === 'Ivan')).toBe(true);
    expect(iva.json.total).toBe(50);
    // "Filtering by Last Name Not Containing ov": {"filter":{"!%LAST_NAME":"ov"}}
    const notOv = await rest(sim, 'user.get', { filter: { '!%LAST_NAME': 'ov', '<ID': 5 } }, { token });
    expect(notOv.json.result.map((u: { LAST_NAME: string }) => u.LAST_NAME)).toEqual(['Smith']);
    // The first example: filter keys at the top level, SORT/ORDER, start 10.
    const top = await rest(
      sim,
      'user.get',
      { UF_DEPARTMENT: 1, SORT: 'ID', ORDER: 'desc', start: 10 },
      { token },
    );
    expect(top.json.result[0].ID).toBe(String(54 - 10));
    expect(top.json.total).toBe(54);
  });

  it('is refused without a user scope and answers EMAIL under user_basic', async () => {
    const { sim } = b24;
    const crmOnly = sim.controls.createInboundWebhook({ scope: ['crm'] });
    const refused = await fetch(`${crmOnly.url}user.get.json`);
    expect([refused.status, (await refused.json()).error]).toEqual([401, 'insufficient_scope']);
    const basic = sim.controls.createInboundWebhook({ scope: ['crm', 'user_basic'] });
    const answer = await (await fetch(`${basic.url}user.get.json?FILTER[ID]=2`)).json();
    expect(answer.result).toEqual([expect.objectContaining({ ID: '2', EMAIL: 'user2@portal.example' })]);
    expect(answer.total).toBe(1);
  });
});

describe('Bitrix24 simulator: seeded users and the registered scope', () => {
  const b24 = setupBitrix24Simulator({ app: { ...APP, scope: ['crm', 'user'] } });

  it('has the admin who installs, two managers and a dismissed user; the app scope is what was registered', async () => {
    const { sim } = b24;
    expect(sim.state.users.map((u) => [u.id, u.admin, u.active])).toEqual([
      [1, true, true],
      [2, false, true],
      [3, false, true],
      [4, false, false],
    ]);
    const { token, form } = await installFinished(sim);
    expect(form.APPLICATION_SCOPE).toBe('crm,user');
    expect((await rest(sim, 'scope', {}, { token })).json.result).toEqual(['crm', 'user']);
    const full = await rest(sim, 'user.get', { FILTER: { ID: 1 } }, { token });
    expect(full.json.result[0]).toMatchObject({
      EMAIL: 'user1@portal.example',
      LAST_LOGIN: expect.any(String),
    });
  });
});

describe('Bitrix24 simulator: crm.timeline.logmessage.add', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('replays the docs example on a contact and answers the logMessage; a missing field or owner is refused', async () => {
    const { sim } = b24;
    const contact = await sim.controls.addContact({ NAME: 'Анна' });
    // crm-timeline-logmessage-add.md: {"fields":{"entityTypeId":1,"entityId":1,"title":"Test title","text":"Test text message","iconCode":"info"}}
    const answer = await rest(
      sim,
      'crm.timeline.logmessage.add',
      {
        fields: {
          entityTypeId: 3,
          entityId: contact,
          title: 'Test title',
          text: 'Test text message',
          iconCode: 'info',
        },
      },
      { token },
    );
    expect(answer.json).toEqual({
      result: {
        logMessage: {
          id: expect.any(Number),
          created: expect.stringMatching(/\+03:00$/),
          authorId: 1,
          title: 'Test title',
          text: 'Test text message',
          iconCode: 'info',
        },
      },
      time: timeShape(),
    });
    const missing = await rest(
      sim,
      'crm.timeline.logmessage.add',
      { fields: { entityTypeId: 3, entityId: contact, title: 'T' } },
      { token },
    );
    expect(missing.status).toBe(400);
    expect(missing.json.error).toBe('100');
    const nobody = await rest(
      sim,
      'crm.timeline.logmessage.add',
      { fields: { entityTypeId: 2, entityId: 999_999, title: 'T', text: 'x', iconCode: 'info' } },
      { token },
    );
    expect(nobody.json.error).toBe('OWNER_NOT_FOUND');
    expect(sim.state.timelineLogMessages).toHaveLength(1);
  });
});
