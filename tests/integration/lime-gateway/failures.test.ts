import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UrlGuardError } from '@/lib/http/url-guard';
import {
  LimeAuthError,
  LimeCapabilityMissingError,
  LimeForbiddenError,
  LimeNotFoundError,
  LimeProtocolError,
  LimeRateLimitedError,
  LimeServerError,
  LimeTimeoutError,
  LimeUnreachableError,
} from '@/lib/lime/errors';
import { startLimeSimulator } from '@/lib/simulators/lime';
import { setupLimeGateway } from './support';

/**
 * How the gateway fails, against the simulator's injected faults over real HTTP: every failure is a
 * typed LimeError (never a crash, never a silent default), reads are retried, writes only with their
 * idempotency key, and a refused URL is a UrlGuardError that opened no connection.
 */

const lime = setupLimeGateway({ clients: 30 });
const { connect, recent } = lime;

function adult(): number {
  const first = lime.sim.park.adults()[0];
  if (!first) throw new Error('no adult');
  return first.id;
}

const GOODS = '/api/GoodTypes/Select';

describe('5xx', () => {
  it('a read is retried and then succeeds; beforeRequest runs before every try', async () => {
    const operations: string[] = [];
    const gateway = connect({ beforeRequest: async (operation) => void operations.push(operation) });
    lime.sim.controls.fault({ path: GOODS, kind: 'server_error', times: 2 });
    const goods = await gateway.listGoods();
    expect(goods.length).toBeGreaterThan(0);
    expect(recent(GOODS)).toHaveLength(3);
    expect(operations).toEqual(['GoodTypes/Select', 'GoodTypes/Select', 'GoodTypes/Select']);
  });

  it('exhausted retries are a LimeServerError', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'server_error', times: 3 });
    const failure = connect().listGoods();
    await expect(failure).rejects.toBeInstanceOf(LimeServerError);
    await expect(failure).rejects.toMatchObject({
      status: 500,
      retryable: true,
      operation: 'GoodTypes/Select',
    });
    expect(recent(GOODS)).toHaveLength(3);
  });

  it('a write with an Idempotency-Key is retried with the same key', async () => {
    lime.sim.controls.fault({ path: '/api/Preorders/Insert', kind: 'server_error' });
    const created = await connect().createPreorder(
      { clientId: adult(), eventAt: new Date('2030-01-01T09:00:00Z'), items: [{ goodId: 55, quantity: 1 }] },
      { idempotencyKey: 'retry:po:1' },
    );
    expect(created.status).toBe('new');
    const keys = recent('/api/Preorders/Insert').map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual(['retry:po:1', 'retry:po:1']);
  });

  it('the observed Insert (Lime may ignore its key) is not retried after a 5xx, only after a 429', async () => {
    const gateway = connect();
    lime.sim.controls.fault({ path: '/api/ClientManagement/Insert', kind: 'server_error' });
    await expect(
      gateway.createClient({ firstName: 'Олег', lastName: 'Пятисотов' }, { idempotencyKey: 'insert:5xx' }),
    ).rejects.toBeInstanceOf(LimeServerError);
    expect(recent('/api/ClientManagement/Insert')).toHaveLength(1);

    lime.mark();
    lime.sim.controls.fault({ path: '/api/ClientManagement/Insert', kind: 'rate_limited' });
    const created = await gateway.createClient(
      { firstName: 'Олег', lastName: 'Подождавший' },
      { idempotencyKey: 'insert:429' },
    );
    expect(created.lastName).toBe('Подождавший');
    expect(recent('/api/ClientManagement/Insert')).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('a request that gets no answer within timeoutMs is a LimeTimeoutError', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'timeout' });
    const started = Date.now();
    await expect(connect({ timeoutMs: 300, readRetries: 0 }).listGoods()).rejects.toBeInstanceOf(
      LimeTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a read that timed out is retried', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'timeout' });
    expect((await connect({ timeoutMs: 300, readRetries: 1 }).listGoods()).length).toBeGreaterThan(0);
    expect(recent(GOODS)).toHaveLength(2);
  });
});

describe('not found: null or 204', () => {
  it('204 on a lookup is null; 204 where a list is due is a LimeProtocolError', async () => {
    const gateway = connect();
    lime.sim.controls.fault({ path: '/api/ClientManagement/GetClient', kind: 'empty_204' });
    expect(await gateway.getClient(adult())).toBeNull();
    lime.sim.controls.fault({ path: '/api/ClientManagement/GetClientInfoByEmail', kind: 'empty_204' });
    expect(await gateway.findClientByEmail('someone@example.ru')).toBeNull();
    lime.sim.controls.fault({ path: GOODS, kind: 'empty_204' });
    await expect(gateway.listGoods()).rejects.toBeInstanceOf(LimeProtocolError);
  });
});

describe('malformed answers', () => {
  it('truncated JSON is a LimeProtocolError, not retried', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'malformed' });
    await expect(connect().listGoods()).rejects.toBeInstanceOf(LimeProtocolError);
    expect(recent(GOODS)).toHaveLength(1);
  });

  describe('wrong shapes (a server that answers valid JSON of the wrong shape)', () => {
    let server: Server;
    let url = '';
    const answers: Record<string, string> = {
      '/api/GoodTypes/Select': '{"data":[{"id":"x","name":"Билет","basePrice":"free"}]}',
      '/api/ClientManagement/GetRights': '{"rights":1}',
      '/api/ClientManagement/Insert': '"seven"',
      '/api/ClientManagement/GetClient': '{"id":1,"firstName":"A"}',
      '/api/Transactions/Select':
        '{"data":[{"id":1,"type":"purchase","time":"2026-01-18T15:30:00+bad","total":1}]}',
      '/api/Events/Select':
        '{"data":[{"id":1,"seq":1,"type":"good.deleted","time":"2026-01-18T15:30:00","origin":{"source":"lime"},"data":{"id":"?"}}],"lastId":1,"hasMore":false}',
    };

    beforeAll(async () => {
      server = createServer((req, res) => {
        const body = answers[(req.url ?? '').split('?')[0] ?? ''];
        req.resume();
        res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
        res.end(body ?? '');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it.each([
      ['listGoods', (g: ReturnType<typeof connect>) => g.listGoods()],
      ['getBalances', (g: ReturnType<typeof connect>) => g.getBalances(1)],
      [
        'createClient',
        (g: ReturnType<typeof connect>) =>
          g.createClient({ firstName: 'A', lastName: 'B' }, { idempotencyKey: 'k' }),
      ],
      ['getClient', (g: ReturnType<typeof connect>) => g.getClient(1)],
      ['listTransactions', (g: ReturnType<typeof connect>) => g.listTransactions({})],
      ['readChanges', (g: ReturnType<typeof connect>) => g.readChanges({ sinceId: 0 })],
    ])('%s → LimeProtocolError naming the operation', async (_name, call) => {
      const failure = call(connect({ baseUrl: url }));
      await expect(failure).rejects.toBeInstanceOf(LimeProtocolError);
      await expect(failure).rejects.toMatchObject({ retryable: false });
    });
  });
});

describe('429', () => {
  it('without retries: LimeRateLimitedError with retryAfterSeconds', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'rate_limited' });
    const failure = connect({ readRetries: 0 }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(LimeRateLimitedError);
    await expect(failure).rejects.toMatchObject({ retryAfterSeconds: 1 });
  });

  it('with retries: waits Retry-After, then succeeds', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'rate_limited' });
    const started = Date.now();
    expect((await connect().listGoods()).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('capabilities', () => {
  it('an assumed operation the installation lacks (404, empty body) is LimeCapabilityMissingError', async () => {
    const gateway = connect();
    lime.sim.controls.setCapabilities({
      preorders: false,
      bonusAccruals: false,
      changeFeed: false,
      webhooks: false,
    });
    await expect(gateway.listPreorders()).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    await expect(gateway.getPreorder(1)).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    await expect(
      gateway.createPreorder(
        {
          clientId: adult(),
          eventAt: new Date('2030-01-01T09:00:00Z'),
          items: [{ goodId: 55, quantity: 1 }],
        },
        { idempotencyKey: 'cap:po' },
      ),
    ).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    await expect(
      gateway.accrueBonus(
        { clientId: adult(), amount: 100, reason: 'manual' },
        { idempotencyKey: 'cap:bonus' },
      ),
    ).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    await expect(gateway.readChanges({ sinceId: 0 })).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    await expect(
      gateway.subscribeWebhook({ url: 'https://x.example.ru/h', secret: 's'.repeat(32) }),
    ).rejects.toBeInstanceOf(LimeCapabilityMissingError);
  });

  it('without any assumed operation, observed lookups still work (category unknown)', async () => {
    lime.sim.controls.setCapabilities({ assumed: false });
    const gateway = connect();
    const withEmail = lime.sim.park.adults().find((c) => c.email);
    await expect(gateway.getClient(adult())).rejects.toBeInstanceOf(LimeCapabilityMissingError);
    const found = await gateway.findClientByEmail(withEmail?.email ?? '');
    expect(found).toMatchObject({ id: withEmail?.id, category: null });
  });
});

describe('refusals', () => {
  it('403 on an installation that is not ours is LimeForbiddenError', async () => {
    await expect(
      connect({ installationId: lime.sim.installationId + 1 }).getClient(adult()),
    ).rejects.toBeInstanceOf(LimeForbiddenError);
  });

  it('a wrong LimeToken is LimeAuthError, not retried, and the token is in no message', async () => {
    const token = 'wrong-token-0000-1111';
    const failure = connect({ token }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(LimeAuthError);
    const error = await failure.catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain(token);
    expect(recent(GOODS)).toHaveLength(1);
  });

  it('a 401 on a call in token mode is LimeAuthError', async () => {
    lime.sim.controls.fault({ path: GOODS, kind: 'unauthorized' });
    await expect(connect().listGoods()).rejects.toBeInstanceOf(LimeAuthError);
  });
});

describe('the network and the URL guard', () => {
  it('nobody listening: LimeUnreachableError after the read retries', async () => {
    const gone = await startLimeSimulator({ clients: 1, history: false });
    const url = gone.url;
    await gone.close();
    let tries = 0;
    const failure = connect({ baseUrl: url, beforeRequest: async () => void tries++ }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(LimeUnreachableError);
    expect(tries).toBe(3);
  });

  it('loopback without ALLOW_HTTP_LOOPBACK: UrlGuardError untouched, nothing reached Lime', async () => {
    const failure = connect({ allowHttpLoopback: false }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(UrlGuardError);
    await expect(failure).rejects.toMatchObject({ reason: 'loopback' });
    expect(recent()).toHaveLength(0);
  });

  it('a name resolving to a private address: UrlGuardError before any connection', async () => {
    const resolve = async () => [{ address: '10.0.0.5', family: 4 as const }];
    const failure = connect({ baseUrl: 'https://lime.example.ru', resolve, readRetries: 0 }).listGoods();
    await expect(failure).rejects.toBeInstanceOf(UrlGuardError);
    await expect(failure).rejects.toMatchObject({ reason: 'private_address' });
  });
});

describe('quirks the simulator does not produce (a small server of our own, over real HTTP)', () => {
  let server: Server;
  let url = '';
  const seen: { method: string; path: string }[] = [];
  const client = (id: number) => ({ id, firstName: 'A', version: 1, updatedAt: '2026-01-01T00:00:00' });
  const notFound = '{"error":{"code":"not_found","message":"Предзаказ не найден"}}';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const method = req.method ?? 'GET';
      seen.push({ method, path });
      req.resume();
      const reply = (status: number, body = '', headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(body);
      };
      if (path === '/api/CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation') {
        return method === 'GET'
          ? reply(405)
          : reply(200, '{"goodTypes":[],"categories":[{"id":7,"name":"Билеты"}]}');
      }
      if (path === '/api/Preorders/Get' || path === '/api/Preorders/Cancel') return reply(404, notFound);
      if (path === '/api/Preorders/Select') return reply(404, '<html>Not Found</html>');
      if (path === '/api/ClientManagement/Select') {
        return reply(200, JSON.stringify({ data: Array.from({ length: 100 }, (_, i) => client(i + 1)) }));
      }
      if (path === '/api/GoodTypes/Select') return reply(429, '', { 'Retry-After': '120' });
      return reply(404);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('GetAllGoodTypesAndCategoriesForInstallation: GET, then POST when Lime says 405 (base URL with /api)', async () => {
    expect(await connect({ baseUrl: `${url}/api/` }).listGoodCategories()).toEqual([
      { id: 7, name: 'Билеты' },
    ]);
    expect(seen.map((s) => s.method)).toEqual(['GET', 'POST']);
  });

  it('an entity 404 with not_found: null for a read, LimeNotFoundError for a write', async () => {
    const gateway = connect({ baseUrl: url });
    expect(await gateway.getPreorder(3001)).toBeNull();
    await expect(gateway.cancelPreorder(3001, { idempotencyKey: 'cancel:3001' })).rejects.toBeInstanceOf(
      LimeNotFoundError,
    );
  });

  it('a 404 with a body that is not Lime error envelope is no capability verdict: LimeProtocolError', async () => {
    await expect(connect({ baseUrl: url }).listPreorders()).rejects.toBeInstanceOf(LimeProtocolError);
  });

  it('a list that ignores skip would loop forever: LimeProtocolError after the second page', async () => {
    await expect(connect({ baseUrl: url }).listClients()).rejects.toThrow(/same page twice/);
    expect(seen.filter((s) => s.path === '/api/ClientManagement/Select')).toHaveLength(2);
  });

  it('a Retry-After beyond the cap is not waited for here: LimeRateLimitedError at once', async () => {
    const started = Date.now();
    const failure = connect({ baseUrl: url }).listGoods();
    await expect(failure).rejects.toMatchObject({ retryAfterSeconds: 120 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toHaveLength(1);
  });
});
