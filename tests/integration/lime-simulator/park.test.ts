import { describe, expect, it } from 'vitest';
import { type SimPark, startLimeSimulator } from '@/lib/simulators/lime';
import { call, setupLimeSimulator } from './support';

const NOW = () => new Date('2026-01-20T08:00:00Z');

function snapshot(park: SimPark): string {
  return JSON.stringify({
    goods: [...park.goods.values()],
    clients: [...park.clients.values()],
    cards: [...park.cards.values()],
    relations: [...park.relations.values()],
    rights: [...park.rights.values()],
    transactions: park.transactions,
    preorders: [...park.preorders.values()],
    accruals: park.accruals,
    events: park.events,
  });
}

describe('Lime simulator: the park', () => {
  const lime = setupLimeSimulator({ now: NOW });

  it('is «Кидбург»: ids, goods, categories and realistic, fictional people', () => {
    const park = lime.sim.park;
    expect(lime.sim).toMatchObject({
      installationId: 2,
      cashdeskId: 10,
      processingId: 3,
      apiUserId: 158934,
      depositGoodTypeId: 2,
      bonusGoodTypeId: 3,
      timeZone: 'Europe/Moscow',
    });
    const goods = [...park.goods.values()];
    expect(goods.length).toBeGreaterThanOrEqual(30);
    const price = (kind: string) => goods.filter((g) => g.kind === kind).map((g) => g.price / 100);
    expect(Math.min(...price('ticket'))).toBeGreaterThanOrEqual(500);
    expect(Math.max(...price('ticket'))).toBeLessThanOrEqual(1500);
    expect(price('birthday').every((p) => p >= 15_000 && p <= 45_000)).toBe(true);
    expect(price('food').every((p) => p >= 149 && p <= 600)).toBe(true);
    expect(price('service').every((p) => p >= 150 && p <= 5000)).toBe(true);

    const adults = park.adults();
    expect(adults).toHaveLength(300);
    const parents = adults.filter((a) => park.relationsOf(a.id).length > 0);
    expect(parents.length / adults.length).toBeGreaterThan(0.3);
    expect(parents.length / adults.length).toBeLessThan(0.5);
    for (const parent of parents) {
      for (const relation of park.relationsOf(parent.id)) {
        expect(park.clients.get(relation.childId)?.categoryId).toBe(park.childCategoryId);
        expect([3, 4, 5]).toContain(relation.relationTypeId);
      }
    }
    for (const client of park.clients.values()) {
      if (client.phoneNumber) expect(client.phoneNumber).toMatch(/^7999\d{7}$/);
      if (client.email) expect(client.email).toMatch(/@(example\.(ru|com|org)|kidburg\.test)$/);
      expect(client.firstName).toMatch(/^[А-ЯЁ][а-яё]+$/);
    }
    for (const card of park.cards.values()) expect(card.uid).toMatch(/^[0-9A-F]{8}$/);
    const uids = new Set([...park.cards.values()].map((c) => c.uid));
    expect(uids.size).toBe(park.cards.size);
  });

  it('is deterministic: the same seed builds the same park and the same activity', async () => {
    const twin = await startLimeSimulator({ now: NOW });
    const other = await startLimeSimulator({ now: NOW, seed: 7 });
    try {
      expect(snapshot(twin.park)).toBe(snapshot(lime.sim.park));
      expect(twin.credentials).toEqual(lime.sim.credentials);
      expect(snapshot(other.park)).not.toBe(snapshot(lime.sim.park));
      lime.sim.controls.randomActivity(300);
      twin.controls.randomActivity(300);
      expect(snapshot(twin.park)).toBe(snapshot(lime.sim.park));
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('has history: multi-line checks, top-ups, passes, bonus rights with expiry, pre-orders, an ascending log', () => {
    const park = lime.sim.park;
    const types = new Set(park.transactions.map((t) => t.type));
    expect(types).toEqual(new Set(['purchase', 'deposit_topup', 'pass', 'bonus_accrual']));
    expect(park.transactions.some((t) => t.entries.length > 1)).toBe(true);
    expect([...park.rights.values()].some((r) => r.goodTypeId === 3 && r.to !== null)).toBe(true);
    expect(park.preorders.size).toBeGreaterThanOrEqual(5);
    expect(park.events[0]?.id).toBe(90_001);
    expect(park.events.every((e, i) => i === 0 || e.id === (park.events[i - 1]?.id ?? 0) + 1)).toBe(true);
    expect(park.events.every((e) => e.time.getTime() <= NOW().getTime())).toBe(true);
    expect(park.transactions.every((t) => t.time.getTime() <= NOW().getTime())).toBe(true);
  });

  it('every mutation bumps version and updatedAt; passes and purchases set lastVisitAt; top-ups do not', () => {
    const client = lime.sim.park.adults()[10];
    if (!client) throw new Error('no adult');
    const at = (v: number) => ({ version: v, updatedAt: NOW() });
    const start = client.version;
    const lastVisit = client.lastVisitAt;
    lime.sim.controls.topsUp(client.id, 100_000);
    expect(client).toMatchObject(at(start + 1));
    expect(client.lastVisitAt).toEqual(lastVisit);
    lime.sim.controls.passesTurnstile(client.id, 'deposit');
    expect(client).toMatchObject(at(start + 2));
    expect(client.lastVisitAt).toEqual(NOW());
    lime.sim.controls.editsClient(client.id, { phoneNumber: '8 (999) 000-11-22' });
    expect(client).toMatchObject({ ...at(start + 3), phoneNumber: '79990001122' });
    lime.sim.controls.addsChild(client.id, {
      firstName: 'Соня',
      lastName: client.lastName,
      birthDate: '2020-02-02',
    });
    expect(client.version).toBe(start + 4);
  });

  it('passes write off a ticket (buying one first when there is none) or the deposit', () => {
    const client = lime.sim.park.adults()[11];
    if (!client) throw new Error('no adult');
    const before = lime.sim.park.transactions.length;
    const ticketPass = lime.sim.controls.passesTurnstile(client.id, 'ticket');
    expect(ticketPass.writeOff?.kind).toBe('ticket');
    const made = lime.sim.park.transactions.slice(before).map((t) => t.type);
    expect(made.at(-1)).toBe('pass');
    const deposit = lime.sim.park.balances(client.id).deposit;
    const depositPass = lime.sim.controls.passesTurnstile(client.id, 'deposit');
    expect(depositPass.servicePoint?.kind).toBe('validator');
    expect(depositPass.writeOff).toMatchObject({ kind: 'deposit', goodTypeId: 2 });
    if (deposit >= (depositPass.writeOff?.amount ?? 0)) {
      expect(lime.sim.park.balances(client.id).deposit).toBe(deposit - (depositPass.writeOff?.amount ?? 0));
    }
  });

  it('goods change in the back office: good.updated / good.deleted, gone from GoodTypes/Select', async () => {
    lime.sim.controls.setsGoodPrice(61, 450.5);
    lime.sim.controls.renamesGood(61, 'Аквагрим «Супергерой»');
    lime.sim.controls.removesGood(58);
    const types = lime.sim.park.events.slice(-3).map((e) => e.type);
    expect(types).toEqual(['good.updated', 'good.updated', 'good.deleted']);
    const answer = await call(lime.sim, '/api/GoodTypes/Select', {
      body: { filter: { installationId: 2 }, page: { skip: 0, take: 100 } },
    });
    const ids = answer.json.data.map((g: { id: number }) => g.id);
    expect(ids).not.toContain(58);
    expect(answer.json.data.find((g: { id: number }) => g.id === 61)).toMatchObject({
      name: 'Аквагрим «Супергерой»',
      basePrice: 450.5,
    });
  });

  it('randomActivity(10 000) adds at least 10 000 change events', () => {
    const before = lime.sim.park.events.length;
    lime.sim.controls.randomActivity(10_000);
    expect(lime.sim.park.events.length - before).toBeGreaterThanOrEqual(10_000);
  });

  it('has a small JSON control surface under /__sim/, kept out of the request log', async () => {
    const requests = lime.sim.requests.length;
    const state = await fetch(`${lime.sim.url}/__sim/state`).then((r) => r.json());
    expect(state).toMatchObject({
      url: lime.sim.url,
      installationId: 2,
      depositGoodTypeId: 2,
      bonusGoodTypeId: 3,
    });
    const clientId = state.sampleClients[0].id as number;
    const post = (path: string, body: unknown) =>
      fetch(`${lime.sim.url}/__sim/${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
        async (r) => ({
          status: r.status,
          json: await r.json(),
        }),
      );
    expect((await post('visitor-buys', { clientId })).json).toMatchObject({ type: 'purchase', clientId });
    expect((await post('turnstile', { clientId, kind: 'deposit' })).json).toMatchObject({ type: 'pass' });
    expect((await post('random-activity', { count: 10 })).json.events).toBeGreaterThanOrEqual(10);
    expect((await post('edit-client', { clientId, patch: { email: 'ctl@example.ru' } })).status).toBe(200);
    expect((await post('visitor-buys', { clientId: 1 })).status).toBe(400);
    expect((await post('nope', {})).status).toBe(404);
    expect(lime.sim.requests.length).toBe(requests);
  });
});
