import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLimeSimulator } from '@/lib/simulators/lime';
import { call, IDEMPOTENCY, LOCAL_TIME, setupLimeSimulator } from './support';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A webhook receiver on loopback that records deliveries and fails the first `failNext` of them;
 * with `holdBody`, it answers 200 but never finishes the body.
 */
async function receiver() {
  const deliveries: Delivery[] = [];
  const state = { failNext: 0, holdBody: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (state.failNext > 0) {
        state.failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (state.holdBody) res.writeHead(200).write('o');
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/lime/webhook/1`;
  return {
    url,
    deliveries,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Lime simulator: change feed', () => {
  const lime = setupLimeSimulator({ clients: 40 });

  const feed = (sinceId: number, take = 100) =>
    call(lime.sim, '/api/Events/Select', {
      body: { filter: { installationId: 2, sinceId }, page: { skip: 0, take } },
    });

  it('starts at 90001 and ascends; sinceId is exclusive; lastId and hasMore drive the paging', async () => {
    const first = await feed(90_000, 10);
    expect(first.json.data.map((e: { id: number }) => e.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => 90_001 + i),
    );
    expect(first.json).toMatchObject({ lastId: 90_010, hasMore: true });
    const next = await feed(first.json.lastId, 10);
    expect(next.json.data[0].id).toBe(90_011);
    let sinceId = 90_000;
    let seen = 0;
    for (;;) {
      const page = await feed(sinceId, 500);
      expect(page.json.data.length).toBeLessThanOrEqual(100);
      seen += page.json.data.length;
      sinceId = page.json.lastId;
      if (!page.json.hasMore) break;
    }
    expect(seen).toBe(lime.sim.park.events.length);
    const empty = await feed(sinceId);
    expect(empty.json).toEqual({ data: [], lastId: sinceId, hasMore: false });
  });

  it('carries the entity as it was, offset-less times and the origin', async () => {
    const last = lime.sim.park.events[lime.sim.park.events.length - 1]?.id ?? 0;
    const client = lime.sim.park.adults()[0];
    if (!client) throw new Error('no adult');
    lime.sim.controls.editsClient(client.id, { email: 'feed@example.ru' });
    lime.sim.controls.visitorBuys(client.id, [{ goodTypeId: 51, count: 1 }]);
    const page = await feed(last);
    expect(page.json.data).toHaveLength(2);
    const [updated, created] = page.json.data;
    expect(updated).toMatchObject({
      id: last + 1,
      seq: last + 1,
      type: 'client.updated',
      origin: { source: 'lime', integration: null },
      data: { id: client.id, email: 'feed@example.ru' },
    });
    expect(updated.time).toMatch(LOCAL_TIME);
    expect(created).toMatchObject({
      type: 'transaction.created',
      data: { type: 'purchase', clientId: client.id },
    });
    expect(created.data.version).toBeUndefined();
  });

  it('a park without history has an empty log; the first change is 90001', async () => {
    const bare = await startLimeSimulator({ clients: 5, history: false });
    try {
      const empty = await call(bare, '/api/Events/Select', {
        body: { filter: { installationId: 2, sinceId: 0 } },
      });
      expect(empty.json).toEqual({ data: [], lastId: 0, hasMore: false });
      const adult = bare.park.adults()[0];
      if (!adult) throw new Error('no adult');
      bare.controls.topsUp(adult.id, 10_000);
      expect(bare.park.events.map((e) => e.id)).toEqual([90_001]);
    } finally {
      await bare.close();
    }
  });
});

describe('Lime simulator: webhooks', () => {
  const lime = setupLimeSimulator({ clients: 40 });
  let hook: Awaited<ReturnType<typeof receiver>>;
  const secret = 'whsec_0123456789abcdef';
  beforeAll(async () => {
    hook = await receiver();
  });
  afterAll(async () => {
    await hook.close();
  });
  beforeEach(() => {
    hook.deliveries.length = 0;
  });

  const subscribe = (url: string, events: string[], key: string, s = secret) =>
    call(lime.sim, '/api/Webhooks/Insert', { body: { url, events, secret: s }, headers: IDEMPOTENCY(key) });

  it('validates subscriptions (422) and subscribes through the API', async () => {
    expect((await subscribe('not a url', ['*'], 'w-0')).status).toBe(422);
    expect((await subscribe(hook.url, [], 'w-0b')).status).toBe(422);
    expect((await subscribe(hook.url, ['*'], 'w-0c', 'short')).status).toBe(422);
    const answer = await subscribe(hook.url, ['*'], 'w-1');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ id: expect.any(Number) });
    expect(
      (await call(lime.sim, '/api/Webhooks/Insert', { body: { url: hook.url, events: ['*'], secret } })).json
        .id,
    ).toBe(answer.json.id);
  });

  it('delivers events made after the subscription, signed v1=HMAC_SHA256(secret, timestamp.rawBody)', async () => {
    const before = lime.sim.park.events.length;
    lime.sim.controls.randomActivity(5);
    const made = lime.sim.park.events.slice(before);
    const result = await lime.sim.controls.deliverWebhooks();
    expect(result).toEqual({ delivered: made.length, failed: 0 });
    expect(hook.deliveries.map((d) => Number(d.headers['x-lime-event-id']))).toEqual(made.map((e) => e.id));
    const feed = await call(lime.sim, '/api/Events/Select', {
      body: { filter: { installationId: 2, sinceId: (made[0]?.id ?? 0) - 1 }, page: { skip: 0, take: 100 } },
    });
    for (const [i, delivery] of hook.deliveries.entries()) {
      const timestamp = String(delivery.headers['x-lime-timestamp']);
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex');
      expect(delivery.headers['x-lime-signature']).toBe(`v1=${expected}`);
      expect(delivery.headers['content-type']).toBe('application/json');
      const event = JSON.parse(delivery.body);
      expect(delivery.headers['x-lime-event-type']).toBe(event.type);
      expect(event).toEqual(feed.json.data[i]);
    }
    expect(await lime.sim.controls.deliverWebhooks()).toEqual({ delivered: 0, failed: 0 });
  });

  it('sends duplicates and shuffles the order when asked', async () => {
    const before = lime.sim.park.events.length;
    lime.sim.controls.randomActivity(40);
    const ids = lime.sim.park.events.slice(before).map((e) => e.id);
    const result = await lime.sim.controls.deliverWebhooks({ duplicate: true, shuffle: true });
    expect(result.delivered).toBe(ids.length * 2);
    const received = hook.deliveries.map((d) => Number(d.headers['x-lime-event-id']));
    expect([...received].sort((a, b) => a - b)).toEqual(ids.flatMap((id) => [id, id]));
    expect(received).not.toEqual([...received].sort((a, b) => a - b));
  });

  it('retries a failed delivery on the next round', async () => {
    const before = lime.sim.park.events.length;
    lime.sim.controls.randomActivity(3);
    const count = lime.sim.park.events.length - before;
    hook.state.failNext = 1;
    const first = await lime.sim.controls.deliverWebhooks();
    expect(first).toEqual({ delivered: count - 1, failed: 1 });
    const second = await lime.sim.controls.deliverWebhooks();
    expect(second).toEqual({ delivered: 1, failed: 0 });
  });

  it('counts a 2xx as delivered without waiting for its body, so a body that never ends holds up nothing', async () => {
    const before = lime.sim.park.events.length;
    lime.sim.controls.randomActivity(3);
    const made = lime.sim.park.events.slice(before).map((e) => e.id);
    hook.state.holdBody = true;
    try {
      expect(await lime.sim.controls.deliverWebhooks()).toEqual({ delivered: made.length, failed: 0 });
    } finally {
      hook.state.holdBody = false;
    }
    expect(hook.deliveries.map((d) => Number(d.headers['x-lime-event-id']))).toEqual(made);
    expect(await lime.sim.controls.deliverWebhooks()).toEqual({ delivered: 0, failed: 0 });
    // Waiting for each body until the 10 s deadline would take 30 s or more: past this test's bound.
  }, 15_000);

  it('filters by event type ("prefix.*" and exact types)', async () => {
    const other = await receiver();
    try {
      await subscribe(other.url, ['client.*', 'bonus.accrued'], 'w-2');
      const client = lime.sim.park.adults()[1];
      if (!client) throw new Error('no adult');
      lime.sim.controls.editsClient(client.id, { firstName: 'Фильтр' });
      lime.sim.controls.topsUp(client.id, 10_000);
      lime.sim.controls.accruesBonus(client.id, 10_000);
      await lime.sim.controls.deliverWebhooks();
      expect(other.deliveries.map((d) => d.headers['x-lime-event-type'])).toEqual([
        'client.updated',
        'bonus.accrued',
      ]);
    } finally {
      await other.close();
    }
  });
});
