import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedRoute } from '@/lib/auth/embed-route';
import { type EmbedClaims, mintEmbedToken } from '@/lib/auth/embed-token';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { contactCardForClaims } from '@/lib/sync/embed-api';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../../support/bitrix24-harness';
import { mirrorSimulatedPark } from '../../support/lime-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The contact tab's data: a Bitrix24 contact (read from the portal) matched to its Lime client in
 * the mirror, with children, balances and the last 10 operations, for the tenant and the contact
 * the embed token names, and nothing else.
 */

let t: TestDatabase;
let h: Bitrix24Harness;
let lime: LimeSimulator;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, { sim: { seed: 701 } });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  tenantId = (await h.tenant())?.id as string;
  lime = await startLimeSimulator({ seed: 7, clients: 60 });
  await mirrorSimulatedPark(t.database, { secrets: h.deps.secrets, tenantId, sim: lime });
});
afterAll(async () => {
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const crmDeps = () => ({
  database: t.database,
  secrets: h.deps.secrets,
  allowHttpLoopback: true,
  bitrix24App: TEST_APP,
});
const claimsFor = (contactId: number | string): EmbedClaims => ({
  tenantId,
  crm: 'bitrix24',
  userId: '1',
  admin: false,
  locale: 'ru',
  entity: { type: 'contact', id: String(contactId) },
  hostOrigin: h.sim.portalUrl,
});

describe('the contact card', () => {
  it('shows the Lime client behind a contact matched by phone, with children, balances and the last 10 operations', async () => {
    const parent = lime.park
      .adults()
      .find((c) => c.phoneNumber && [...lime.park.relations.values()].some((r) => r.parentId === c.id));
    expect(parent).toBeDefined();
    const children = [...lime.park.relations.values()].filter((r) => r.parentId === parent?.id);
    const contactId = await h.sim.controls.addContact({
      NAME: parent?.firstName ?? '',
      PHONE: [
        {
          VALUE: `8 (${parent?.phoneNumber?.slice(1, 4)}) ${parent?.phoneNumber?.slice(4)}`,
          VALUE_TYPE: 'WORK',
        },
      ],
    });
    const card = await contactCardForClaims(crmDeps(), claimsFor(contactId));
    expect(card.client?.id).toBe(parent?.id);
    expect(card.client?.name).toBe(parent?.displayName);
    expect(card.client?.children.map((c) => c.id).sort()).toEqual(children.map((r) => r.childId).sort());
    const history = lime.park.transactions.filter((tx) => tx.clientId === parent?.id);
    expect(card.client?.transactions.length).toBe(Math.min(10, history.length));
    const times = card.client?.transactions.map((tx) => Date.parse(tx.occurredAt)) ?? [];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('says so when no Lime client matches, and refuses a token that names a deal', async () => {
    const stranger = await h.sim.controls.addContact({
      NAME: 'Незнакомец',
      PHONE: [{ VALUE: '+7 900 000-00-01', VALUE_TYPE: 'WORK' }],
    });
    const card = await contactCardForClaims(crmDeps(), claimsFor(stranger));
    expect(card).toEqual({ contact: { id: String(stranger), name: 'Незнакомец' }, client: null });
    await expect(
      contactCardForClaims(crmDeps(), { ...claimsFor(stranger), entity: { type: 'deal', id: '1' } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('embedded API routes take the embed token or answer 401 with the envelope', async () => {
    const key = h.deps.embedKey;
    const route = embedRoute(
      'test',
      async () => ({ key, tenantActive: async () => true }),
      async (_request, _context, claims) => Response.json({ tenantId: claims.tenantId }),
    );
    const call = (authorization?: string) =>
      route(new Request('http://x/api/embed/test', { headers: authorization ? { authorization } : {} }), {
        params: Promise.resolve({}),
      });
    expect((await call()).status).toBe(401);
    const bad = await call('Bearer not.a.token');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const good = await call(`Bearer ${await mintEmbedToken(key, claimsFor(1))}`);
    expect(await good.json()).toEqual({ tenantId });
  });
});
