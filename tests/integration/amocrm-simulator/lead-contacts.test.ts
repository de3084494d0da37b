import { beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator } from './support';

/**
 * A lead's main contact through the links API (reference §3.4; the SDK's links_actions.php makes a
 * contact main with ContactModel::setIsMain(true), which getMetadataForLink sends as
 * `metadata.is_main`; answers describe contact links as `metadata.main_contact`), and the contact
 * search a manager types (`query`: part of a name, a phone in any format or its last digits).
 */

// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ limits: { perSecond: 1000 } });
let token = '';
let anna = 0;
let boris = 0;
beforeAll(async () => {
  token = (await connect(h.sim)).access_token;
  anna = await h.sim.controls.addContact({ first_name: 'Анна', last_name: 'Главная' });
  boris = await h.sim.controls.addContact({
    first_name: 'Борис',
    last_name: 'Поисков',
    custom_fields_values: [
      { field_code: 'PHONE', values: [{ value: '+7 (912) 345-67-89', enum_code: 'MOB' }] },
    ],
  });
});

const contactsOf = async (leadId: number) =>
  (await api(h.sim, token, 'GET', `/api/v4/leads/${leadId}?with=contacts`)).json._embedded.contacts.map(
    (c: { id: number; is_main: boolean }) => [c.id, c.is_main],
  );

describe('a lead’s main contact', () => {
  it('links a contact with metadata.is_main: it becomes main, the one before stays linked', async () => {
    const leadId = await h.sim.controls.addLead({ name: 'Бронь', _embedded: { contacts: [{ id: anna }] } });
    const linked = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: boris, to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
    expect(linked.status).toBe(200);
    expect(linked.json._embedded.links).toEqual([
      {
        entity_id: leadId,
        entity_type: 'leads',
        to_entity_id: boris,
        to_entity_type: 'contacts',
        metadata: { main_contact: true },
      },
    ]);
    expect(await contactsOf(leadId)).toEqual([
      [boris, true],
      [anna, false],
    ]);
    const links = await api(h.sim, token, 'GET', `/api/v4/leads/${leadId}/links`);
    expect(links.json._embedded.links.map((l: { metadata: unknown }) => l.metadata)).toEqual([
      { main_contact: true },
      { main_contact: false },
    ]);
  });

  it('a contact linked again without is_main keeps its place; is_main on a linked one makes it main', async () => {
    const leadId = await h.sim.controls.addLead({
      name: 'Бронь 2',
      _embedded: { contacts: [{ id: anna }, { id: boris }] },
    });
    await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: boris, to_entity_type: 'contacts' },
    ]);
    expect(await contactsOf(leadId)).toEqual([
      [anna, true],
      [boris, false],
    ]);
    await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: boris, to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
    expect(await contactsOf(leadId)).toEqual([
      [boris, true],
      [anna, false],
    ]);
    const unlinked = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/unlink`, [
      { to_entity_id: boris, to_entity_type: 'contacts' },
    ]);
    expect(unlinked.status).toBe(204);
    expect(await contactsOf(leadId)).toEqual([[anna, true]]);
  });

  it('refuses a contact the account does not have on to_entity_id; an unknown lead is 404', async () => {
    const leadId = await h.sim.controls.addLead({ name: 'Бронь 3' });
    const ghost = await api(h.sim, token, 'POST', `/api/v4/leads/${leadId}/link`, [
      { to_entity_id: 1, to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
    expect(ghost.status).toBe(400);
    expect(ghost.json['validation-errors'][0].errors[0]).toMatchObject({
      code: 'NotSupportedChoice',
      path: 'to_entity_id',
    });
    const missing = await api(h.sim, token, 'POST', '/api/v4/leads/1/link', [
      { to_entity_id: anna, to_entity_type: 'contacts', metadata: { is_main: true } },
    ]);
    expect(missing.status).toBe(404);
  });
});

describe('contact search with query', () => {
  const names = async (query: string) => {
    const r = await api(h.sim, token, 'GET', `/api/v4/contacts?query=${encodeURIComponent(query)}`);
    return r.status === 204 ? [] : r.json._embedded.contacts.map((c: { name: string }) => c.name);
  };

  it('finds a part of a name in any case, a phone by its national digits or its last seven; nothing is 204', async () => {
    expect(await names('поиско')).toEqual(['Борис Поисков']);
    expect(await names('9123456789')).toEqual(['Борис Поисков']);
    expect(await names('3456789')).toEqual(['Борис Поисков']);
    expect(await names('Никого такого')).toEqual([]);
  });

  it('matches digits inside numbers only for a query typed as a number, not for digits within a word', async () => {
    expect(await names('+7 (912) 345')).toEqual(['Борис Поисков']);
    expect(await names('борис3456789')).toEqual([]);
  });
});
