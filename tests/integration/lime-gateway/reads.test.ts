import { beforeAll, describe, expect, it } from 'vitest';
import type { LimeGateway } from '@/lib/lime/gateway';
import { formatLimeTime } from '@/lib/lime/http/parse';
import type { SimClient } from '@/lib/simulators/lime';
import { setupLimeGateway } from './support';

/**
 * Every read of the gateway against the Lime simulator over real HTTP: what comes back equals the
 * simulated park (in domain terms: kopecks, instants, digits), and what went over the wire is what
 * docs/lime-api.md says (verbs, query vs body, `{filter, page}`, take=100 paging, digits-only
 * phones, offset-less times).
 */

/** Every test starts with an empty `lime.sim.requests`. */
const lime = setupLimeGateway({ resetEachTest: 'clear' });
let gateway: LimeGateway;

beforeAll(() => {
  gateway = lime.connect();
});

function apiRequests(path: string) {
  return lime.recent(`/api/${path}`);
}

function bodyOf(request: { body: string } | undefined): unknown {
  return request ? JSON.parse(request.body) : undefined;
}

/** An adult with children, phone, e-mail and a card. */
function family(): SimClient {
  const client = lime.sim.park
    .adults()
    .find(
      (c) =>
        lime.sim.park.relationsOf(c.id).length > 0 &&
        c.phoneNumber &&
        c.email &&
        c.cardIds.length > 0 &&
        c.birthDate,
    );
  if (!client) throw new Error('the simulated park has no family');
  return client;
}

function cardUidOf(client: SimClient): string {
  const card = lime.sim.park.cards.get(client.cardIds[0] ?? -1);
  if (!card) throw new Error('no card');
  return card.uid;
}

describe('goods', () => {
  it('lists every good with prices converted from rubles to kopecks', async () => {
    const goods = await gateway.listGoods();
    const expected = [...lime.sim.park.goods.values()].filter((g) => !g.deleted);
    expect(goods).toHaveLength(expected.length);
    for (const good of expected) {
      expect(goods.find((g) => g.id === good.id)).toEqual({
        id: good.id,
        name: good.name,
        categoryId: good.categoryId,
        price: good.price,
        kind:
          good.id === lime.sim.depositGoodTypeId
            ? 'deposit'
            : good.id === lime.sim.bonusGoodTypeId
              ? 'bonus'
              : 'regular',
        active: good.isActive,
      });
    }
    // «Морс клюквенный» is 149.90 ₽ on the wire.
    expect(goods.find((g) => g.id === 84)?.price).toBe(14990);
    const [request] = apiRequests('GoodTypes/Select');
    expect(request?.method).toBe('POST');
    expect(bodyOf(request)).toEqual({
      filter: { installationId: lime.sim.installationId },
      page: { skip: 0, take: 100 },
    });
  });

  it('lists the categories with a GET and query parameters', async () => {
    // The simulator answers empty lists unless cashdeskId and installationId (query) are ours.
    const categories = await gateway.listGoodCategories();
    expect(categories.length).toBeGreaterThan(0);
    expect(categories).toEqual(lime.sim.park.goodCategories.map((c) => ({ id: c.id, name: c.name })));
    const [request] = apiRequests('CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation');
    expect(request?.method).toBe('GET');
    expect(request?.body).toBe('');
  });
});

describe('clients', () => {
  it('reads a client with category, cards and children (names of relation types)', async () => {
    const parent = family();
    const client = await gateway.getClient(parent.id);
    const relations = lime.sim.park.relationsOf(parent.id);
    expect(client).toMatchObject({
      id: parent.id,
      firstName: parent.firstName,
      lastName: parent.lastName,
      phone: parent.phoneNumber,
      email: parent.email,
      birthDate: parent.birthDate,
      category: 'adult',
      version: parent.version,
      updatedAt: parent.updatedAt,
    });
    expect(client?.cards.map((c) => c.uid)).toContain(cardUidOf(parent));
    expect(client?.children).toHaveLength(relations.length);
    for (const relation of relations) {
      const child = lime.sim.park.clients.get(relation.childId);
      expect(client?.children).toContainEqual({
        clientId: relation.childId,
        firstName: child?.firstName,
        lastName: child?.lastName,
        birthDate: child?.birthDate,
        relationId: relation.id,
        relationTypeId: relation.relationTypeId,
        relationTypeName: lime.sim.park.relationTypes.find((t) => t.id === relation.relationTypeId)?.name,
      });
    }
    expect(bodyOf(apiRequests('ClientManagement/GetClient')[0])).toEqual({
      clientId: parent.id,
      installationId: lime.sim.installationId,
    });
    // Reference lists are read once and cached.
    await gateway.getClient(parent.id);
    expect(apiRequests('ClientCategories/Select')).toHaveLength(1);
    expect(apiRequests('RelationTypes/Select')).toHaveLength(1);
  });

  it('answers null for a client Lime does not know (200 null)', async () => {
    expect(await gateway.getClient(987_654)).toBeNull();
  });

  it('finds a client by phone, sending digits only', async () => {
    const parent = family();
    const digits = parent.phoneNumber ?? '';
    const formatted = `+${digits[0]} (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
    const found = await gateway.findClientByPhone(formatted);
    expect(found?.id).toBe(parent.id);
    expect(bodyOf(apiRequests('ClientManagement/Select')[0])).toEqual({
      filter: { installationId: lime.sim.installationId, phoneNumber: digits },
      page: { skip: 0, take: 100 },
    });
    expect(await gateway.findClientByPhone('+7 900 000-00-00')).toBeNull();
    lime.sim.requests.length = 0;
    expect(await gateway.findClientByPhone('not a phone')).toBeNull();
    expect(lime.sim.requests).toHaveLength(0);
  });

  it('finds a client by e-mail (observed: [0].userData; [] when none)', async () => {
    const parent = family();
    const found = await gateway.findClientByEmail(` ${parent.email?.toUpperCase()} `);
    expect(found?.id).toBe(parent.id);
    expect(found?.children.length).toBeGreaterThan(0);
    expect(bodyOf(apiRequests('ClientManagement/GetClientInfoByEmail')[0])).toEqual({
      email: parent.email?.toUpperCase(),
      installationId: lime.sim.installationId,
    });
    expect(await gateway.findClientByEmail('nobody@nowhere.example')).toBeNull();
  });

  it('finds a client by card uid (observed: userData; null when none)', async () => {
    const parent = family();
    expect((await gateway.findClientByCardUid(cardUidOf(parent)))?.id).toBe(parent.id);
    expect(bodyOf(apiRequests('ClientManagement/GetClientInfoByCardUid')[0])).toEqual({
      uid: cardUidOf(parent),
      installationId: lime.sim.installationId,
    });
    expect(await gateway.findClientByCardUid('FFFFFFFF')).toBeNull();
  });

  it('lists every client over all pages of 100', async () => {
    const clients = await gateway.listClients();
    expect(clients).toHaveLength(lime.sim.park.clients.size);
    expect(new Set(clients.map((c) => c.id))).toEqual(new Set(lime.sim.park.clients.keys()));
    const pages = apiRequests('ClientManagement/Select').map((r) => (bodyOf(r) as { page: unknown }).page);
    expect(pages).toEqual(
      Array.from({ length: Math.floor(lime.sim.park.clients.size / 100) + 1 }, (_, i) => ({
        skip: i * 100,
        take: 100,
      })),
    );
    const children = clients.filter((c) => c.category === 'child');
    expect(children.length).toBeGreaterThan(0);
  });

  it('lists clients changed since a moment, sent as an offset-less venue time', async () => {
    const times = [...lime.sim.park.clients.values()].map((c) => c.updatedAt.getTime()).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length * 0.9)] ?? 0);
    const clients = await gateway.listClients({ updatedSince: since });
    const expected = [...lime.sim.park.clients.values()].filter(
      (c) => c.updatedAt.getTime() >= since.getTime(),
    );
    expect(clients.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const body = bodyOf(apiRequests('ClientManagement/Select')[0]) as { filter: { updatedSince: string } };
    expect(body.filter.updatedSince).toBe(formatLimeTime(since, lime.sim.timeZone));
    expect(body.filter.updatedSince).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });
});

describe('balances', () => {
  it('reads deposit and bonus of a client from GetRights (kopecks)', async () => {
    const rich = lime.sim.park.adults().find((c) => {
      const b = lime.sim.park.balances(c.id);
      return b.deposit > 0 && b.bonus > 0;
    });
    if (!rich) throw new Error('no client with deposit and bonus');
    const balances = await gateway.getBalances(rich.id);
    const expected = lime.sim.park.balances(rich.id);
    expect(balances.deposit).toBe(expected.deposit);
    expect(balances.bonus).toBe(expected.bonus);
    expect(balances.bonusBuckets.reduce((sum, b) => sum + b.amount, 0)).toBe(expected.bonus);
    expect(bodyOf(apiRequests('ClientManagement/GetRights')[0])).toEqual({
      clientId: rich.id,
      installationId: lime.sim.installationId,
    });
  });

  it('reads the balances of a card with a GET, and null for an unknown card (204)', async () => {
    const parent = family();
    const uid = cardUidOf(parent);
    const balances = await gateway.getCardBalances(uid);
    const card = lime.sim.park.cardByUid(uid);
    const onCard = lime.sim.park
      .rightsOf(parent.id)
      .filter((r) => r.cardId === card?.id && r.goodTypeId === lime.sim.depositGoodTypeId)
      .reduce((sum, r) => sum + r.amount, 0);
    expect(balances?.deposit).toBe(onCard);
    const [request] = apiRequests('CashdeskServer/GetCardInfo');
    expect(request?.method).toBe('GET');
    expect(await gateway.getCardBalances('FFFFFFFF')).toBeNull();
  });
});

describe('transactions', () => {
  it('lists the last transactions of a client, newest first, in domain terms', async () => {
    const buyer = lime.sim.park.transactions.find(
      (t) => t.type === 'purchase' && t.entries.length > 1,
    )?.clientId;
    if (!buyer) throw new Error('no purchase');
    const transactions = await gateway.listTransactions({ clientId: buyer, limit: 10 });
    const expected = lime.sim.park.transactions
      .filter((t) => t.clientId === buyer)
      .sort((a, b) => b.time.getTime() - a.time.getTime() || b.id - a.id)
      .slice(0, 10);
    expect(transactions.map((t) => t.id)).toEqual(expected.map((t) => t.id));
    const first = expected[0];
    expect(transactions[0]).toMatchObject({
      type: first?.type,
      occurredAt: first?.time,
      total: first?.total,
      lines: first?.entries.map((e) => ({
        goodId: e.goodTypeId,
        name: e.goodTypeName,
        quantity: e.count,
        price: e.price,
        total: e.total,
      })),
    });
    expect(bodyOf(apiRequests('Transactions/Select')[0])).toEqual({
      filter: { installationId: lime.sim.installationId, clientId: buyer },
      page: { skip: 0, take: 10 },
    });
  });

  it('reads passes with their service point and write-off', async () => {
    const since = new Date(lime.sim.park.now().getTime() - 3 * 86_400_000);
    const transactions = await gateway.listTransactions({ since });
    const expected = lime.sim.park.transactions.filter((t) => t.time.getTime() >= since.getTime());
    expect(transactions).toHaveLength(expected.length);
    const pass = transactions.find((t) => t.type === 'pass');
    expect(pass?.servicePoint?.kind).toMatch(/turnstile|validator|mobile_operator|cashdesk/);
    expect(pass?.writeOff?.amount).toBeGreaterThan(0);
    const body = bodyOf(apiRequests('Transactions/Select')[0]) as { filter: { fromTime: string } };
    expect(body.filter.fromTime).toBe(formatLimeTime(since, lime.sim.timeZone));
  });
});

describe('pre-orders', () => {
  it('lists and reads pre-orders; an unknown one is null (204)', async () => {
    const preorders = await gateway.listPreorders();
    expect(preorders).toHaveLength(lime.sim.park.preorders.size);
    const [sample] = [...lime.sim.park.preorders.values()];
    if (!sample) throw new Error('no pre-order');
    const read = await gateway.getPreorder(sample.id);
    expect(read).toMatchObject({
      id: sample.id,
      number: sample.number,
      status: sample.status,
      eventAt: sample.eventTime,
      total: sample.total,
      version: sample.version,
    });
    expect(await gateway.getPreorder(999_999)).toBeNull();
  });
});

describe('wire conventions', () => {
  it('marks every request with X-Lime-Integration and LimeToken, and never sends a body on GET', async () => {
    await gateway.listGoodCategories();
    await gateway.getClient(family().id);
    expect(lime.sim.requests.length).toBeGreaterThan(0);
    for (const request of lime.sim.requests) {
      expect(request.headers['x-lime-integration']).toBe('crm-bridge');
      expect(request.headers.authorization).toBe(`LimeToken ${lime.sim.credentials.token}`);
      if (request.method === 'POST') expect(request.headers['content-type']).toBe('application/json');
    }
  });
});
