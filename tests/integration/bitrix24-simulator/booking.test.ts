import qs from 'qs';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP, installFinished, rest, setupBitrix24Simulator, timeShape } from './support';

/**
 * booking.v1.* (api-reference/booking/**), replaying the docs' requests and answers: resource
 * types, resources and their slots, bookings with clients and external data. Errors carry a
 * NUMERIC `error`; the app needs the `booking` scope; a portal without the module has none of the
 * methods (404 ERROR_METHOD_NOT_FOUND, in a batch too).
 */

const WITH_BOOKING = { ...APP, scope: ['crm', 'placement', 'user_brief', 'booking'] };
const cmd = (method: string, params: Record<string, unknown>) => `${method}?${qs.stringify(params)}`;

/** The docs' example resource type / resource fields (booking-v1-resourcetype-add.md, booking-v1-resource-add.md). */
const NOTIFY = {
  isInfoNotificationOn: 'Y',
  templateTypeInfo: 'inanimate',
  isConfirmationNotificationOn: 'Y',
  templateTypeConfirmation: 'animate',
  isReminderNotificationOn: 'N',
  templateTypeReminder: 'base',
  isFeedbackNotificationOn: 'Y',
  templateTypeFeedback: 'inanimate',
  isDelayedNotificationOn: 'Y',
  templateTypeDelayed: 'inanimate',
  reminderDelay: -1,
  delayedDelay: 300,
  delayedCounterDelay: 7200,
  confirmationDelay: 86400,
  confirmationCounterDelay: 7200,
};

const PERIOD = {
  from: { timestamp: 1723446900, timezone: 'Europe/Berlin' },
  to: { timestamp: 1723447800, timezone: 'Europe/Berlin' },
};

describe('Bitrix24 simulator: booking.v1.*', () => {
  // More calls than the real 50-request burst: the bucket is widened (limits are tested elsewhere).
  const b24 = setupBitrix24Simulator({ region: 'com', app: WITH_BOOKING, limits: { rate: 50, burst: 500 } });
  let token = '';
  const call = (method: string, params: Record<string, unknown> = {}) =>
    rest(b24.sim, method, params, { token });
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  it('adds resource types by unique code and lists them under `resource` (resourcetype-add.md, -list.md)', async () => {
    const added = await call('booking.v1.resourceType.add', {
      fields: { name: 'Name', code: 'code', ...NOTIFY, infoDelay: 300, confirmationRepetitions: 0 },
    });
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ result: { id: 1 }, time: timeShape() });
    await call('booking.v1.resourceType.add', {
      fields: { name: 'Specialists', code: 'expert', templateTypeInfo: 'animate' },
    });

    const again = await call('booking.v1.resourceType.add', { fields: { name: 'Other', code: 'code' } });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: 1010, error_description: 'Resource type with code already exists' });
    const noCode = await call('booking.v1.resourceType.add', { fields: { name: 'Name' } });
    expect(noCode.json).toEqual({ error: 0, error_description: 'Required fields: code' });
    const noFields = await call('booking.v1.resourceType.add', {});
    expect(noFields.json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {fields}',
    });
    const badTemplate = await call('booking.v1.resourceType.add', {
      fields: { name: 'X', code: 'x', templateTypeInfo: 'robot' },
    });
    expect(badTemplate.json).toEqual({ error: 422, error_description: 'Invalid value of the field' });

    const list = await call('booking.v1.resourceType.list', {
      filter: { searchQuery: 'spec', moduleId: 'booking' },
      order: { id: 'ASC', name: 'DESC', code: 'DESC' },
    });
    expect(list.json.result.resource).toHaveLength(1);
    expect(Object.keys(list.json.result.resource[0])).toEqual([
      'code',
      'confirmationCounterDelay',
      'confirmationNotificationDelay',
      'confirmationNotificationRepetitions',
      'confirmationNotificationRepetitionsInterval',
      'delayedCounterDelay',
      'delayedNotificationDelay',
      'id',
      'infoNotificationDelay',
      'isConfirmationNotificationOn',
      'isDelayedNotificationOn',
      'isFeedbackNotificationOn',
      'isReminderNotificationOn',
      'name',
      'reminderNotificationDelay',
      'templateTypeConfirmation',
      'templateTypeDelayed',
      'templateTypeFeedback',
      'templateTypeReminder',
    ]);
    expect(list.json.result.resource[0]).toMatchObject({
      code: 'expert',
      id: 2,
      name: 'Specialists',
      infoNotificationDelay: null,
      confirmationNotificationRepetitions: null,
      reminderNotificationDelay: -1,
    });
    const byCode = await call('booking.v1.resourceType.list', { filter: { code: 'code' } });
    expect(byCode.json.result.resource.map((t: { id: number }) => t.id)).toEqual([1]);
    const badOrder = await call('booking.v1.resourceType.list', { order: 'ASC' });
    expect(badOrder.json).toEqual({
      error: 100,
      error_description:
        'Invalid value {ASC} to match with parameter {order}. Should be value of type array.',
    });
  });

  it('adds, lists, updates and deletes resources with their own not-found codes (resource/*.md)', async () => {
    for (const name of ['Sedan 1', 'Sedan 2', 'Van']) {
      const added = await call('booking.v1.resource.add', {
        fields: { name, description: 'Description', typeId: 1, isMain: 'Y', ...NOTIFY, infoDelay: 60 },
      });
      expect(added.json.result).toEqual({ id: expect.any(Number) });
    }
    expect((await call('booking.v1.resource.add', { fields: { name: 'X' } })).json).toEqual({
      error: 1006,
      error_description: 'ResourceType not found',
    });
    expect((await call('booking.v1.resource.add', { fields: { name: 'X', typeId: 17 } })).json).toEqual({
      error: 1013,
      error_description: 'Resource type with id 17 does not exist',
    });
    expect((await call('booking.v1.resource.add', { fields: { typeId: 1 } })).json).toEqual({
      error: 0,
      error_description: 'Required fields: name',
    });

    const list = await call('booking.v1.resource.list', {
      filter: { searchQuery: 'sedan', isMain: 'Y', typeId: 1 },
      order: { id: 'ASC', name: 'DESC' },
    });
    expect(list.json).toEqual({ result: { resource: expect.any(Array) }, time: timeShape() });
    const [first] = list.json.result.resource;
    expect(list.json.result.resource.map((r: { name: string }) => r.name)).toEqual(['Sedan 1', 'Sedan 2']);
    expect(first).toEqual({
      confirmationCounterDelay: 7200,
      confirmationNotificationDelay: 86400,
      confirmationNotificationRepetitions: null,
      confirmationNotificationRepetitionsInterval: 0,
      delayedCounterDelay: 7200,
      delayedNotificationDelay: 300,
      description: 'Description',
      id: 1,
      infoNotificationDelay: 60,
      isConfirmationNotificationOn: 'Y',
      isDelayedNotificationOn: 'Y',
      isFeedbackNotificationOn: 'Y',
      isInfoNotificationOn: 'Y',
      isMain: 'Y',
      isReminderNotificationOn: 'N',
      name: 'Sedan 1',
      reminderNotificationDelay: -1,
      templateTypeConfirmation: 'animate',
      templateTypeDelayed: 'inanimate',
      templateTypeFeedback: 'inanimate',
      templateTypeInfo: 'inanimate',
      templateTypeReminder: 'base',
      typeId: 1,
    });
    const exact = await call('booking.v1.resource.list', { filter: { name: 'Van' } });
    expect(exact.json.result.resource.map((r: { id: number }) => r.id)).toEqual([3]);

    const updated = await call('booking.v1.resource.update', {
      id: 3,
      fields: { name: 'New Name', description: 'New Description', typeId: 2, isMain: 'N' },
    });
    expect(updated.json.result).toBe(true);
    expect((await call('booking.v1.resource.get', { id: 3 })).json.result.resource).toMatchObject({
      name: 'New Name',
      description: 'New Description',
      typeId: 2,
      isMain: 'N',
    });
    expect((await call('booking.v1.resource.update', { id: 99, fields: { name: 'X' } })).json.error).toBe(
      1007,
    );
    expect((await call('booking.v1.resource.get', { id: 99 })).json).toEqual({
      error: 1009,
      error_description: 'Resource not found',
    });
    const added = await call('booking.v1.resource.add', { fields: { name: 'Temporary', typeId: 1 } });
    expect((await call('booking.v1.resource.delete', { id: added.json.result.id })).json.result).toBe(true);
    expect((await call('booking.v1.resource.delete', { id: added.json.result.id })).json).toEqual({
      error: 1008,
      error_description: 'Resource has not been found',
    });
    expect((await call('booking.v1.resource.delete', {})).json).toEqual({
      error: 100,
      error_description: 'Could not find value for parameter {id}',
    });
  });

  it('sets a resource slots, replacing the previous ones (slots/booking-v1-resource-slots-set.md, -list.md)', async () => {
    const slots = [
      {
        from: 540,
        to: 1080,
        timezone: 'Europe/Berlin',
        weekDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
        slotSize: 30,
      },
    ];
    expect((await call('booking.v1.resource.slots.set', { resourceId: 1, slots })).json.result).toBe(true);
    await call('booking.v1.resource.slots.set', {
      resourceId: 1,
      slots: [...slots, { from: 600, to: 1440, timezone: 'Europe/Berlin', weekDays: ['Sat'], slotSize: 60 }],
    });
    const listed = await call('booking.v1.resource.slots.list', { resourceId: 1 });
    expect(listed.json.result).toEqual({
      slots: [
        {
          from: 540,
          id: 2,
          slotSize: 30,
          timezone: 'Europe/Berlin',
          to: 1080,
          weekDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
        },
        { from: 600, id: 3, slotSize: 60, timezone: 'Europe/Berlin', to: 1440, weekDays: ['Sat'] },
      ],
    });
    expect((await call('booking.v1.resource.slots.set', { resourceId: 99, slots })).json).toEqual({
      error: 1009,
      error_description: 'Resource not found',
    });
    expect(
      (await call('booking.v1.resource.slots.set', { resourceId: 1, slots: [{ ...slots[0], to: 1500 }] }))
        .json.error,
    ).toBe(422);
    expect(
      (
        await call('booking.v1.resource.slots.set', {
          resourceId: 1,
          slots: [{ ...slots[0], weekDays: ['Monday'] }],
        })
      ).json.error,
    ).toBe(422);
    expect(
      (await call('booking.v1.resource.slots.set', { resourceId: 1, slots: [{ from: 1, to: 2 }] })).json,
    ).toEqual({ error: 0, error_description: 'Required fields: timezone, weekDays, slotSize' });
    expect(b24.sim.state.booking.slotsOf(1)).toHaveLength(2);
  });

  it('adds, reads, moves, lists and deletes bookings (booking/*.md), overlaps accepted', async () => {
    const fields = { name: 'Name', description: 'Description', resourceIds: [1, 2, 3], datePeriod: PERIOD };
    const added = await call('booking.v1.booking.add', { fields });
    expect(added.json).toEqual({ result: { id: 1 }, time: timeShape() });
    expect((await call('booking.v1.booking.add', { fields })).json.result).toEqual({ id: 2 });

    const got = await call('booking.v1.booking.get', { id: 1 });
    expect(got.json.result).toEqual({
      booking: {
        datePeriod: PERIOD,
        description: 'Description',
        id: 1,
        name: 'Name',
        resourceIds: [1, 2, 3],
      },
    });
    const bare = await call('booking.v1.booking.add', {
      fields: { resourceIds: [2], datePeriod: PERIOD },
    });
    expect(
      (await call('booking.v1.booking.get', { id: bare.json.result.id })).json.result.booking,
    ).toMatchObject({
      name: '',
      description: null,
    });

    const refusals: [Record<string, unknown>, unknown][] = [
      [
        { ...fields, resourceIds: [] },
        { error: 1018, error_description: 'Empty resource collection' },
      ],
      [
        { ...fields, resourceIds: [1, 404] },
        { error: 1018, error_description: 'Empty resource collection' },
      ],
      [
        { ...fields, datePeriod: { from: PERIOD.to, to: PERIOD.from } },
        { error: 422, error_description: 'Invalid date period' },
      ],
      [
        { ...fields, datePeriod: { ...PERIOD, to: { timestamp: 1723447800, timezone: 'Mars/Olympus' } } },
        { error: 422, error_description: 'Invalid date period' },
      ],
      [{ name: 'x' }, { error: 0, error_description: 'Required fields: resourceIds, datePeriod' }],
    ];
    for (const [input, error] of refusals) {
      const answer = await call('booking.v1.booking.add', { fields: input });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual(error);
    }

    const moved = {
      from: { timestamp: 1723450500, timezone: 'Europe/Berlin' },
      to: { timestamp: 1723454100, timezone: 'Europe/Berlin' },
    };
    const update = await call('booking.v1.booking.update', {
      id: 1,
      fields: { resourceIds: [1], datePeriod: moved },
    });
    expect(update.json.result).toBe(true);
    expect((await call('booking.v1.booking.get', { id: 1 })).json.result.booking).toMatchObject({
      name: 'Name',
      resourceIds: [1],
      datePeriod: moved,
    });
    expect((await call('booking.v1.booking.update', { id: 99, fields: { name: 'x' } })).json).toEqual({
      error: 1019,
      error_description: 'Booking not found',
    });
    expect((await call('booking.v1.booking.get', { id: 99 })).json).toEqual({
      error: 1021,
      error_description: 'Booking not found',
    });

    const within = await call('booking.v1.booking.list', {
      filter: { within: { dateFrom: 1723446900, dateTo: 1723447800 } },
      order: { dateFrom: 'DESC', id: 'ASC' },
    });
    expect(within.json.result.booking.map((b: { id: number }) => b.id)).toEqual([2, 3]);
    const all = await call('booking.v1.booking.list', {
      filter: { within: { dateFrom: 0, dateTo: 1739262600 } },
      order: { dateFrom: 'DESC' },
    });
    expect(all.json.result.booking.map((b: { id: number }) => b.id)).toEqual([1, 2, 3]);
    expect((await call('booking.v1.booking.list', { filter: { within: { dateFrom: 0 } } })).json).toEqual({
      error: 0,
      error_description: 'Required fields: dateTo',
    });

    expect((await call('booking.v1.booking.delete', { id: 2 })).json.result).toBe(true);
    expect((await call('booking.v1.booking.get', { id: 2 })).json.error).toBe(1021);
  });

  it('links clients and the deal, and finds bookings by client (client/*.md, external-data/*.md)', async () => {
    const set = await call('booking.v1.booking.client.set', {
      bookingId: 1,
      clients: [
        { id: 1, type: { module: 'crm', code: 'CONTACT' } },
        { id: 2, type: { module: 'crm', code: 'CONTACT' } },
      ],
    });
    expect(set.json.result).toBe(true);
    await call('booking.v1.booking.client.set', {
      bookingId: 1,
      clients: [{ id: 2, type: { module: 'crm', code: 'CONTACT' } }],
    });
    expect((await call('booking.v1.booking.client.list', { bookingId: 1 })).json.result).toEqual({
      bookingClient: [{ id: 2, type: { code: 'CONTACT', module: 'crm' } }],
    });
    expect(
      (await call('booking.v1.booking.client.set', { bookingId: 1, clients: [{ id: 1 }] })).json,
    ).toEqual({ error: 0, error_description: 'Required fields: type' });
    expect((await call('booking.v1.booking.client.set', { bookingId: 99, clients: [] })).json).toEqual({
      error: 1021,
      error_description: 'Booking not found',
    });

    const ext = await call('booking.v1.booking.externalData.set', {
      bookingId: 1,
      externalData: [{ moduleId: 'crm', entityTypeId: 'DEAL', value: '1' }],
    });
    expect(ext.json.result).toBe(true);
    expect((await call('booking.v1.booking.externalData.list', { bookingId: 1 })).json.result).toEqual({
      externalData: [{ moduleId: 'crm', entityTypeId: 'DEAL', value: '1' }],
    });

    const byClient = await call('booking.v1.booking.list', {
      filter: {
        within: { dateFrom: 0, dateTo: 1739262600 },
        client: {
          entities: [
            { code: 'CONTACT', module: 'crm', id: '2' },
            { code: 'COMPANY', module: 'crm', id: '1' },
          ],
        },
      },
    });
    expect(byClient.json.result.booking.map((b: { id: number }) => b.id)).toEqual([1]);
    expect((await call('booking.v1.clienttype.list')).json.result).toEqual({
      clientType: [
        { code: 'COMPANY', module: 'crm' },
        { code: 'CONTACT', module: 'crm' },
      ],
    });
  });

  it('runs in batch: a booking, its client and its deal in one request, by $result reference', async () => {
    const answer = await call('batch', {
      halt: 1,
      cmd: {
        add: cmd('booking.v1.booking.add', {
          fields: { name: 'Batch', resourceIds: [1], datePeriod: PERIOD },
        }),
        client: cmd('booking.v1.booking.client.set', {
          bookingId: '$result[add][id]',
          clients: [{ id: 5, type: { module: 'crm', code: 'CONTACT' } }],
        }),
        deal: cmd('booking.v1.booking.externalData.set', {
          bookingId: '$result[add][id]',
          externalData: [{ moduleId: 'crm', entityTypeId: 'DEAL', value: '77' }],
        }),
        missing: cmd('booking.v1.booking.get', { id: 999 }),
        after: cmd('booking.v1.clienttype.list', {}),
      },
    });
    expect(answer.status).toBe(200);
    const { result, result_error } = answer.json.result;
    const id = result.add.id;
    expect(result.client).toBe(true);
    expect(result.deal).toBe(true);
    // A numeric non-zero code halts the batch (PHP `if ($res['error'] && $halt)`).
    expect(result_error).toEqual({ missing: { error: 1021, error_description: 'Booking not found' } });
    expect(result.after).toBeUndefined();
    const booking = b24.sim.state.booking.bookings.find((b) => b.id === id);
    expect(booking).toMatchObject({
      clients: [{ id: 5, module: 'crm', code: 'CONTACT' }],
      externalData: [{ moduleId: 'crm', entityTypeId: 'DEAL', value: '77' }],
    });
  });

  it('takes the classic form-urlencoded call (numbers as strings)', async () => {
    const answer = await rest(
      b24.sim,
      'booking.v1.booking.add',
      {
        fields: {
          name: 'Form',
          resourceIds: ['1'],
          datePeriod: {
            from: { timestamp: '1723446900', timezone: 'Europe/Berlin' },
            to: { timestamp: '1723447800', timezone: 'Europe/Berlin' },
          },
        },
      },
      { token, mode: 'form' },
    );
    expect(answer.json.result).toEqual({ id: expect.any(Number) });
    expect(
      (await call('booking.v1.booking.get', { id: answer.json.result.id })).json.result.booking,
    ).toMatchObject({
      resourceIds: [1],
      datePeriod: PERIOD,
    });
  });
});

describe('Bitrix24 simulator: booking.v1.* refused', () => {
  const noScope = setupBitrix24Simulator({ region: 'com' });
  const noModule = setupBitrix24Simulator({
    region: 'com',
    app: WITH_BOOKING,
    bookingModule: false,
    seed: 7,
  });

  it('an app installed without the booking scope is refused as on a real portal (insufficient_scope)', async () => {
    const { token } = await installFinished(noScope.sim);
    const answer = await rest(noScope.sim, 'booking.v1.resourceType.list', {}, { token });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the access token',
    });
    const batch = await rest(noScope.sim, 'batch', { cmd: { t: 'booking.v1.resourceType.list' } }, { token });
    expect(batch.json.result.result_error).toEqual({
      t: { error: 'insufficient_scope', error_description: '' },
    });
  });

  it('a portal without the booking module has none of its methods, even inside a batch', async () => {
    const { token } = await installFinished(noModule.sim);
    for (const auth of [token, null]) {
      const answer = await rest(noModule.sim, 'booking.v1.resourceType.list', {}, { token: auth });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({
        error: 'ERROR_METHOD_NOT_FOUND',
        error_description: 'Method not found!',
      });
    }
    const batch = await rest(noModule.sim, 'batch', { cmd: { t: 'booking.v1.booking.list' } }, { token });
    expect(batch.json.result.result_error).toEqual({
      t: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    noModule.sim.controls.setBookingModule(true);
    expect((await rest(noModule.sim, 'booking.v1.resourceType.list', {}, { token })).json.result).toEqual({
      resource: [],
    });
  });
});
