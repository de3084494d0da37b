import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEmbedToken } from '@/lib/auth/embed-token';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { selectionForClaims } from '@/lib/sync/embed-api';
import { type AmocrmHarness, startAmocrmHarness } from '../../support/amocrm-harness';
import { mirrorSimulatedPark } from '../../support/lime-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * Rows ticked in an amoCRM list reach our selection page inside the embed token (never the URL), and
 * the page lists each row with its Lime client: contacts matched by phone, leads through their main
 * contact, rows the CRM no longer has counted as missing.
 */

let t: TestDatabase;
let h: AmocrmHarness;
let lime: LimeSimulator;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAmocrmHarness(t.database, { sim: { seed: 55 } });
  await h.connect();
  lime = await startLimeSimulator({ seed: 12, clients: 30 });
  await mirrorSimulatedPark(t.database, {
    secrets: h.deps.secrets,
    tenantId: (await h.tenantId()) as string,
    sim: lime,
  });
});
afterAll(async () => {
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const crmDeps = () => h.crmDeps();

async function openSelection(body: unknown) {
  const response = await fetch(`${h.appUrl}/api/amocrm/embed-session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-token': h.sim.controls.mintDisposableToken(),
      origin: h.sim.url,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, answer: (await response.json()) as { token: string; pageUrl: string } };
}

async function contactFor(client: { firstName: string; phoneNumber: string | null } | undefined) {
  return h.sim.controls.addContact({
    first_name: client?.firstName ?? 'Гость',
    custom_fields_values: client?.phoneNumber
      ? [{ field_code: 'PHONE', values: [{ value: `8${client.phoneNumber.slice(1)}`, enum_code: 'MOB' }] }]
      : [],
  });
}

describe('list selection', () => {
  it('contacts: the selection rides in the token; each row shows its Lime client or says it is not in Lime', async () => {
    const adults = lime.park.adults().filter((c) => c.phoneNumber);
    const known = [await contactFor(adults[0]), await contactFor(adults[1])];
    const stranger = await h.sim.controls.addContact({
      first_name: 'Незнакомец',
      custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+70000000001', enum_code: 'MOB' }] }],
    });
    const gone = await contactFor(adults[2]);
    await h.sim.controls.deleteContact(gone);

    const { status, answer } = await openSelection({
      entity: 'contacts',
      ids: [...known, stranger, gone, stranger],
    });
    expect(status).toBe(200);
    expect(answer.pageUrl).toMatch(/^\/amocrm\/selection\?lang=ru&host=[^&]+&hs=[\w-]+$/);
    expect(answer.pageUrl).not.toMatch(/ids=/);
    const claims = await verifyEmbedToken(h.deps.embedKey, answer.token);
    expect(claims).toMatchObject({ entity: null, selection: { type: 'contact' } });
    expect(claims.selection?.ids).toEqual([...known, stranger, gone].map(String));

    const view = await selectionForClaims(crmDeps(), claims);
    expect(view.type).toBe('contact');
    expect(view.rows.map((r) => r.id)).toEqual([...known, stranger].map(String));
    expect(view.rows.map((r) => r.client?.id ?? null)).toEqual([adults[0]?.id, adults[1]?.id, null]);
    expect(view).toMatchObject({ matched: 2, missing: 1 });
  });

  it('leads: each lead shows its main contact and that contact’s Lime client', async () => {
    const adult = lime.park.adults().filter((c) => c.phoneNumber)[3];
    const contactId = await contactFor(adult);
    const withContact = await h.sim.controls.addLead({
      name: 'Выпускной',
      _embedded: { contacts: [{ id: contactId }] },
    });
    const alone = await h.sim.controls.addLead({ name: 'Без контакта' });
    const { answer } = await openSelection({ entity: 'leads', ids: [withContact, alone] });
    const claims = await verifyEmbedToken(h.deps.embedKey, answer.token);
    const view = await selectionForClaims(crmDeps(), claims);
    expect(view.rows.map((r) => [r.title, r.contact?.id ?? null, r.client?.id ?? null])).toEqual([
      ['Выпускной', String(contactId), adult?.id],
      ['Без контакта', null, null],
    ]);
    expect(view).toMatchObject({ type: 'lead', matched: 1, missing: 0 });
  });

  it('a card frame has no selection, and a selection larger than a list page is refused, nothing minted', async () => {
    const { answer } = await openSelection({ entity: 'contacts', id: 7 });
    await expect(
      selectionForClaims(crmDeps(), await verifyEmbedToken(h.deps.embedKey, answer.token)),
    ).rejects.toMatchObject({ status: 400 });
    const tooMany = await openSelection({
      entity: 'contacts',
      ids: Array.from({ length: 501 }, (_, i) => i + 1),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.answer).not.toHaveProperty('token');
  });
});
