import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ISO_WITH_OFFSET,
  installFinished,
  rest,
  setupBitrix24Simulator,
  startReceiver,
  testClock,
  timeShape,
} from './support';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Bitrix24 simulator: offline events (offline-events.md, event-offline-*.md)', () => {
  const clock = testClock();
  const b24 = setupBitrix24Simulator({ now: clock.now });
  let app: Receiver;
  let admin = '';
  const contacts: number[] = [];
  const offline = (params: Record<string, unknown> = {}, token = admin) =>
    rest(b24.sim, 'event.offline.get', params, { token });

  beforeAll(async () => {
    const { sim } = b24;
    app = await startReceiver();
    admin = (await sim.controls.install()).form.AUTH_ID ?? '';
    for (const event of ['ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE']) {
      const bind = await rest(sim, 'event.bind', { event, event_type: 'offline' }, { token: admin });
      expect(bind.json.result).toBe(true);
    }
    const ping = await rest(
      sim,
      'event.bind',
      { event: 'ONOFFLINEEVENT', handler: `${app.url}/events` },
      { token: admin },
    );
    expect(ping.json.result).toBe(true);
    for (let i = 0; i < 4; i++) contacts.push(await sim.controls.addContact({ NAME: `Клиент ${i}` }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('queues nothing before installFinish', async () => {
    expect(b24.sim.state.offlineQueue).toHaveLength(0);
    expect((await offline()).json.result).toEqual({ process_id: null, events: [] });
    b24.sim.controls.installFinish();
  });

  it('keeps one row per object and event: 3 edits of a contact leave one row with the last time (event.offline.list shape)', async () => {
    const { sim } = b24;
    const [first = 0] = contacts;
    await sim.controls.updateContact(first, { NAME: 'a' });
    clock.advance(5_000);
    await sim.controls.updateContact(first, { NAME: 'b' });
    clock.advance(5_000);
    await sim.controls.updateContact(first, { NAME: 'c' });
    const list = await rest(
      sim,
      'event.offline.list',
      { filter: { ERROR: 0 }, order: { ID: 'DESC' } },
      { token: admin },
    );
    expect(list.json).toEqual({
      result: [
        {
          ID: expect.stringMatching(/^\d+$/),
          TIMESTAMP_X: expect.stringMatching(ISO_WITH_OFFSET),
          EVENT_NAME: 'ONCRMCONTACTUPDATE',
          EVENT_DATA: { FIELDS: { ID: first } },
          EVENT_ADDITIONAL: { user_id: '1' },
          MESSAGE_ID: expect.stringMatching(/^[0-9a-f]{32}$/),
          PROCESS_ID: '',
          ERROR: '0',
        },
      ],
      total: 1,
      time: timeShape(),
    });
    expect(Date.parse(list.json.result[0].TIMESTAMP_X)).toBe(clock.now().getTime());
  });

  it('event.offline.get (clear=1, the default) hands the rows over and deletes them (event-offline-get.md response)', async () => {
    const answer = await offline();
    expect(answer.json).toEqual({
      result: {
        process_id: null,
        events: [
          {
            ID: expect.any(String),
            TIMESTAMP_X: expect.stringMatching(ISO_WITH_OFFSET),
            EVENT_NAME: 'ONCRMCONTACTUPDATE',
            EVENT_DATA: { FIELDS: { ID: contacts[0] } },
            EVENT_ADDITIONAL: { user_id: '1' },
            MESSAGE_ID: expect.any(String),
          },
        ],
      },
      time: timeShape(),
    });
    expect(b24.sim.state.offlineQueue).toHaveLength(0);
  });

  it('replays the docs request examples (filter with operators before the field) and refuses other fields and operators', async () => {
    // event-offline-get.md, cURL (OAuth)
    const docs = await offline({ filter: { '=MESSAGE_ID': 1, '=EVENT_NAME': 'ONCRMLEADADD', '>=ID': 1 } });
    expect(docs.status).toBe(200);
    expect(docs.json.result).toEqual({ process_id: null, events: [] });
    const field = await offline({ filter: { PROCESS_ID: 'x' } });
    expect(field.json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: 'Filter field not allowed: PROCESS_ID',
    });
    const op = await offline({ filter: { '!EVENT_NAME': 'x' } });
    expect(op.json.error_description).toBe('Filter operation not allowed: !');
    const limit = await offline({ limit: 0 });
    expect(limit.json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: 'Value must be positive integer',
      argument: 'LIMIT',
    });
  });

  it('with clear=0 reserves the rows under a process_id; a newer change is a new row; event.offline.clear confirms', async () => {
    const { sim } = b24;
    const [a = 0, b = 0] = contacts;
    await sim.controls.updateContact(a, { POST: 'x' });
    await sim.controls.updateContact(b, { POST: 'x' });
    const read = await offline({ clear: 0 });
    const processId = read.json.result.process_id;
    expect(processId).toMatch(/^[a-z0-9]{32}$/);
    expect(
      read.json.result.events.map((e: { EVENT_DATA: { FIELDS: { ID: number } } }) => e.EVENT_DATA.FIELDS.ID),
    ).toEqual([a, b]);
    // Nothing more for another reader while the rows are reserved…
    expect((await offline({ clear: 0 })).json.result.events).toEqual([]);
    // …but a change made meanwhile is not merged into a reserved row.
    await sim.controls.updateContact(a, { POST: 'y' });
    expect(sim.state.offlineQueue.filter((r) => r.PROCESS_ID === '')).toHaveLength(1);
    // event-offline-clear.md: {"process_id": …, "id": [..]} → {"result": true}
    const ids = read.json.result.events.map((e: { ID: string }) => Number(e.ID));
    const cleared = await rest(
      sim,
      'event.offline.clear',
      { process_id: processId, id: ids },
      { token: admin },
    );
    expect(cleared.json).toEqual({ result: true, time: timeShape() });
    expect(sim.state.offlineQueue.map((r) => r.EVENT_DATA)).toEqual([{ FIELDS: { ID: a } }]);
    expect((await offline()).json.result.events).toHaveLength(1);
  });

  it('gives parallel readers different rows', async () => {
    const { sim } = b24;
    for (const id of contacts) await sim.controls.updateContact(id, { COMMENTS: 'p' });
    const [one, two] = await Promise.all([offline({ clear: 0, limit: 2 }), offline({ clear: 0, limit: 2 })]);
    const idsOf = (a: typeof one) => a.json.result.events.map((e: { ID: string }) => e.ID);
    expect(idsOf(one)).toHaveLength(2);
    expect(idsOf(two)).toHaveLength(2);
    expect(idsOf(one).filter((id: string) => idsOf(two).includes(id))).toEqual([]);
    expect(one.json.result.process_id).not.toBe(two.json.result.process_id);
    for (const answer of [one, two]) {
      await rest(sim, 'event.offline.clear', { process_id: answer.json.result.process_id }, { token: admin });
    }
    expect(sim.state.offlineQueue).toHaveLength(0);
  });

  it('event.offline.error puts a row back flagged ERROR=1, returned only with error=1; message_id must be 32 chars', async () => {
    const { sim } = b24;
    await sim.controls.updateContact(contacts[2] ?? 0, { POST: 'err' });
    const read = await offline({ clear: 0 });
    const { process_id: processId, events } = read.json.result;
    const marked = await rest(
      sim,
      'event.offline.error',
      { process_id: processId, message_id: [events[0].MESSAGE_ID] },
      { token: admin },
    );
    expect(marked.json.result).toBe(true);
    expect((await offline()).json.result.events).toEqual([]);
    const errors = await offline({ error: 1 });
    expect(errors.json.result.events.map((e: { MESSAGE_ID: string }) => e.MESSAGE_ID)).toEqual([
      events[0].MESSAGE_ID,
    ]);
    const badIds = await rest(
      sim,
      'event.offline.clear',
      { process_id: processId, message_id: [2] },
      { token: admin },
    );
    expect(badIds.json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: 'Value must be array of MESSAGE_ID values',
      argument: 'messsage_id',
    });
  });

  it('pings ONOFFLINEEVENT at most once per minTimeout (default 1 s) however many rows a burst queues', async () => {
    const { sim } = b24;
    clock.advance(10_000);
    app.received.length = 0;
    const many: number[] = [];
    for (let i = 0; i < 60; i++) many.push(await sim.controls.addContact({ NAME: `Пачка ${i}` }));
    await sim.controls.bulkUpdateContacts(many, (id) => ({ COMMENTS: `bulk ${id}` }));
    expect(sim.state.offlineQueue.filter((r) => r.EVENT_NAME === 'ONCRMCONTACTUPDATE')).toHaveLength(60);
    const pings = app.of('ONOFFLINEEVENT');
    expect(pings).toHaveLength(1);
    expect(pings[0]?.form).toEqual({
      event: 'ONOFFLINEEVENT',
      event_handler_id: expect.stringMatching(/^\d+$/),
      data: { type: 'add', event: 'ONCRMCONTACTADD', handler: `${app.url}/events` },
      ts: expect.stringMatching(/^\d+$/),
      auth: expect.objectContaining({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        application_token: sim.state.applicationToken,
        member_id: sim.memberId,
      }),
    });
    clock.advance(1_000);
    await sim.controls.updateContact(many[0] ?? 0, { COMMENTS: 'later' });
    expect(app.of('ONOFFLINEEVENT')).toHaveLength(2);
    // Drain in pages of 50, as the docs advise.
    let drained = 0;
    for (;;) {
      const page = await offline();
      drained += page.json.result.events.length;
      if (page.json.result.events.length < 50) break;
    }
    expect(drained).toBe(120);
  });

  it("does not queue the app's own REST writes for the connector they were made with; auth_connector keeps its own queue", async () => {
    const { sim } = b24;
    const [id = 0] = contacts;
    await rest(sim, 'crm.contact.update', { id, fields: { POST: 'own write' } }, { token: admin });
    expect(sim.state.offlineQueue).toHaveLength(0);
    const bind = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMCONTACTUPDATE', event_type: 'offline', auth_connector: 'lime' },
      { token: admin },
    );
    expect(bind.json.result).toBe(true);
    await rest(
      sim,
      'crm.contact.update',
      { id, fields: { POST: 'via lime' }, auth_connector: 'lime' },
      { token: admin },
    );
    expect(sim.state.offlineQueue.map((r) => r.CONNECTOR_ID)).toEqual(['']);
    await sim.controls.updateContact(id, { POST: 'manager' });
    const lime = await offline({ auth_connector: 'lime' });
    expect(lime.json.result.events.map((e: { EVENT_DATA: unknown }) => e.EVENT_DATA)).toEqual([
      { FIELDS: { ID: id } },
    ]);
    expect((await offline()).json.result.events).toHaveLength(1);
  });

  it('is for admins in an application context only', async () => {
    const { sim } = b24;
    const manager = sim.controls.addUser({ admin: false });
    const auth = sim.controls.frame({ placement: 'DEFAULT', userId: manager }).form.AUTH_ID;
    const denied = await offline({}, auth);
    expect(denied.status).toBe(403);
    expect(denied.json.error).toBe('ACCESS_DENIED');
  });
});

describe('Bitrix24 simulator: ONOFFLINEEVENT with options.minTimeout = 0 (once per hit)', () => {
  const b24 = setupBitrix24Simulator();

  it('pings once per hit: each manager edit is a hit, a whole batch is one', async () => {
    const { sim } = b24;
    const app = await startReceiver();
    try {
      const admin = (await installFinished(sim)).token;
      await rest(sim, 'event.bind', { event: 'ONCRMDEALADD', event_type: 'offline' }, { token: admin });
      const bind = await rest(
        sim,
        'event.bind',
        { event: 'ONOFFLINEEVENT', handler: `${app.url}/events`, options: { minTimeout: 0 } },
        { token: admin },
      );
      expect(bind.json.result).toBe(true);
      for (let i = 0; i < 3; i++) await sim.controls.addDeal({ TITLE: `Сделка ${i}` });
      expect(app.of('ONOFFLINEEVENT')).toHaveLength(3);
      expect(app.of('ONOFFLINEEVENT')[0]?.form.data).toEqual({
        type: 'add',
        event: 'ONCRMDEALADD',
        handler: `${app.url}/events`,
        minTimeout: '0',
      });
      const hook = sim.controls.createInboundWebhook({ scope: ['crm'] });
      const cmd = Object.fromEntries(
        [1, 2, 3].map((i) => [`d${i}`, `crm.deal.add?fields[TITLE]=Вебхук ${i}`]),
      );
      await fetch(`${hook.url}batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ cmd }),
      });
      await sim.controls.deliveriesSettled();
      expect(app.of('ONOFFLINEEVENT')).toHaveLength(4);
      expect(sim.state.offlineQueue).toHaveLength(6);
    } finally {
      await app.close();
    }
  });
});
