import { beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator } from './support';

/**
 * Contacts over API v4 (reference §3.1–3.2): the docs' create example (PHONE/MOB, EMAIL/PRIV,
 * tags, request_id), HAL+JSON answers, `custom_fields_values: null` when empty, 204 with no
 * body for an empty list, limit ≤ 250, pagination through `_links.next`, filters, query,
 * batches ≤ 50 refused whole on one bad item, PATCH in batch and by id.
 */

// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ limits: { perSecond: 1000 } });
let token = '';
beforeAll(async () => {
  token = (await connect(h.sim)).access_token;
});

describe('contacts', () => {
  it('an empty list is 204 with no body', async () => {
    const r = await api(h.sim, token, 'GET', '/api/v4/contacts');
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
  });

  it('creates the docs example and reads it back in the v4 shape', async () => {
    const created = await api(h.sim, token, 'POST', '/api/v4/contacts', [
      {
        first_name: 'Анна',
        last_name: 'Иванова',
        request_id: 'lime-42',
        custom_fields_values: [
          { field_code: 'PHONE', values: [{ value: '+79991234567', enum_code: 'MOB' }] },
          { field_code: 'EMAIL', values: [{ value: 'a@ex.ru', enum_code: 'PRIV' }] },
        ],
        _embedded: { tags: [{ name: 'Лайм' }] },
      },
      { name: 'Без полей' },
    ]);
    expect(created.status).toBe(200);
    expect(created.type).toBe('application/hal+json');
    const [anna, bare] = created.json._embedded.contacts;
    expect(anna.request_id).toBe('lime-42');
    expect(bare.request_id).toBe('1');
    expect(anna._links.self.href).toBe(`${h.sim.url}/api/v4/contacts/${anna.id}`);

    const got = await api(h.sim, token, 'GET', `/api/v4/contacts/${anna.id}`);
    expect(got.json).toMatchObject({
      id: anna.id,
      name: 'Анна Иванова',
      first_name: 'Анна',
      account_id: h.sim.accountId,
    });
    const phone = got.json.custom_fields_values.find((f: { field_code: string }) => f.field_code === 'PHONE');
    expect(phone).toMatchObject({
      field_type: 'multitext',
      values: [{ value: '+79991234567', enum_code: 'MOB' }],
    });
    expect(typeof phone.values[0].enum_id).toBe('number');
    expect(got.json._embedded.tags[0].name).toBe('Лайм');
    const empty = await api(h.sim, token, 'GET', `/api/v4/contacts/${bare.id}`);
    expect(empty.json.custom_fields_values).toBeNull();
  });

  it('refuses an unknown enum_code, an unknown field and a wrong type, and the whole batch with them', async () => {
    const before = h.sim.state.contacts.length;
    const r = await api(h.sim, token, 'POST', '/api/v4/contacts', [
      { name: 'ok' },
      {
        name: 'bad',
        request_id: 'x',
        custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '1', enum_code: 'MOBILE' }] }],
      },
      { name: 'bad2', custom_fields_values: [{ field_id: 1, values: [{ value: 'a' }] }] },
      { first_name: 5 },
    ]);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.json).toMatchObject({ title: 'Bad Request', status: 400, detail: 'Request validation failed' });
    const errs = r.json['validation-errors'];
    expect(errs.map((e: { request_id: string }) => e.request_id)).toEqual(['x', '2', '3']);
    expect(errs[0].errors[0]).toMatchObject({
      code: 'NotSupportedChoice',
      path: 'custom_fields_values.0.values.0.enum_code',
    });
    expect(errs[1].errors[0].path).toBe('custom_fields_values.0.field_id');
    expect(h.sim.state.contacts.length).toBe(before);
  });

  it('writes are arrays of at most 50', async () => {
    expect((await api(h.sim, token, 'POST', '/api/v4/contacts', { name: 'x' })).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `c${i}` }));
    expect((await api(h.sim, token, 'POST', '/api/v4/contacts', many)).status).toBe(400);
    expect((await api(h.sim, token, 'POST', '/api/v4/contacts', many.slice(0, 50))).status).toBe(200);
  });

  it('limit is at most 250; pages follow _links.next', async () => {
    expect((await api(h.sim, token, 'GET', '/api/v4/contacts?limit=251')).status).toBe(400);
    const seen = new Set<number>();
    let next: string | undefined = `${h.sim.url}/api/v4/contacts?limit=20`;
    let pages = 0;
    while (next) {
      const r = await api(h.sim, token, 'GET', next.replace(h.sim.url, ''));
      expect(r.status).toBe(200);
      for (const c of r.json._embedded.contacts) seen.add(c.id);
      next = r.json._links.next?.href;
      pages += 1;
    }
    expect(seen.size).toBe(h.sim.state.contacts.length);
    expect(pages).toBe(Math.ceil(seen.size / 20));
    const beyond = await api(h.sim, token, 'GET', '/api/v4/contacts?limit=250&page=2');
    expect(beyond.status).toBe(204);
  });

  it('filters by id, by updated_at, by query (phone digits), and orders', async () => {
    const ids = h.sim.state.contacts.slice(0, 3).map((c) => c.id);
    const byId = await api(
      h.sim,
      token,
      'GET',
      `/api/v4/contacts?filter[id][]=${ids[0]}&filter[id][]=${ids[2]}`,
    );
    expect(byId.json._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([ids[0], ids[2]]);
    const found = await api(h.sim, token, 'GET', '/api/v4/contacts?query=79991234567');
    expect(found.json._embedded.contacts.map((c: { name: string }) => c.name)).toEqual(['Анна Иванова']);
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect(
      (await api(h.sim, token, 'GET', `/api/v4/contacts?filter[updated_at][from]=${future}`)).status,
    ).toBe(204);
    const desc = await api(h.sim, token, 'GET', '/api/v4/contacts?order[id]=desc&limit=2');
    const [a, b] = desc.json._embedded.contacts;
    expect(a.id).toBeGreaterThan(b.id);
  });

  it('PATCH in batch and by id replaces the fields sent', async () => {
    const [first, second] = h.sim.state.contacts;
    const batch = await api(h.sim, token, 'PATCH', '/api/v4/contacts', [
      {
        id: first?.id,
        custom_fields_values: [
          { field_code: 'PHONE', values: [{ value: '+79990000001', enum_code: 'WORK' }] },
        ],
      },
      { id: second?.id, first_name: 'Пётр' },
    ]);
    expect(batch.status).toBe(200);
    expect(batch.json._embedded.contacts).toHaveLength(2);
    const one = await api(h.sim, token, 'PATCH', `/api/v4/contacts/${second?.id}`, { last_name: 'Петров' });
    expect(one.status).toBe(200);
    expect(one.json.id).toBe(second?.id);
    const got = await api(h.sim, token, 'GET', `/api/v4/contacts/${first?.id}`);
    const phones = got.json.custom_fields_values.find(
      (f: { field_code: string }) => f.field_code === 'PHONE',
    );
    expect(phones.values).toEqual([expect.objectContaining({ value: '+79990000001', enum_code: 'WORK' })]);
    const missing = await api(h.sim, token, 'PATCH', '/api/v4/contacts', [{ id: 1, name: 'x' }]);
    expect(missing.status).toBe(400);
  });

  it('unknown paths are 404, other verbs 405, non-JSON writes 415, a missing contact 404', async () => {
    expect((await api(h.sim, token, 'GET', '/api/v4/nothing')).status).toBe(404);
    expect((await api(h.sim, token, 'GET', '/api/v4/contacts/1')).status).toBe(404);
    expect((await api(h.sim, token, 'DELETE', '/api/v4/contacts')).status).toBe(405);
    const form = await fetch(`${h.sim.url}/api/v4/contacts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
  });
});
