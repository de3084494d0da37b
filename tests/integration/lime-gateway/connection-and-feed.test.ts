import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimeEvent } from '@/lib/domain/lime';
import { limeConnectionSchema } from '@/lib/lime/connection';
import { createHttpLimeGateway } from '@/lib/lime/http/create-gateway';
import { parseLimeEvent } from '@/lib/lime/http/parse';
import { startLimeSimulator } from '@/lib/simulators/lime';
import { setupLimeGateway } from './support';

/**
 * "Test connection" verdicts, the change feed and webhooks, against the simulator over real HTTP.
 * The verdict never throws for ordinary failures and names the first problem in one sentence; the
 * feed is read after an exclusive sinceId and parsed by the same `parseLimeEvent` that reads the
 * JSON Lime POSTs to our webhook.
 */

const lime = setupLimeGateway({ clients: 30 });
const { connect, recent } = lime;

const ALL = { changeFeed: true, preorders: true, bonusAccruals: true, webhooks: true };

describe('testConnection', () => {
  it('everything fine: a plain verdict without a problem, probing each assumed area cheaply', async () => {
    const check = await connect().testConnection();
    expect(check).toEqual({
      reachable: true,
      authenticated: true,
      installationFound: true,
      cashdeskFound: true,
      capabilities: ALL,
      problem: null,
    });
    const installations = recent('/api/Installations/Select')[0];
    expect(JSON.parse(installations?.body ?? '')).toEqual({
      filter: { canWrite: false, id: lime.sim.installationId },
      page: { skip: 0, take: 25 },
    });
    expect(JSON.parse(recent('/api/Cashdesks/Select')[0]?.body ?? '')).toEqual({
      filter: { id: lime.sim.cashdeskId, installationId: lime.sim.installationId },
      page: { skip: 0, take: 25 },
    });
    expect(JSON.parse(recent('/api/Events/Select')[0]?.body ?? '').page).toEqual({ skip: 0, take: 1 });
    expect(JSON.parse(recent('/api/Preorders/Select')[0]?.body ?? '').page).toEqual({ skip: 0, take: 1 });
    // The probes of write-only areas are bodies Lime must refuse: nothing was credited or subscribed.
    expect(lime.sim.park.webhooks.size).toBe(0);
    expect(recent('/api/BonusAccruals/Insert')[0]?.headers['idempotency-key']).toBeTruthy();
  });

  it('a capability the installation lacks is false, and named as the problem', async () => {
    lime.sim.controls.setCapabilities({ preorders: false, webhooks: false });
    const check = await connect().testConnection();
    expect(check.capabilities).toEqual({ ...ALL, preorders: false, webhooks: false });
    expect(check.problem).toBe('This Lime installation does not offer pre-orders.');
    expect(check.authenticated).toBe(true);
  });

  it('a wrong token: reachable, not authenticated', async () => {
    const check = await connect({ token: 'not-the-right-token' }).testConnection();
    expect(check).toMatchObject({ reachable: true, authenticated: false, installationFound: false });
    expect(check.problem).toMatch(/refused the credentials/);
  });

  it('a wrong password: reachable, not authenticated', async () => {
    const gateway = createHttpLimeGateway({
      connection: limeConnectionSchema.parse({
        baseUrl: lime.sim.url,
        auth: { mode: 'password', login: lime.sim.credentials.login, password: 'wrong-password' },
        installationId: lime.sim.installationId,
        cashdeskId: lime.sim.cashdeskId,
      }),
      allowHttpLoopback: true,
    });
    expect(await gateway.testConnection()).toMatchObject({ reachable: true, authenticated: false });
  });

  it('an unknown installation or cash desk', async () => {
    const noInstallation = await connect({ installationId: 77 }).testConnection();
    expect(noInstallation).toMatchObject({
      authenticated: true,
      installationFound: false,
      cashdeskFound: false,
    });
    expect(noInstallation.problem).toBe('Lime has no installation 77 for this user.');
    const noCashdesk = await connect({ cashdeskId: 99 }).testConnection();
    expect(noCashdesk).toMatchObject({ installationFound: true, cashdeskFound: false });
    expect(noCashdesk.problem).toBe(`Lime has no cash desk 99 in installation ${lime.sim.installationId}.`);
  });

  it('a time zone other than the venue reports', async () => {
    const check = await connect({ timeZone: 'Asia/Vladivostok' }).testConnection();
    expect(check.problem).toBe(
      `Lime says the venue's time zone is ${lime.sim.timeZone}, but the connection is set to Asia/Vladivostok.`,
    );
  });

  it('nobody listening, a timeout, a server error, a refused address: verdicts, not exceptions', async () => {
    const gone = await startLimeSimulator({ clients: 1, history: false });
    const goneUrl = gone.url;
    await gone.close();
    expect(await connect({ baseUrl: goneUrl, readRetries: 0 }).testConnection()).toMatchObject({
      reachable: false,
      authenticated: false,
      problem: expect.stringMatching(/could not be reached/),
    });

    lime.sim.controls.fault({ path: '/api/Installations/Select', kind: 'timeout' });
    expect(await connect({ timeoutMs: 300, readRetries: 0 }).testConnection()).toMatchObject({
      reachable: false,
      problem: expect.stringMatching(/did not answer in time/),
    });

    lime.sim.controls.fault({ path: '/api/Installations/Select', kind: 'server_error' });
    expect(await connect({ readRetries: 0 }).testConnection()).toMatchObject({
      reachable: true,
      problem: 'Lime answered with a server error (500); try again later.',
    });

    expect(await connect({ allowHttpLoopback: false }).testConnection()).toMatchObject({
      reachable: false,
      problem: expect.stringMatching(/^The Lime address is not allowed/),
    });
  });
});

describe('change feed', () => {
  it('reads after an exclusive sinceId, ascending, with lastId and hasMore; raw events index for index', async () => {
    const gateway = connect();
    const firstId = lime.sim.park.events[0]?.id ?? 0;
    const page = await gateway.readChanges({ sinceId: firstId, limit: 50 });
    expect(page.events).toHaveLength(50);
    expect(page.events[0]?.id).toBe(lime.sim.park.events[1]?.id);
    expect(page.lastId).toBe(page.events[49]?.id);
    expect(page.hasMore).toBe(true);
    expect(page.raw).toHaveLength(50);
    expect((page.raw[7] as { id: number }).id).toBe(page.events[7]?.id);
    expect(JSON.parse(recent('/api/Events/Select')[0]?.body ?? '')).toEqual({
      filter: { installationId: lime.sim.installationId, sinceId: firstId },
      page: { skip: 0, take: 50 },
    });
  });

  it('reads the whole log to its end, every event in domain terms', async () => {
    const gateway = connect();
    const events: LimeEvent[] = [];
    let sinceId = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const page = await gateway.readChanges({ sinceId });
      events.push(...page.events);
      sinceId = page.lastId;
      if (!page.hasMore) break;
    }
    expect(events.map((e) => e.id)).toEqual(lime.sim.park.events.map((e) => e.id));
    const end = await gateway.readChanges({ sinceId });
    expect(end).toEqual({ events: [], raw: [], lastId: sinceId, hasMore: false });
    const types = new Set(events.map((e) => e.type));
    expect(types).toContain('transaction.created');
    expect(types).toContain('client.created');
    expect(types).toContain('good.created');
  });

  it('sees what happens in the park, and marks the effects of our own writes', async () => {
    const gateway = connect();
    const sinceId = lime.sim.park.events[lime.sim.park.events.length - 1]?.id ?? 0;
    const buyer = lime.sim.park.adults()[0]?.id ?? 0;
    lime.sim.controls.visitorBuys(buyer, [
      { goodTypeId: 55, count: 2 },
      { goodTypeId: 81, count: 1 },
    ]);
    lime.sim.controls.setsGoodPrice(55, 1600.5);
    await gateway.accrueBonus(
      { clientId: buyer, amount: 700, reason: 'manual' },
      { idempotencyKey: 'feed:bonus' },
    );
    const { events } = await gateway.readChanges({ sinceId });
    const purchase = events.find((e) => e.type === 'transaction.created');
    expect(purchase?.type === 'transaction.created' && purchase.transaction.lines).toEqual([
      { goodId: 55, name: 'Билет «Безлимит» детский', quantity: 2, price: 150000, total: 300000 },
      { goodId: 81, name: 'Пицца «Маргарита»', quantity: 1, price: 49000, total: 49000 },
    ]);
    expect(purchase?.origin).toEqual({ source: 'lime', integration: null });
    const good = events.find((e) => e.type === 'good.updated');
    expect(good?.type === 'good.updated' && good.good.price).toBe(160050);
    const accrued = events.find((e) => e.type === 'bonus.accrued');
    expect(accrued?.origin).toEqual({ source: 'integration', integration: 'crm-bridge' });
  });
});

describe('webhooks', () => {
  let receiver: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let url = '';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/lime/webhook/test`;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('subscribes; Lime then POSTs the same event JSON as the feed, which parseLimeEvent reads alike', async () => {
    const gateway = connect();
    const { id } = await gateway.subscribeWebhook({ url, secret: 'webhook-secret-0123456789abcdef' });
    expect(lime.sim.park.webhooks.get(id)?.url).toBe(url);
    const sinceId = lime.sim.park.events[lime.sim.park.events.length - 1]?.id ?? 0;
    const parent = lime.sim.park.adults()[1]?.id ?? 0;
    lime.sim.controls.addsChild(parent, { firstName: 'Миша', lastName: 'Тестов', birthDate: '2019-09-02' });
    await lime.sim.controls.deliverWebhooks();
    const feed = await gateway.readChanges({ sinceId });
    expect(received.length).toBe(feed.events.length);
    const ctx = {
      timeZone: lime.sim.timeZone,
      depositGoodTypeId: lime.sim.depositGoodTypeId,
      bonusGoodTypeId: lime.sim.bonusGoodTypeId,
    };
    for (const [index, delivery] of received.entries()) {
      expect(delivery.headers['x-lime-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
      const event = parseLimeEvent(JSON.parse(delivery.body), ctx);
      expect(event.id).toBe(feed.events[index]?.id);
      expect(event.type).toBe(feed.events[index]?.type);
    }
    expect(feed.events.map((e) => e.type)).toContain('client.relation.created');
  });
});
