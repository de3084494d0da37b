import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator, startReceiver } from './support';

/**
 * `POST /api/v4/leads/complex` (reference §3.3; amocrm-api-php Leads::addComplex,
 * LeadModel::toComplexApi, examples/leads_complex_actions.php): a lead and its new contact in one
 * request, the answer `[{id, contact_id, company_id, request_id: [...], merged}]`, the checks of
 * leads and contacts plus the endpoint's own limits, all or nothing, webhooks for both.
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

/** examples/leads_complex_actions.php, as toComplexApi() sends its $externalData (request_id = key). */
const PHP_EXAMPLE = [
  {
    name: 'Lead name',
    price: 54321,
    _embedded: {
      tags: [{ name: 'Новый клиент' }],
      contacts: [
        {
          first_name: 'Ivan',
          last_name: 'Zinoviev',
          custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79129876543' }] }],
        },
      ],
      companies: [{ name: 'Qwerty LLC' }],
      metadata: {
        form_id: 'my_best_form',
        form_name: 'Обратная связь',
        form_page: 'https://example.com/form',
        form_sent_at: 1_700_000_000,
        referer: 'https://google.com/search',
        ip: '192.168.0.1',
        category: 'forms',
      },
    },
    request_id: '0',
  },
  {
    name: 'Lead 2 name',
    price: 99212,
    _embedded: {
      tags: [{ name: 'Важный клиент' }],
      contacts: [
        {
          first_name: 'Masha',
          last_name: 'Petrova',
          custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79123456789' }] }],
        },
      ],
      companies: [{ name: 'Asdfg LLC' }],
    },
    request_id: '1',
  },
];

const counts = () => ({ leads: h.sim.state.leads.length, contacts: h.sim.state.contacts.length });

describe('POST /api/v4/leads/complex', () => {
  it('the SDK example with companies and form metadata is refused whole: neither is simulated', async () => {
    const before = counts();
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', PHP_EXAMPLE);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.json['validation-errors']).toEqual([
      {
        request_id: '0',
        errors: [
          expect.objectContaining({ code: 'NotSupportedChoice', path: '_embedded.companies' }),
          expect.objectContaining({ code: 'NotSupportedChoice', path: '_embedded.metadata' }),
        ],
      },
      { request_id: '1', errors: [expect.objectContaining({ path: '_embedded.companies' })] },
    ]);
    expect(counts()).toEqual(before);
  });

  it('creates each lead with its new contact and answers the SDK shape; the lead holds the contact', async () => {
    const body = PHP_EXAMPLE.map(({ _embedded: { tags, contacts }, ...lead }) => ({
      ...lead,
      _embedded: { tags, contacts },
    }));
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', body);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      {
        id: expect.any(Number),
        contact_id: expect.any(Number),
        company_id: null,
        request_id: ['0'],
        merged: false,
      },
      {
        id: expect.any(Number),
        contact_id: expect.any(Number),
        company_id: null,
        request_id: ['1'],
        merged: false,
      },
    ]);
    const [first] = r.json;
    const lead = await api(h.sim, token, 'GET', `/api/v4/leads/${first.id}?with=contacts`);
    expect(lead.json).toMatchObject({ name: 'Lead name', price: 54321 });
    expect(lead.json._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['Новый клиент']);
    expect(lead.json._embedded.contacts).toEqual([
      expect.objectContaining({ id: first.contact_id, is_main: true }),
    ]);
    const contact = await api(h.sim, token, 'GET', `/api/v4/contacts/${first.contact_id}`);
    expect(contact.json).toMatchObject({ name: 'Ivan Zinoviev', first_name: 'Ivan', last_name: 'Zinoviev' });
    expect(contact.json.custom_fields_values[0]).toMatchObject({
      field_code: 'PHONE',
      values: [expect.objectContaining({ value: '+79129876543', enum_code: 'WORK' })],
    });
  });

  it('places the lead in the pipeline and stage asked, with its responsible users; reference §3.3 example', async () => {
    const pipeline = h.sim.state.pipelines.find((p) => p.is_main);
    const status = pipeline?.statuses.find((s) => s.type === 0 && s !== pipeline.statuses[0]);
    const manager = h.sim.controls.addUser({ admin: false, name: 'Ольга' });
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', [
      {
        name: 'Бронь ДР 20.06',
        price: 15000,
        pipeline_id: pipeline?.id,
        status_id: status?.id,
        responsible_user_id: manager,
        request_id: 'booking-77',
        _embedded: {
          tags: [{ name: 'Бронирование' }],
          contacts: [
            {
              first_name: 'Анна',
              responsible_user_id: manager,
              custom_fields_values: [
                { field_code: 'PHONE', values: [{ value: '+79991234567', enum_code: 'MOB' }] },
                { field_code: 'EMAIL', values: [{ value: 'anna@example.ru', enum_code: 'PRIV' }] },
              ],
            },
          ],
        },
      },
    ]);
    expect(r.json).toEqual([
      {
        id: expect.any(Number),
        contact_id: expect.any(Number),
        company_id: null,
        request_id: ['booking-77'],
        merged: false,
      },
    ]);
    const lead = h.sim.state.leads.find((l) => l.id === r.json[0].id);
    expect(lead).toMatchObject({
      pipeline_id: pipeline?.id,
      status_id: status?.id,
      responsible_user_id: manager,
      contact_ids: [r.json[0].contact_id],
    });
    const contact = h.sim.state.contacts.find((c) => c.id === r.json[0].contact_id);
    expect(contact?.responsible_user_id).toBe(manager);
    // No request_id: the item's index, as for every batch write.
    const plain = await api(h.sim, token, 'POST', '/api/v4/leads/complex', [
      { name: 'Без ключа', _embedded: { contacts: [{ first_name: 'Пётр' }] } },
    ]);
    expect(plain.json[0].request_id).toEqual(['0']);
  });

  it('a lead without a contact is a lead alone (contact_id null)', async () => {
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', [{ name: 'Только сделка' }]);
    expect(r.json).toEqual([
      { id: expect.any(Number), contact_id: null, company_id: null, request_id: ['0'], merged: false },
    ]);
    expect(h.sim.state.leads.find((l) => l.id === r.json[0].id)?.contact_ids).toEqual([]);
  });

  it('refuses what leads and contacts refuse, and its own limits — all or nothing', async () => {
    const before = counts();
    const many = Array.from({ length: 41 }, () => ({
      field_code: 'PHONE',
      values: [{ value: '+79990000000' }],
    }));
    const cases: [Record<string, unknown>, { code: string; path: string }][] = [
      [
        { name: 'x', price: '500' },
        { code: 'InvalidType', path: 'price' },
      ],
      [
        { name: 'x', id: 5 },
        { code: 'NotSupportedChoice', path: 'id' },
      ],
      [
        { name: 'x', _embedded: { contacts: [{ first_name: 'a' }, { first_name: 'b' }] } },
        { code: 'TooManyElements', path: '_embedded.contacts' },
      ],
      [
        { name: 'x', _embedded: { contacts: [{ id: 1 }] } },
        { code: 'NotSupportedChoice', path: '_embedded.contacts.0.id' },
      ],
      [
        { name: 'x', _embedded: { contacts: [{ first_name: 'a', custom_fields_values: many }] } },
        { code: 'TooManyElements', path: '_embedded.contacts.0.custom_fields_values' },
      ],
      [
        { name: 'x', _embedded: { contacts: [{ first_name: 7 }] } },
        { code: 'InvalidType', path: '_embedded.contacts.0.first_name' },
      ],
      [
        {
          name: 'x',
          _embedded: { contacts: [{ first_name: 'a', custom_fields_values: [{ field_id: 1, values: [] }] }] },
        },
        { code: 'NotSupportedChoice', path: '_embedded.contacts.0.custom_fields_values.0.field_id' },
      ],
      [
        { name: 'x', status_id: 1 },
        { code: 'NotSupportedChoice', path: 'status_id' },
      ],
      // The contact is valid and made first; the lead's refusal must take it back.
      [
        { name: 'x', status_id: 1, _embedded: { contacts: [{ first_name: 'лишний' }] } },
        { code: 'NotSupportedChoice', path: 'status_id' },
      ],
      [
        { name: 'x', responsible_user_id: 1 },
        { code: 'NotSupportedChoice', path: 'responsible_user_id' },
      ],
    ];
    for (const [bad, error] of cases) {
      // A valid lead and contact first: the bad item refuses the request, the good one is not kept.
      const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', [
        { name: 'ok', _embedded: { contacts: [{ first_name: 'ok' }] } },
        bad,
      ]);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json['validation-errors'], JSON.stringify(bad)).toEqual([
        { request_id: '1', errors: [expect.objectContaining(error)] },
      ]);
    }
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ name: `L${i}` }));
    expect((await api(h.sim, token, 'POST', '/api/v4/leads/complex', tooMany)).status).toBe(400);
    expect((await api(h.sim, token, 'POST', '/api/v4/leads/complex', [])).status).toBe(400);
    expect((await api(h.sim, token, 'POST', '/api/v4/leads/complex', { name: 'x' })).status).toBe(400);
    expect(counts()).toEqual(before);
  });

  it('fires add_contact and add_lead, together, to a subscribed destination', async () => {
    const destination = `${receiver.url}/api/amo/webhook/complex`;
    await api(h.sim, token, 'POST', '/api/v4/webhooks', {
      destination,
      settings: ['add_contact', 'add_lead'],
    });
    const start = receiver.received.length;
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/complex', [
      { name: 'Новый клиент Лайма', _embedded: { contacts: [{ first_name: 'Вера', last_name: 'Лаймова' }] } },
    ]);
    await h.sim.controls.deliveriesSettled();
    const posts = receiver.received.slice(start);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.form.contacts.add[0]).toMatchObject({
      id: String(r.json[0].contact_id),
      name: 'Вера Лаймова',
    });
    expect(post?.form.leads.add[0]).toMatchObject({ id: String(r.json[0].id), name: 'Новый клиент Лайма' });
  });
});
