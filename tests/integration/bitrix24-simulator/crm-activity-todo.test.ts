import { beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * crm.activity.todo.add (crm/timeline/activities/todo/crm-activity-todo-add.md), replaying the
 * docs' requests (cURL with JSON, BX24.callMethod as a classic form, the TS SDK's
 * `new Date().toISOString()`) and the errors the page lists: 100 for a missing required field,
 * NOT_FOUND (its error example), WRONG_DATETIME_FORMAT, OWNER_NOT_FOUND.
 */

describe('Bitrix24 simulator: crm.activity.todo.add', () => {
  const b24 = setupBitrix24Simulator();
  let token = '';
  let deal = 0;
  let contact = 0;
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
    deal = await b24.sim.controls.addDeal({ TITLE: 'Бронь ДР' });
    contact = await b24.sim.controls.addContact({ NAME: 'Анна' });
  });
  const add = (params: Record<string, unknown>, mode: 'sdk' | 'form' = 'sdk') =>
    rest(b24.sim, 'crm.activity.todo.add', params, { token, mode });

  it('adds the docs example to-do and answers {result: {id}}', async () => {
    // cURL (OAuth): {"ownerTypeId":2,"ownerId":1,"deadline":"$(date -Iseconds)","title":"Activity Title",
    // "description":"Activity Description","responsibleId":5,"pingOffsets":[0,15],"colorId":2}
    const answer = await add({
      ownerTypeId: 2,
      ownerId: deal,
      deadline: '2026-12-01T12:30:00+03:00',
      title: 'Activity Title',
      description: 'Activity Description',
      responsibleId: 5,
      pingOffsets: [0, 15],
      colorId: 2,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ result: { id: expect.any(Number) }, time: timeShape() });
    expect(b24.sim.state.todoActivities.at(-1)).toEqual({
      id: answer.json.result.id,
      ownerTypeId: 2,
      ownerId: deal,
      title: 'Activity Title',
      description: 'Activity Description',
      deadline: '2026-12-01T12:30:00+03:00',
      responsibleId: 5,
      authorId: 1,
      parentActivityId: null,
      pingOffsets: [0, 15],
      colorId: '2',
      completed: false,
      created: expect.stringMatching(/\+03:00$/),
    });
  });

  it('reads the deadline forms of the examples: no offset is portal time, toISOString() is UTC', async () => {
    // The parameter table's `2025-02-03T15:00:00`, in the portal's zone (Europe/Moscow).
    await add({
      ownerTypeId: 3,
      ownerId: contact,
      deadline: '2025-02-03T15:00:00',
      description: 'Позвонить',
    });
    expect(b24.sim.state.todoActivities.at(-1)).toMatchObject({
      ownerTypeId: 3,
      ownerId: contact,
      deadline: '2025-02-03T15:00:00+03:00',
      title: '',
      description: 'Позвонить',
      responsibleId: 1,
      pingOffsets: [],
      colorId: null,
    });
    // JS (TS): deadline: new Date().toISOString()
    await add({ ownerTypeId: 3, ownerId: contact, deadline: '2026-12-01T09:30:00.000Z' });
    expect(b24.sim.state.todoActivities.at(-1)?.deadline).toBe('2026-12-01T12:30:00+03:00');
  });

  it('takes BX24.callMethod’s classic form: every value a string, colorId "2"', async () => {
    const answer = await add(
      {
        ownerTypeId: '2',
        ownerId: String(deal),
        deadline: '2026-12-02T10:00:00+03:00',
        title: 'Заголовок дела',
        description: 'Описание дела',
        responsibleId: '3',
        pingOffsets: ['0', '15'],
        colorId: '2',
      },
      'form',
    );
    expect(answer.json.result).toEqual({ id: expect.any(Number) });
    expect(b24.sim.state.todoActivities.at(-1)).toMatchObject({
      ownerTypeId: 2,
      responsibleId: 3,
      pingOffsets: [0, 15],
      colorId: '2',
    });
  });

  it('refuses a missing owner or deadline with code 100, naming the parameter', async () => {
    expect((await add({ ownerTypeId: 2, deadline: '2026-12-01T12:30:00+03:00' })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {ownerId}',
    });
    expect((await add({ ownerTypeId: 2, ownerId: deal })).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {deadline}',
    });
    const typed = await add({ ownerTypeId: 2, ownerId: 'первая', deadline: '2026-12-01T12:30:00+03:00' });
    expect([typed.status, typed.json.error]).toEqual([400, 100]);
  });

  it('refuses an owner type that is not a CRM type, an unknown owner and an unreadable deadline', async () => {
    const before = b24.sim.state.todoActivities.length;
    const deadline = '2026-12-01T12:30:00+03:00';
    const notFound = await add({ ownerTypeId: 999, ownerId: deal, deadline });
    expect([notFound.status, notFound.json]).toEqual([
      400,
      { error: 'NOT_FOUND', error_description: 'Not found.' },
    ]);
    expect((await add({ ownerTypeId: 2, ownerId: 0, deadline })).json.error).toBe('NOT_FOUND');
    expect((await add({ ownerTypeId: 0, ownerId: deal, deadline })).json.error).toBe('NOT_FOUND');
    expect((await add({ ownerTypeId: 2, ownerId: 999_999, deadline })).json).toEqual({
      error: 'OWNER_NOT_FOUND',
      error_description: 'Owner was not found',
    });
    expect((await add({ ownerTypeId: 3, ownerId: 999_999, deadline })).json.error).toBe('OWNER_NOT_FOUND');
    const lead = await add({ ownerTypeId: 1, ownerId: deal, deadline });
    expect(lead.json.error).toBe('OWNER_NOT_FOUND');
    const unreadable = await add({ ownerTypeId: 2, ownerId: deal, deadline: 'к пятнице' });
    expect([unreadable.status, unreadable.json.error]).toEqual([400, 'WRONG_DATETIME_FORMAT']);
    expect(b24.sim.state.todoActivities).toHaveLength(before);
  });
});
