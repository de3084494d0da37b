import { createHook } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { request as undiciRequest } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  guardedDispatcher,
  guardedFetch,
  guardedNodeAgents,
  TooManyRedirectsError,
} from '@/lib/http/guarded-http';
import {
  amocrmAccountPolicy,
  bitrix24OAuthPolicy,
  publicHostPolicy,
  type ResolvedAddress,
  UrlGuardError,
  type UrlPolicy,
  type UrlRefusalReason,
} from '@/lib/http/url-guard';

/**
 * How a refusal is proven to open no socket. Three independent witnesses, all in this process:
 * - async_hooks sees a TCPCONNECTWRAP for every connect(2) issued by net or tls (happy eyeballs too);
 * - diagnostics_channel 'net.client.socket' sees every socket created by net.connect, and we watch
 *   each for 'connect';
 * - undici's 'undici:client:beforeConnect' / 'connected' / 'connectError' channels.
 * The positive tests below show the same witnesses do see real connections to a local server.
 * Private addresses are never contacted: they only appear as injected resolver answers and literals.
 */
interface Traffic {
  connectCalls: number;
  netSockets: Socket[];
  netSocketsConnected: number;
  undiciConnecting: string[];
  undiciConnected: string[];
  undiciConnectErrors: unknown[];
}

interface UndiciConnectMessage {
  connectParams: { hostname: string };
  error?: unknown;
}

function watchTraffic(): { traffic: Traffic; stop: () => void } {
  const traffic: Traffic = {
    connectCalls: 0,
    netSockets: [],
    netSocketsConnected: 0,
    undiciConnecting: [],
    undiciConnected: [],
    undiciConnectErrors: [],
  };
  const hook = createHook({
    init(_id, type) {
      if (type === 'TCPCONNECTWRAP') traffic.connectCalls += 1;
    },
  }).enable();
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    traffic.netSockets.push(socket);
    socket.once('connect', () => {
      traffic.netSocketsConnected += 1;
    });
  };
  const onBefore = (m: unknown) =>
    traffic.undiciConnecting.push((m as UndiciConnectMessage).connectParams.hostname);
  const onConnected = (m: unknown) =>
    traffic.undiciConnected.push((m as UndiciConnectMessage).connectParams.hostname);
  const onError = (m: unknown) => traffic.undiciConnectErrors.push((m as UndiciConnectMessage).error);
  diagnosticsChannel.subscribe('net.client.socket', onSocket);
  diagnosticsChannel.subscribe('undici:client:beforeConnect', onBefore);
  diagnosticsChannel.subscribe('undici:client:connected', onConnected);
  diagnosticsChannel.subscribe('undici:client:connectError', onError);
  return {
    traffic,
    stop: () => {
      hook.disable();
      diagnosticsChannel.unsubscribe('net.client.socket', onSocket);
      diagnosticsChannel.unsubscribe('undici:client:beforeConnect', onBefore);
      diagnosticsChannel.unsubscribe('undici:client:connected', onConnected);
      diagnosticsChannel.unsubscribe('undici:client:connectError', onError);
    },
  };
}

function expectNoSocketAtAll(traffic: Traffic): void {
  expect(traffic.connectCalls).toBe(0);
  expect(traffic.netSockets).toHaveLength(0);
  expect(traffic.undiciConnecting).toEqual([]);
  expect(traffic.undiciConnected).toEqual([]);
}

/** Every connect(2) issued was accepted by the local server: nothing went anywhere else. */
function expectOnlyLocalConnections(traffic: Traffic, local: LocalServer): void {
  expect(traffic.connectCalls).toBeGreaterThan(0);
  expect(traffic.connectCalls).toBe(local.connections);
  expect(traffic.undiciConnected.every((host) => host === '127.0.0.1' || host === 'localhost')).toBe(true);
}

/** A name refused at connect time: a socket object may exist, but it never issued connect(2). */
function expectNoConnection(traffic: Traffic): void {
  expect(traffic.connectCalls).toBe(0);
  expect(traffic.netSocketsConnected).toBe(0);
  expect(traffic.undiciConnected).toEqual([]);
  for (const socket of traffic.netSockets) {
    expect(socket.destroyed).toBe(true);
    expect(socket.remoteAddress).toBeUndefined();
  }
}

async function refusalOf(promise: Promise<unknown>): Promise<UrlGuardError> {
  const error = await promise.then(
    () => new Error('expected a refusal, the request succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof UrlGuardError)) throw error;
  return error;
}

function recordingResolver(answers: ResolvedAddress[]) {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    return answers;
  };
  return { asked, resolve };
}

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

interface LocalServer {
  port: number;
  base: string;
  connections: number;
  seen: Seen[];
  close: () => Promise<void>;
}

/** A 127.0.0.1 server; each test gets a fresh one, so no kept-alive connection crosses tests. */
async function startServer(routes: Record<string, (res: http.ServerResponse, port: number) => void>) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      state.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(res, state.port);
      else res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const state: LocalServer = {
    port,
    base: `http://127.0.0.1:${port}`,
    connections: 0,
    seen: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections += 1;
  });
  return state;
}

const redirect =
  (location: string, status = 302) =>
  (res: http.ServerResponse) =>
    res.writeHead(status, { location }).end();

let watch: ReturnType<typeof watchTraffic>;
let dropped = 0;
let server: LocalServer;

beforeEach(async () => {
  server = await startServer({
    '/hello': (res) => res.end('hello from loopback'),
    '/echo': (res) => res.end('echoed'),
    '/to-private': redirect('http://10.0.0.1/steal'),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-evil': redirect('https://oauth.evil.example/oauth/token/'),
    '/to-name': redirect('https://intranet.example/'),
    '/to-same': redirect('/echo'),
    '/to-localhost': (res, port) => redirect(`http://localhost:${port}/echo`, 307)(res),
    '/see-other': redirect('/echo', 303),
    '/loop': redirect('/loop'),
    '/silent': () => {},
    '/drops-first': (res) => {
      dropped += 1;
      if (dropped === 1) res.socket?.destroy();
      else res.end('second try');
    },
  });
  dropped = 0;
  watch = watchTraffic();
});

afterEach(async () => {
  watch.stop();
  await server.close();
});

const strict = publicHostPolicy({ allowHttpLoopback: false });
const withLoopback = publicHostPolicy({ allowHttpLoopback: true });

describe('guardedFetch refuses before any socket', () => {
  const cases: [string, string, UrlPolicy, UrlRefusalReason][] = [
    ['a private IPv4', 'https://10.0.0.1/rest/', strict, 'private_address'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', withLoopback, 'link_local'],
    ['an IPv4-mapped private IPv6', 'https://[::ffff:10.0.0.1]/', strict, 'private_address'],
    ['a unique-local IPv6', 'https://[fd00::1]/', strict, 'private_address'],
    [
      'a non-allowed Bitrix24 OAuth host',
      'https://oauth.evil.example/oauth/token/?client_secret=x',
      bitrix24OAuthPolicy({ allowHttpLoopback: true }),
      'host_not_allowed',
    ],
    [
      'a look-alike amoCRM host',
      'https://amocrm.ru.evil.com/oauth2/access_token',
      amocrmAccountPolicy({ allowHttpLoopback: false }),
      'host_not_allowed',
    ],
    ['plain http without the flag', 'http://portal.example.com/rest/', strict, 'scheme'],
    ['userinfo', 'https://admin:pw@portal.example.com/', strict, 'credentials'],
  ];

  it.each(cases)('%s', async (_label, url, policy, reason) => {
    const { asked, resolve } = recordingResolver([{ address: '93.184.215.14', family: 4 }]);
    const error = await refusalOf(
      guardedFetch(url, { policy, resolve, headers: { authorization: 'Bearer t0ken' } }),
    );
    expect(error.reason).toBe(reason);
    expect(asked).toEqual([]);
    expectNoSocketAtAll(watch.traffic);
  });

  it('refuses loopback without the flag: the live local server sees nothing', async () => {
    for (const url of [
      `${server.base}/hello`,
      `http://[::1]:${server.port}/hello`,
      `http://0x7f.1:${server.port}/`,
    ]) {
      expect((await refusalOf(guardedFetch(url, { policy: strict }))).reason).toBe('loopback');
    }
    const { asked, resolve } = recordingResolver([{ address: '127.0.0.1', family: 4 }]);
    const byName = await refusalOf(
      guardedFetch(`http://localhost:${server.port}/`, { policy: strict, resolve }),
    );
    expect(byName.reason).toBe('loopback');
    expect(asked).toEqual([]);
    expectNoSocketAtAll(watch.traffic);
    expect(server.connections).toBe(0);
  });

  it('refuses 0.0.0.0 even with the flag (Linux would connect it to the local server)', async () => {
    const error = await refusalOf(
      guardedFetch(`http://0.0.0.0:${server.port}/hello`, { policy: withLoopback }),
    );
    expect(error.reason).toBe('reserved_address');
    expectNoSocketAtAll(watch.traffic);
    expect(server.connections).toBe(0);
  });
});

describe('guardedFetch refuses a name at connect time (DNS answer checked, no rebinding gap)', () => {
  const cases: [string, ResolvedAddress[], UrlRefusalReason][] = [
    ['a private answer', [{ address: '10.0.0.1', family: 4 }], 'private_address'],
    [
      'one private answer among public ones',
      [
        { address: '93.184.215.14', family: 4 },
        { address: 'fd00::1', family: 6 },
      ],
      'private_address',
    ],
    ['a metadata answer', [{ address: '169.254.169.254', family: 4 }], 'link_local'],
    ['an IPv4-mapped answer', [{ address: '::ffff:10.0.0.1', family: 6 }], 'private_address'],
    ['a loopback answer without the flag', [{ address: '127.0.0.1', family: 4 }], 'loopback'],
  ];

  it.each(cases)('%s', async (_label, answers, reason) => {
    const { asked, resolve } = recordingResolver(answers);
    const error = await refusalOf(guardedFetch('https://intranet.example/api', { policy: strict, resolve }));
    expect(error.reason).toBe(reason);
    expect(error.message).toContain('"intranet.example"');
    expect(asked).toEqual(['intranet.example']);
    expect(watch.traffic.undiciConnecting).toEqual(['intranet.example']);
    expect(watch.traffic.undiciConnectErrors).toEqual([error]);
    expectNoConnection(watch.traffic);
  });
});

describe('guardedFetch with ALLOW_HTTP_LOOPBACK', () => {
  it('reaches a local server, and the witnesses see that connection', async () => {
    const response = await guardedFetch(`${server.base}/hello`, { policy: withLoopback });
    expect(await response.text()).toBe('hello from loopback');
    expect(watch.traffic.connectCalls).toBe(1);
    expect(watch.traffic.netSocketsConnected).toBe(1);
    expect(watch.traffic.undiciConnected).toEqual(['127.0.0.1']);
    expect(server.connections).toBe(1);
  });

  it('resolves names through the guarded lookup at connect time', async () => {
    const { asked, resolve } = recordingResolver([{ address: '127.0.0.1', family: 4 }]);
    const policy = bitrix24OAuthPolicy({ allowHttpLoopback: true });
    const response = await guardedFetch(`http://localhost:${server.port}/hello`, { policy, resolve });
    expect(await response.text()).toBe('hello from loopback');
    expect(asked).toEqual(['localhost']);
  });

  it('refuses a redirect to a private address without connecting to it', async () => {
    for (const path of ['/to-private', '/to-metadata']) {
      const error = await refusalOf(guardedFetch(`${server.base}${path}`, { policy: withLoopback }));
      expect(['private_address', 'link_local']).toContain(error.reason);
    }
    expectOnlyLocalConnections(watch.traffic, server);
  });

  it('refuses a redirect to a host outside the allow-list, before resolving it', async () => {
    const { asked, resolve } = recordingResolver([{ address: '127.0.0.1', family: 4 }]);
    const policy = bitrix24OAuthPolicy({ allowHttpLoopback: true });
    const error = await refusalOf(guardedFetch(`${server.base}/to-evil`, { policy, resolve }));
    expect(error.reason).toBe('host_not_allowed');
    expect(asked).toEqual([]);
    expectOnlyLocalConnections(watch.traffic, server);
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const { asked, resolve } = recordingResolver([{ address: '10.0.0.1', family: 4 }]);
    const error = await refusalOf(guardedFetch(`${server.base}/to-name`, { policy: withLoopback, resolve }));
    expect(error.reason).toBe('private_address');
    expect(asked).toEqual(['intranet.example']);
    expect(watch.traffic.undiciConnecting).toEqual(['127.0.0.1', 'intranet.example']);
    expectOnlyLocalConnections(watch.traffic, server);
  });

  it('follows a same-origin redirect, keeping credentials', async () => {
    const response = await guardedFetch(`${server.base}/to-same`, {
      policy: withLoopback,
      headers: { authorization: 'Bearer t0ken' },
    });
    expect(await response.text()).toBe('echoed');
    expect(server.seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/to-same', 'Bearer t0ken'],
      ['/echo', 'Bearer t0ken'],
    ]);
    expectOnlyLocalConnections(watch.traffic, server);
  });

  it('follows a cross-origin redirect to an allowed host, dropping Authorization and the body', async () => {
    const { resolve } = recordingResolver([{ address: '127.0.0.1', family: 4 }]);
    const response = await guardedFetch(`${server.base}/to-localhost`, {
      policy: withLoopback,
      resolve,
      method: 'POST',
      headers: { authorization: 'Bearer t0ken', 'content-type': 'application/json' },
      body: '{"secret":"s"}',
    });
    expect(await response.text()).toBe('echoed');
    expect(server.seen).toEqual([
      { method: 'POST', url: '/to-localhost', authorization: 'Bearer t0ken', body: '{"secret":"s"}' },
      { method: 'POST', url: '/echo', authorization: undefined, body: '' },
    ]);
    expectOnlyLocalConnections(watch.traffic, server);
  });

  it('turns a POST into a GET on 303', async () => {
    await guardedFetch(`${server.base}/see-other`, { policy: withLoopback, method: 'POST', body: 'a=1' });
    expect(server.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/see-other', 'a=1'],
      ['GET', '/echo', ''],
    ]);
  });

  it('gives up after maxRedirects', async () => {
    const attempt = guardedFetch(`${server.base}/loop`, { policy: withLoopback, maxRedirects: 2 });
    await expect(attempt).rejects.toBeInstanceOf(TooManyRedirectsError);
    expect(server.seen).toHaveLength(3);
  });

  it('sends an idempotent request once more when the connection is lost under it', async () => {
    const response = await guardedFetch(`${server.base}/drops-first`, { policy: withLoopback });
    expect(await response.text()).toBe('second try');
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('never sends a POST twice: a lost connection is the caller’s to handle', async () => {
    const attempt = guardedFetch(`${server.base}/drops-first`, {
      policy: withLoopback,
      method: 'POST',
      body: 'x',
    });
    await expect(attempt).rejects.toThrow('fetch failed');
    expect(server.seen.map((r) => r.method)).toEqual(['POST']);
  });

  it('times out', async () => {
    // undici reconnects after an abort; a dispatcher of its own (own resolver) is destroyed afterwards
    // so that reconnection cannot leak into the counts of later tests.
    const { resolve } = recordingResolver([{ address: '127.0.0.1', family: 4 }]);
    const attempt = guardedFetch(`http://localhost:${server.port}/silent`, {
      policy: withLoopback,
      resolve,
      timeoutMs: 200,
    });
    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    await guardedDispatcher(withLoopback, { resolve }).destroy();
  });
});

describe('guardedDispatcher', () => {
  it('is cached per policy and flags', () => {
    expect(guardedDispatcher(strict)).toBe(guardedDispatcher(publicHostPolicy({ allowHttpLoopback: false })));
    expect(guardedDispatcher(strict)).not.toBe(guardedDispatcher(withLoopback));
    const allowHttp = publicHostPolicy({ allowHttpLoopback: false, allowHttp: true });
    expect(guardedDispatcher(strict)).not.toBe(guardedDispatcher(allowHttp));
  });

  it('checks the host itself, even when used without guardedFetch', async () => {
    const attempt = undiciRequest('http://10.0.0.1/', { dispatcher: guardedDispatcher(strict) });
    expect((await refusalOf(attempt)).reason).toBe('private_address');
    expect(watch.traffic.undiciConnecting).toEqual(['10.0.0.1']);
    expect(watch.traffic.connectCalls).toBe(0);
    expect(watch.traffic.netSockets).toHaveLength(0);
  });
});

describe('guardedNodeAgents (for axios)', () => {
  function get(url: string, agent: http.Agent) {
    const client = url.startsWith('https:') ? https : http;
    return new Promise<string>((resolve, reject) => {
      client
        .get(url, { agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  }

  it('refuse an IP literal before creating a socket (lookup never runs for literals)', async () => {
    const { httpAgent, httpsAgent } = guardedNodeAgents(strict);
    expect((await refusalOf(get('http://10.0.0.1/', httpAgent))).reason).toBe('private_address');
    expect((await refusalOf(get('https://[::ffff:a9fe:a9fe]/', httpsAgent))).reason).toBe('link_local');
    expect((await refusalOf(get(`${server.base}/hello`, httpAgent))).reason).toBe('loopback');
    expectNoSocketAtAll(watch.traffic);
    expect(server.connections).toBe(0);
  });

  it('refuse a name that resolves to a private address, without connecting', async () => {
    const { asked, resolve } = recordingResolver([{ address: '10.0.0.1', family: 4 }]);
    const { httpsAgent } = guardedNodeAgents(strict, { resolve });
    const error = await refusalOf(get('https://intranet.example/', httpsAgent));
    expect(error.reason).toBe('private_address');
    expect(asked).toEqual(['intranet.example']);
    expectNoConnection(watch.traffic);
  });

  it('refuse plain http and non-allowed hosts', async () => {
    const { httpAgent, httpsAgent } = guardedNodeAgents(bitrix24OAuthPolicy({ allowHttpLoopback: false }));
    expect((await refusalOf(get('http://oauth.bitrix.info/oauth/token/', httpAgent))).reason).toBe('scheme');
    expect((await refusalOf(get('https://oauth.evil.example/', httpsAgent))).reason).toBe('host_not_allowed');
    expectNoSocketAtAll(watch.traffic);
  });

  it('reach a local server with the flag', async () => {
    const { httpAgent } = guardedNodeAgents(withLoopback);
    expect(await get(`${server.base}/hello`, httpAgent)).toBe('hello from loopback');
    expect(watch.traffic.connectCalls).toBe(1);
    expect(server.connections).toBe(1);
  });
});
