import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator, startReceiver } from './support';

/**
 * Webhooks (reference §4): subscriptions through `/api/v4/webhooks` (admin only, the destination
 * must be a URL: the documented `destination.destination` "Invalid URL"), deliveries as
 * form-urlencoded bracketed keys in the legacy layout, several items in one request for changes
 * made together, only the subscribed events, changes through the API fire them too, no
 * retries, and a destination that keeps failing is disabled (> 100 invalid answers in 2 h).
 */

// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ limits: { perSecond: 10_000 } });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let token = '';
beforeAll(async () => {
  receiver = await startReceiver();
  token = (await connect(h.sim)).access_token;
});
afterAll(async () => {
  await receiver.close();
});

describe('subscriptions', () => {
  it('subscribes, lists by destination, refuses bad URLs, unknown events and non-admins', async () => {
    const destination = `${receiver.url}/api/amo/webhook/s3cr3t`;
    const r = await api(h.sim, token, 'POST', '/api/v4/webhooks', {
      destination,
      settings: ['add_contact', 'update_contact', 'delete_contact', 'add_lead', 'status_lead'],
      sort: 10,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ destination, disabled: false, account_id: h.sim.accountId });
    const listed = await api(
      h.sim,
      token,
      'GET',
      `/api/v4/webhooks?filter[destination]=${encodeURIComponent(destination)}`,
    );
    expect(listed.json._embedded.webhooks).toHaveLength(1);

    const bad = await api(h.sim, token, 'POST', '/api/v4/webhooks', {
      destination: 'not a url',
      settings: ['add_contact'],
    });
    expect(bad.status).toBe(400);
    expect(bad.json['validation-errors'][0].errors[0]).toMatchObject({
      path: 'destination.destination',
      detail: 'Invalid URL',
    });
    expect(
      (await api(h.sim, token, 'POST', '/api/v4/webhooks', { destination, settings: ['everything'] })).status,
    ).toBe(400);
    const manager = (await connect(h.sim, h.sim.controls.addUser({ admin: false }))).access_token;
    expect(
      (await api(h.sim, manager, 'POST', '/api/v4/webhooks', { destination, settings: ['add_contact'] }))
        .status,
    ).toBe(403);
  });
});

describe('deliveries', () => {
  it('a contact change arrives form-encoded with bracketed keys and the account', async () => {
    const start = receiver.received.length;
    const id = await h.sim.controls.addContact({
      first_name: 'Анна',
      custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79991234567', enum_code: 'MOB' }] }],
    });
    await h.sim.controls.updateContact(id, { last_name: 'Иванова' });
    await h.sim.controls.deliveriesSettled();
    const [added, updated] = receiver.received.slice(start);
    expect(added?.contentType).toBe('application/x-www-form-urlencoded');
    expect(added?.raw).toContain('contacts%5Badd%5D%5B0%5D%5Bid%5D=');
    expect(added?.form.contacts.add[0]).toMatchObject({ id: String(id), name: 'Анна', type: 'contact' });
    expect(added?.form.contacts.add[0].custom_fields[0].values[0]).toMatchObject({ value: '+79991234567' });
    expect(updated?.form.contacts.update[0]).toMatchObject({ id: String(id), name: 'Анна Иванова' });
    expect(updated?.form.account).toMatchObject({ id: String(h.sim.accountId), subdomain: 'kidburg' });
  });

  it('changes made together arrive as several items in one request', async () => {
    const ids = [
      await h.sim.controls.addContact({ name: 'a' }),
      await h.sim.controls.addContact({ name: 'b' }),
      await h.sim.controls.addContact({ name: 'c' }),
    ];
    await h.sim.controls.deliveriesSettled();
    const start = receiver.received.length;
    await h.sim.controls.bulkUpdateContacts(ids, (id) => ({ name: `bulk ${id}` }));
    await h.sim.controls.deliveriesSettled();
    const got = receiver.received.slice(start);
    expect(got).toHaveLength(1);
    expect(got[0]?.form.contacts.update.map((c: { id: string }) => Number(c.id))).toEqual(ids);
  });

  it('a stage change sends leads[status] with the old stage; unsubscribed events are not sent', async () => {
    const leadId = await h.sim.controls.addLead({ name: 'Сделка', price: 500 });
    const p = h.sim.state.pipelines[0];
    const from = h.sim.state.leads.find((l) => l.id === leadId)?.status_id;
    await h.sim.controls.deliveriesSettled();
    const start = receiver.received.length;
    await h.sim.controls.moveLead(leadId, 142);
    await h.sim.controls.updateLead(leadId, { name: 'renamed' }); // update_lead is not subscribed
    await h.sim.controls.deliveriesSettled();
    const got = receiver.received.slice(start);
    expect(got).toHaveLength(1);
    expect(got[0]?.form.leads.status[0]).toMatchObject({
      id: String(leadId),
      status_id: '142',
      pipeline_id: String(p?.id),
      old_status_id: String(from),
      price: '500',
    });
    expect(got[0]?.form.leads.update).toBeUndefined();
  });

  it('API changes fire webhooks too; deletes carry id and type', async () => {
    const start = receiver.received.length;
    const r = await api(h.sim, token, 'POST', '/api/v4/contacts', [{ name: 'x' }, { name: 'y' }]);
    await h.sim.controls.deleteContact(r.json._embedded.contacts[0].id);
    await h.sim.controls.deliveriesSettled();
    const [added, deleted] = receiver.received.slice(start);
    expect(added?.form.contacts.add).toHaveLength(2);
    expect(deleted?.form.contacts.delete[0]).toEqual({
      id: String(r.json._embedded.contacts[0].id),
      type: 'contact',
    });
    const last = h.sim.state.deliveries.at(-1);
    expect(last).toMatchObject({ status: 200, events: ['delete_contact'] });
  });

  it('no retries; more than 100 invalid answers disable the destination', async () => {
    const id = h.sim.state.contacts[0]?.id ?? 0;
    receiver.answer(500);
    const start = receiver.received.length;
    // One delivery in flight at a time: a hundred at once may miss the 2 s deadline on a loaded machine.
    for (let i = 0; i < 100; i += 1) {
      await h.sim.controls.updateContact(id, { name: `n${i}` });
      await h.sim.controls.deliveriesSettled();
    }
    expect(receiver.received.length - start).toBe(100);
    expect(h.sim.state.webhooks[0]?.disabled).toBe(false);
    await h.sim.controls.updateContact(id, { name: 'n100' });
    await h.sim.controls.deliveriesSettled();
    expect(h.sim.state.webhooks[0]?.disabled).toBe(true);
    await h.sim.controls.updateContact(id, { name: 'after' });
    await h.sim.controls.deliveriesSettled();
    expect(receiver.received.length - start).toBe(101);
    expect(h.sim.state.deliveries.at(-1)?.status).toBe(500);
    receiver.answer(200);
  });

  it('unsubscribing stops deliveries', async () => {
    const destination = h.sim.state.webhooks[0]?.destination;
    expect((await api(h.sim, token, 'DELETE', '/api/v4/webhooks', { destination })).status).toBe(204);
    const start = receiver.received.length;
    await h.sim.controls.addContact({ name: 'silent' });
    await h.sim.controls.deliveriesSettled();
    expect(receiver.received.length).toBe(start);
    expect((await api(h.sim, token, 'GET', '/api/v4/webhooks')).status).toBe(204);
  });
});
