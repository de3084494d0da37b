import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { contactCardForClaims, dealCardForClaims } from '@/lib/sync/embed-api';
import { type AmocrmHarness, startAmocrmHarness } from '../../support/amocrm-harness';
import { mirrorSimulatedPark } from '../../support/lime-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The widget's contact and lead iframes get their data through the same API as Bitrix24's tabs:
 * the amoCRM contact (read through the amoCRM adapter) matched to its Lime client in the mirror.
 */

let t: TestDatabase;
let h: AmocrmHarness;
let lime: LimeSimulator;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAmocrmHarness(t.database, { sim: { seed: 31 } });
  await h.connect();
  tenantId = (await h.tenantId()) as string;
  lime = await startLimeSimulator({ seed: 8, clients: 40 });
  await mirrorSimulatedPark(t.database, { secrets: h.deps.secrets, tenantId, sim: lime });
});
afterAll(async () => {
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const crmDeps = () => h.crmDeps();
const claims = (entity: EmbedClaims['entity']): EmbedClaims => ({
  tenantId,
  crm: 'amocrm',
  userId: '1',
  admin: false,
  locale: 'ru',
  entity,
  hostOrigin: h.sim.url,
});

describe('amoCRM cards', () => {
  it('the contact iframe shows the Lime client matched by phone, with children and operations', async () => {
    const parent = lime.park
      .adults()
      .find((c) => c.phoneNumber && [...lime.park.relations.values()].some((r) => r.parentId === c.id));
    const children = [...lime.park.relations.values()].filter((r) => r.parentId === parent?.id);
    const contactId = await h.sim.controls.addContact({
      first_name: parent?.firstName,
      custom_fields_values: [
        { field_code: 'PHONE', values: [{ value: `+${parent?.phoneNumber}`, enum_code: 'WORK' }] },
      ],
    });
    const card = await contactCardForClaims(crmDeps(), claims({ type: 'contact', id: String(contactId) }));
    expect(card.client?.id).toBe(parent?.id);
    expect(card.client?.children.map((c) => c.id).sort()).toEqual(children.map((r) => r.childId).sort());
    expect(card.client?.transactions.length).toBeGreaterThan(0);
  });

  it('the lead iframe shows the lead contact’s Lime card', async () => {
    const adult = lime.park.adults().find((c) => c.phoneNumber) as NonNullable<
      ReturnType<typeof lime.park.adults>[number]
    >;
    const contactId = await h.sim.controls.addContact({
      first_name: adult.firstName,
      custom_fields_values: [
        { field_code: 'PHONE', values: [{ value: `+${adult.phoneNumber}`, enum_code: 'MOB' }] },
      ],
    });
    const leadId = await h.sim.controls.addLead({
      name: 'День рождения',
      _embedded: { contacts: [{ id: contactId }] },
    });
    const result = await dealCardForClaims(crmDeps(), claims({ type: 'lead', id: String(leadId) }));
    expect(result.deal?.title).toBe('День рождения');
    expect(result.card?.client?.id).toBe(adult.id);
  });
});
