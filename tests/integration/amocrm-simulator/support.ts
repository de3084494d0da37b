import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type AmocrmSimulator,
  type AmocrmSimulatorOptions,
  startAmocrmSimulator,
} from '@/lib/simulators/amocrm';

/**
 * Shared harness for the amoCRM simulator's tests: the simulator for a suite, a small HTTP
 * server playing our app's webhook / disconnect endpoints (it records what amoCRM sends and
 * answers a chosen status), a movable clock, the OAuth exchange, and a fetch wrapper for API v4.
 */

export const INTEGRATION = {
  clientId: '9c5b1f8e-2a47-4d1b-9a0c-6f3e2d1c0b7a',
  clientSecret: 'sim-secret-Lq2xT7vW9yZ3aB5cD8eF0gH1jK4mN6pR',
  redirectUri: 'https://bridge.example/api/amo/oauth/callback',
};

export interface Handle {
  readonly sim: AmocrmSimulator;
}

export function setupAmocrmSimulator(options: Partial<AmocrmSimulatorOptions> = {}): Handle {
  let current: AmocrmSimulator | undefined;
  beforeAll(async () => {
    current = await startAmocrmSimulator({ integration: INTEGRATION, ...options });
  });
  afterAll(async () => {
    await current?.close();
  });
  return {
    get sim() {
      if (!current) throw new Error('the simulator runs only within its suite');
      return current;
    },
  };
}

/** A clock tests move by hand; frozen otherwise, so rate windows are deterministic. */
export function manualClock(start = Date.parse('2026-05-12T09:00:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface Received {
  method: string;
  url: string;
  contentType: string;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: amoCRM's form, parsed with qs as our handler will
  form: any;
}

export async function startReceiver() {
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        url: req.url ?? '/',
        contentType: req.headers['content-type'] ?? '',
        raw,
        form: qs.parse(raw, { depth: 10, arrayLimit: 1000 }),
      });
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status < 300 ? 'OK' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answer(code: number) {
      status = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TokenPair {
  token_type: string;
  expires_in: number;
  access_token: string;
  refresh_token: string;
}

export async function oauth(sim: AmocrmSimulator, body: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    json: (await res.json()) as Record<string, unknown>,
  };
}

/** The documented exchange: the code from the redirect, sent to the referer host. */
export async function connect(sim: AmocrmSimulator, userId?: number): Promise<TokenPair> {
  const { code, referer } = sim.controls.authorize(userId === undefined ? {} : { userId });
  expect(referer).toBe(sim.host);
  const r = await oauth(sim, {
    client_id: INTEGRATION.clientId,
    client_secret: INTEGRATION.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: INTEGRATION.redirectUri,
  });
  expect(r.status).toBe(200);
  return r.json as unknown as TokenPair;
}

export interface ApiResult {
  status: number;
  type: string | null;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: HAL bodies are read field by field in assertions
  json: any;
  headers: Headers;
}

export async function api(
  sim: AmocrmSimulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, type: res.headers.get('content-type'), text, json, headers: res.headers };
}
