import { beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator } from './support';

/**
 * Leads, pipelines, fields, catalogs, links and notes over API v4 (reference §3.3–3.5; tasks:
 * tasks.test.ts):
 * the docs' lead create with `_embedded.contacts`, integer prices, statuses that must belong to
 * the pipeline, 142/143 in every pipeline, custom fields created by an admin only, catalog
 * PRICE read back as a string, the link example with `metadata.quantity`, notes.
 */

// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ limits: { perSecond: 1000 } });
let token = '';
let contactId = 0;
beforeAll(async () => {
  token = (await connect(h.sim)).access_token;
  contactId = await h.sim.controls.addContact({ first_name: 'Анна' });
});

const mainPipeline = () => {
  const p = h.sim.state.pipelines.find((x) => x.is_main);
  if (!p) throw new Error('no main pipeline');
  return p;
};

describe('account and users', () => {
  it('GET /api/v4/account answers id and subdomain, with= adds what was asked', async () => {
    const r = await api(h.sim, token, 'GET', '/api/v4/account?with=amojo_id,task_types,datetime_settings');
    expect(r.json).toMatchObject({ id: h.sim.accountId, subdomain: 'kidburg', currency: 'RUB' });
    expect(typeof r.json.amojo_id).toBe('string');
    expect(r.json._embedded.task_types.map((t: { id: number }) => t.id)).toEqual([1, 2]);
    const plain = await api(h.sim, token, 'GET', '/api/v4/account');
    expect(plain.json.amojo_id).toBeUndefined();
  });

  it('GET /api/v4/users lists the account users with rights', async () => {
    const id = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const r = await api(h.sim, token, 'GET', '/api/v4/users');
    const u = r.json._embedded.users.find((x: { id: number }) => x.id === id);
    expect(u).toMatchObject({ name: 'Менеджер', rights: { is_admin: false } });
  });
});

describe('pipelines and leads', () => {
  it('pipelines embed statuses, including 142 won and 143 lost', async () => {
    const r = await api(h.sim, token, 'GET', '/api/v4/leads/pipelines');
    const [p] = r.json._embedded.pipelines;
    const ids = p._embedded.statuses.map((s: { id: number }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([142, 143]));
    expect(p.is_main).toBe(true);
  });

  it('a pipeline an admin adds has stages of its own and 142/143; a lead takes its stages only with its id', async () => {
    const id = h.sim.controls.addPipeline('Бронирования');
    const r = await api(h.sim, token, 'GET', '/api/v4/leads/pipelines');
    const added = r.json._embedded.pipelines.find((p: { id: number }) => p.id === id);
    expect(added).toMatchObject({ name: 'Бронирования', is_main: false });
    const ids: number[] = added._embedded.statuses.map((s: { id: number }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([142, 143]));
    const own = ids.find((s) => s !== 142 && s !== 143 && !mainPipeline().statuses.some((m) => m.id === s));
    const lead = (await api(h.sim, token, 'POST', '/api/v4/leads', [{ name: 'Бронь' }])).json._embedded
      .leads[0].id;
    const across = await api(h.sim, token, 'PATCH', `/api/v4/leads/${lead}`, { status_id: own });
    expect(across.status).toBe(400);
    const moved = await api(h.sim, token, 'PATCH', `/api/v4/leads/${lead}`, {
      status_id: own,
      pipeline_id: id,
    });
    expect(moved.status).toBe(200);
  });

  it('creates the docs lead with a contact link; price is an integer, statuses belong to the pipeline', async () => {
    const p = mainPipeline();
    const status = p.statuses.find((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
    const ok = await api(h.sim, token, 'POST', '/api/v4/leads', [
      {
        name: 'Проход 12.05 14:03',
        price: 500,
        pipeline_id: p.id,
        status_id: status?.id,
        _embedded: { tags: [{ name: 'Лайм' }], contacts: [{ id: contactId }] },
      },
    ]);
    expect(ok.status).toBe(200);
    const id = ok.json._embedded.leads[0].id;
    const got = await api(h.sim, token, 'GET', `/api/v4/leads/${id}?with=contacts`);
    expect(got.json).toMatchObject({
      price: 500,
      pipeline_id: p.id,
      status_id: status?.id,
      custom_fields_values: null,
      closed_at: null,
    });
    expect(got.json._embedded.contacts).toEqual([expect.objectContaining({ id: contactId, is_main: true })]);

    const strPrice = await api(h.sim, token, 'POST', '/api/v4/leads', [{ name: 'x', price: '500' }]);
    expect(strPrice.status).toBe(400);
    expect(strPrice.json['validation-errors'][0].errors[0].path).toBe('price');
    const foreign = await api(h.sim, token, 'POST', '/api/v4/leads', [
      { name: 'x', pipeline_id: p.id, status_id: 1 },
    ]);
    expect(foreign.status).toBe(400);
    const ghost = await api(h.sim, token, 'POST', '/api/v4/leads', [
      { name: 'x', _embedded: { contacts: [{ id: 1 }] } },
    ]);
    expect(ghost.status).toBe(400);

    const won = await api(h.sim, token, 'PATCH', '/api/v4/leads', [{ id, status_id: 142, price: 1500 }]);
    expect(won.status).toBe(200);
    const after = await api(h.sim, token, 'GET', `/api/v4/leads/${id}`);
    expect(after.json).toMatchObject({ status_id: 142, price: 1500 });
    expect(typeof after.json.closed_at).toBe('number');
  });

  it('lead custom fields: an admin creates them, a non-admin gets 403, values are checked by type', async () => {
    const r = await api(h.sim, token, 'POST', '/api/v4/leads/custom_fields', [
      { name: 'Визит (Лайм)', type: 'numeric', code: 'LIME_VISIT' },
    ]);
    expect(r.status).toBe(200);
    const fieldId = r.json._embedded.custom_fields[0].id;
    const dup = await api(h.sim, token, 'POST', '/api/v4/leads/custom_fields', [
      { name: 'again', type: 'numeric', code: 'LIME_VISIT' },
    ]);
    expect(dup.status).toBe(400);
    const badEnums = await api(h.sim, token, 'POST', '/api/v4/contacts/custom_fields', [
      { name: 'x', type: 'text', enums: [{ value: 'a' }] },
    ]);
    expect(badEnums.status).toBe(400);
    const listed = await api(h.sim, token, 'GET', '/api/v4/leads/custom_fields');
    expect(listed.json._embedded.custom_fields.map((f: { id: number }) => f.id)).toContain(fieldId);

    const made = await api(h.sim, token, 'POST', '/api/v4/leads', [
      { name: 'v', custom_fields_values: [{ field_id: fieldId, values: [{ value: 'abc' }] }] },
    ]);
    expect(made.status).toBe(400);

    const manager = h.sim.controls.addUser({ admin: false });
    const managerToken = (await connect(h.sim, manager)).access_token;
    const denied = await api(h.sim, managerToken, 'POST', '/api/v4/leads/custom_fields', [
      { name: 'n', type: 'text' },
    ]);
    expect(denied.status).toBe(403);
    expect(denied.type).toBe('application/problem+json');
  });
});

describe('catalogs and links', () => {
  it('elements come back with PRICE as a string; links carry metadata.quantity', async () => {
    const cats = await api(h.sim, token, 'GET', '/api/v4/catalogs');
    const products = cats.json._embedded.catalogs.find((c: { type: string }) => c.type === 'products');
    expect(products.name).toBe('Товары');
    expect((await api(h.sim, token, 'GET', `/api/v4/catalogs/${products.id}/elements`)).status).toBe(204);
    const made = await api(h.sim, token, 'POST', `/api/v4/catalogs/${products.id}/elements`, [
      {
        name: 'Билет 1 час',
        custom_fields_values: [
          { field_code: 'SKU', values: [{ value: 'LIME-101' }] },
          { field_code: 'PRICE', values: [{ value: 500 }] },
        ],
      },
    ]);
    expect(made.status).toBe(200);
    const element = made.json._embedded.elements[0];
    const list = await api(h.sim, token, 'GET', `/api/v4/catalogs/${products.id}/elements?query=Билет`);
    const price = list.json._embedded.elements[0].custom_fields_values.find(
      (f: { field_code: string }) => f.field_code === 'PRICE',
    );
    expect(price.values[0].value).toBe('500');
    const patched = await api(h.sim, token, 'PATCH', `/api/v4/catalogs/${products.id}/elements`, [
      { id: element.id, custom_fields_values: [{ field_code: 'PRICE', values: [{ value: '12' }] }] },
    ]);
    expect(patched.status).toBe(200);

    const leadId = await h.sim.controls.addLead({ name: 'Бронь' });
    const link = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      {
        to_entity_id: element.id,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: products.id, quantity: 2.5 },
      },
    ]);
    expect(link.status).toBe(200);
    const links = await api(h.sim, token, 'GET', `/api/v4/leads/${leadId}/links`);
    expect(links.json._embedded.links).toEqual([
      expect.objectContaining({
        to_entity_id: element.id,
        to_entity_type: 'catalog_elements',
        metadata: expect.objectContaining({ quantity: 2.5, catalog_id: products.id }),
      }),
    ]);
    expect(h.sim.state.links).toHaveLength(1);
    // LinkMethodsTrait::unlink: the same item shape; the link goes, the answer is 204.
    const unlinked = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/unlink`, [
      { to_entity_id: element.id, to_entity_type: 'catalog_elements', metadata: { catalog_id: products.id } },
    ]);
    expect(unlinked.status).toBe(204);
    expect(h.sim.state.links).toHaveLength(0);
    const relinked = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      {
        to_entity_id: element.id,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: products.id, quantity: 2.5 },
      },
    ]);
    expect(relinked.status).toBe(200);
    const wrong = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      {
        to_entity_id: 1,
        to_entity_type: 'catalog_elements',
        metadata: { catalog_id: products.id, quantity: 1 },
      },
    ]);
    expect(wrong.status).toBe(400);
  });
});

describe('notes', () => {
  it('adds notes to contacts and reads them back; refuses unknown types and entities', async () => {
    const r = await api(h.sim, token, 'POST', '/api/v4/contacts/notes', [
      {
        entity_id: contactId,
        note_type: 'service_message',
        params: { service: 'Лайм', text: 'Покупка 500 ₽' },
      },
    ]);
    expect(r.status).toBe(200);
    const got = await api(h.sim, token, 'GET', `/api/v4/contacts/${contactId}/notes`);
    expect(got.json._embedded.notes[0]).toMatchObject({
      note_type: 'service_message',
      params: { service: 'Лайм', text: 'Покупка 500 ₽' },
    });
    expect(
      (
        await api(h.sim, token, 'POST', '/api/v4/contacts/notes', [
          { entity_id: contactId, note_type: 'tweet', params: {} },
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await api(h.sim, token, 'POST', '/api/v4/leads/notes', [
          { entity_id: 1, note_type: 'common', params: { text: 'x' } },
        ])
      ).status,
    ).toBe(400);
  });
});
