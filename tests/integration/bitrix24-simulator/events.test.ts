import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFinished, rest, setupBitrix24Simulator, startReceiver, timeShape } from './support';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Bitrix24 simulator: event.bind, event.get, event.unbind and online deliveries', () => {
  const b24 = setupBitrix24Simulator();
  let app: Receiver;
  let admin = '';
  beforeAll(async () => {
    app = await startReceiver();
    admin = (await b24.sim.controls.install()).form.AUTH_ID ?? '';
  });
  afterAll(async () => {
    await app.close();
  });

  it('binds like event-bind.md (`{"result": true}`) and lists like event-get.md', async () => {
    const { sim } = b24;
    const bind = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMCONTACTUPDATE', handler: `${app.url}/events` },
      { token: admin },
    );
    expect(bind.status).toBe(200);
    expect(bind.json).toEqual({ result: true, time: timeShape() });
    expect(
      (
        await rest(
          sim,
          'event.bind',
          { event: 'ONCRMCONTACTADD', handler: `${app.url}/events`, auth_type: 1 },
          { token: admin },
        )
      ).json.result,
    ).toBe(true);
    expect(
      (await rest(sim, 'event.bind', { event: 'ONCRMDEALUPDATE', event_type: 'offline' }, { token: admin }))
        .json.result,
    ).toBe(true);
    const list = await rest(sim, 'event.get', {}, { token: admin });
    expect(list.json.result).toEqual([
      { event: 'ONCRMCONTACTUPDATE', handler: `${app.url}/events`, auth_type: '0', offline: 0 },
      { event: 'ONCRMCONTACTADD', handler: `${app.url}/events`, auth_type: '1', offline: 0 },
      { event: 'ONCRMDEALUPDATE', connector_id: '', offline: 1 },
    ]);
  });

  it('refuses what the portal refuses: the same binding twice, unknown events, bad handlers, missing arguments', async () => {
    const { sim } = b24;
    const again = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMCONTACTUPDATE', handler: `${app.url}/events` },
      { token: admin },
    );
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      error: 'ERROR_CORE',
      error_description: 'Unable to set event handler: Handler already binded',
    });
    // event-bind.md "Error Handling"
    const unknown = await rest(
      sim,
      'event.bind',
      { event: 'ONSOMETHINGELSE', handler: `${app.url}/events` },
      { token: admin },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' });
    for (const handler of ['/embedded/menu', 'http://localhost:3000/events']) {
      const bad = await rest(sim, 'event.bind', { event: 'ONCRMDEALADD', handler }, { token: admin });
      expect(bad.json.error, handler).toBe('ERROR_WRONG_HANDLER_URL');
    }
    const ftp = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMDEALADD', handler: 'ftp://files.example.com/x' },
      { token: admin },
    );
    expect(ftp.json.error).toBe('ERROR_UNSUPPORTED_PROTOCOL');
    const noHandler = await rest(sim, 'event.bind', { event: 'ONCRMDEALADD' }, { token: admin });
    expect(noHandler.json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: "Argument 'HANDLER' is null or empty",
      argument: 'HANDLER',
    });
    const offlinePing = await rest(
      sim,
      'event.bind',
      { event: 'ONOFFLINEEVENT', event_type: 'offline' },
      { token: admin },
    );
    expect(offlinePing.json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: 'Offline event cannot be registered for this event.',
    });
  });

  it('delivers nothing until installFinish, then POSTs the on-crm-contact-update.md payload, form-urlencoded', async () => {
    const { sim } = b24;
    const id = await sim.controls.addContact({ NAME: 'Ирина' });
    await sim.controls.updateContact(id, { LAST_NAME: 'Котова' });
    expect(app.received).toHaveLength(0);
    // Managers see "not fully installed yet" instead of the app.
    const manager = sim.controls.addUser({ admin: false });
    expect(() => sim.controls.frame({ placement: 'DEFAULT', userId: manager })).toThrow(
      /not fully installed/,
    );
    sim.controls.installFinish();
    await sim.controls.updateContact(id, { SECOND_NAME: 'Павловна' });
    const [post] = app.of('ONCRMCONTACTUPDATE');
    expect(post?.contentType).toBe('application/x-www-form-urlencoded');
    expect(post?.raw).toMatch(
      /^event=ONCRMCONTACTUPDATE&event_handler_id=\d+&data%5BFIELDS%5D%5BID%5D=\d+&ts=\d+&auth%5B/,
    );
    expect(post?.form).toEqual({
      event: 'ONCRMCONTACTUPDATE',
      event_handler_id: String(sim.state.eventBindings.find((b) => b.event === 'ONCRMCONTACTUPDATE')?.id),
      data: { FIELDS: { ID: String(id) } },
      ts: expect.stringMatching(/^\d+$/),
      auth: {
        access_token: expect.stringMatching(/^[0-9a-f]{70}$/),
        expires: expect.stringMatching(/^\d+$/),
        expires_in: '3600',
        scope: 'crm,placement,user_brief',
        domain: sim.domain,
        server_endpoint: sim.serverEndpoint,
        status: 'F',
        client_endpoint: sim.clientEndpoint,
        member_id: sim.memberId,
        user_id: '1',
        application_token: sim.state.applicationToken,
      },
    });
    const delivery = sim.state.deliveries.find((d) => d.event === 'ONCRMCONTACTUPDATE');
    expect(delivery).toMatchObject({ status: 200, body: 'OK', error: null });
  });

  it('lets a manager bind only online events for themself, and refuses a webhook (application context only)', async () => {
    const { sim } = b24;
    const manager = sim.controls.addUser({ admin: false });
    const auth = sim.controls.frame({ placement: 'DEFAULT', userId: manager }).form.AUTH_ID;
    const offline = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMLEADADD', event_type: 'offline' },
      { token: auth },
    );
    expect(offline.status).toBe(403);
    expect(offline.json).toEqual({
      error: 'ACCESS_DENIED',
      error_description: 'Access denied! Offline events binding requires administrator access rights',
    });
    const other = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMLEADADD', handler: `${app.url}/m`, auth_type: 1 },
      { token: auth },
    );
    expect(other.status).toBe(403);
    const own = await rest(
      sim,
      'event.bind',
      { event: 'ONCRMLEADADD', handler: `${app.url}/m` },
      { token: auth },
    );
    expect(own.json.result).toBe(true);
    expect((await rest(sim, 'event.get', {}, { token: auth })).json.result).toEqual([
      { event: 'ONCRMLEADADD', handler: `${app.url}/m`, auth_type: String(manager), offline: 0 },
    ]);
    const hook = sim.controls.createInboundWebhook({ scope: ['crm'] });
    const viaHook = await fetch(`${hook.url}event.bind.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'ONCRMDEALADD', handler: `${app.url}/events` }),
    });
    expect(viaHook.status).toBe(403);
    expect((await viaHook.json()).error).toBe('WRONG_AUTH_TYPE');
  });

  it("authorizes the handler as the binding's auth_type user, else as whoever made the change", async () => {
    const { sim } = b24;
    const manager = sim.controls.addUser({ admin: false, name: 'Пётр Иванов' });
    app.received.length = 0;
    const id = await sim.controls.addContact({ NAME: 'Лев' }, { userId: manager });
    await sim.controls.updateContact(id, { NAME: 'Лев Н.' }, { userId: manager });
    const [add] = app.of('ONCRMCONTACTADD');
    const [update] = app.of('ONCRMCONTACTUPDATE');
    expect(add?.form.auth.user_id).toBe('1');
    expect(update?.form.auth.user_id).toBe(String(manager));
    const asManager = await rest(sim, 'profile', {}, { token: update?.form.auth.access_token });
    expect(asManager.json.result.ID).toBe(String(manager));
  });

  it("fires online events for the app's own REST writes too (loop prevention is the app's job)", async () => {
    const { sim } = b24;
    app.received.length = 0;
    const added = await rest(sim, 'crm.contact.add', { fields: { NAME: 'Эхо' } }, { token: admin });
    await rest(
      sim,
      'crm.contact.update',
      { id: added.json.result, fields: { NAME: 'Эхо 2' } },
      { token: admin },
    );
    await sim.controls.deliveriesSettled();
    expect(app.of('ONCRMCONTACTADD').map((r) => r.form.data.FIELDS.ID)).toEqual([String(added.json.result)]);
    expect(app.of('ONCRMCONTACTUPDATE').map((r) => r.form.data.FIELDS.ID)).toEqual([
      String(added.json.result),
    ]);
  });

  it('does not retry: a failing handler gets the event once and the failure is recorded', async () => {
    const { sim } = b24;
    app.received.length = 0;
    app.answer(500);
    const id = await sim.controls.addContact({ NAME: 'Сбой' });
    app.answer(200);
    await sim.controls.deliveriesSettled();
    expect(app.of('ONCRMCONTACTADD')).toHaveLength(1);
    expect(sim.state.deliveries.filter((d) => d.event === 'ONCRMCONTACTADD').at(-1)).toMatchObject({
      status: 500,
    });
    expect(id).toBeGreaterThan(0);
  });

  it('unbinds like event-unbind.md: `{"result": {"count": 1}}`', async () => {
    const { sim } = b24;
    const answer = await rest(
      sim,
      'event.unbind',
      { event: 'ONCRMCONTACTADD', handler: `${app.url}/events`, auth_type: 1 },
      { token: admin },
    );
    expect(answer.json).toEqual({ result: { count: 1 }, time: timeShape() });
    const none = await rest(
      sim,
      'event.unbind',
      { event: 'ONCRMCONTACTADD', handler: `${app.url}/events` },
      { token: admin },
    );
    expect(none.json.result).toEqual({ count: 0 });
  });

  it('posts ONAPPUNINSTALL without tokens (on-app-uninstall.md) and removes every binding and placement', async () => {
    const { sim } = b24;
    await rest(
      sim,
      'event.bind',
      { event: 'ONAPPUNINSTALL', handler: `${app.url}/events` },
      { token: admin },
    );
    await rest(
      sim,
      'placement.bind',
      { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', HANDLER: `${app.url}/placement` },
      { token: admin },
    );
    const applicationToken = sim.state.applicationToken;
    const deliveries = await sim.controls.uninstall({ clean: true });
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    const [post] = app.of('ONAPPUNINSTALL');
    expect(post?.form).toEqual({
      event: 'ONAPPUNINSTALL',
      event_handler_id: expect.stringMatching(/^\d+$/),
      data: { LANGUAGE_ID: 'ru', CLEAN: '1' },
      ts: expect.stringMatching(/^\d+$/),
      auth: {
        domain: sim.domain,
        server_endpoint: sim.serverEndpoint,
        client_endpoint: sim.clientEndpoint,
        member_id: sim.memberId,
        application_token: applicationToken,
      },
    });
    expect(sim.state.eventBindings.filter((b) => b.owner === 'app')).toEqual([]);
    expect(sim.state.placements).toEqual([]);
    app.received.length = 0;
    await sim.controls.addContact({ NAME: 'После удаления' });
    expect(app.received).toEqual([]);
  });
});

describe('Bitrix24 simulator: outgoing webhooks', () => {
  const b24 = setupBitrix24Simulator();

  it('POSTs events with only domain, endpoints, member_id and the webhook application token', async () => {
    const { sim } = b24;
    const app = await startReceiver();
    try {
      const { applicationToken } = sim.controls.createOutgoingWebhook({
        handler: `${app.url}/api/bitrix24/hooks/1`,
        events: ['ONCRMDEALUPDATE'],
      });
      const id = await sim.controls.addDeal({ TITLE: 'Праздник' });
      await sim.controls.updateDeal(id, { OPPORTUNITY: 5000 });
      const [post] = app.of('ONCRMDEALUPDATE');
      expect(post?.form.auth).toEqual({
        domain: sim.domain,
        server_endpoint: sim.serverEndpoint,
        client_endpoint: sim.clientEndpoint,
        member_id: sim.memberId,
        application_token: applicationToken,
      });
      expect(post?.form.data).toEqual({ FIELDS: { ID: String(id) } });
      await installFinished(sim);
      expect(sim.state.installed).toBe(true);
    } finally {
      await app.close();
    }
  });
});
