import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type Bitrix24Simulator,
  type Bitrix24SimulatorOptions,
  type InstallResult,
  startBitrix24Simulator,
} from '@/lib/simulators/bitrix24';

/**
 * Shared harness for the Bitrix24 simulator's tests: the simulator for a suite, a small HTTP
 * server playing our app's handlers (it records what the portal POSTs and answers 200), a fetch
 * wrapper for REST calls in both the SDK's JSON form and the classic form-urlencoded one, and a
 * clock tests can move.
 */

export const APP = { clientId: 'app.6677a1b2c3d4e5.12345678', clientSecret: 'Sim-secret-4f2a9c' };

export interface SimulatorHandle {
  readonly sim: Bitrix24Simulator;
}

export function setupBitrix24Simulator(options: Partial<Bitrix24SimulatorOptions> = {}): SimulatorHandle {
  let current: Bitrix24Simulator | undefined;
  beforeAll(async () => {
    current = await startBitrix24Simulator({ app: APP, ...options });
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

export interface Received {
  path: string;
  contentType: string;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: the portal's form, parsed with qs like our handler will
  form: any;
}

/** Our app's event/install endpoints: records every POST, answers `status` (default 200). */
export async function startReceiver() {
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: req.url ?? '/',
        contentType: req.headers['content-type'] ?? '',
        raw,
        form: qs.parse(raw, { depth: 10 }),
      });
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'OK' : 'nope');
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
    of(event: string) {
      return received.filter((r) => r.form.event === event);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON
  json: any;
  text: string;
}

export interface RestOptions {
  /** Access token sent as `auth` (JSON body, or form/query in classic mode); null: none. */
  token?: string | null;
  /** 'sdk': POST JSON to `${clientEndpoint}/method` with the SDK's query (default); 'form': classic form POST to `method.json`; 'get': GET with the query. */
  mode?: 'sdk' | 'form' | 'get';
  bearer?: string;
}

export async function rest(
  sim: Bitrix24Simulator,
  method: string,
  params: Record<string, unknown> = {},
  options: RestOptions = {},
): Promise<Answer> {
  const mode = options.mode ?? 'sdk';
  const auth = options.token === undefined || options.token === null ? {} : { auth: options.token };
  const headers: Record<string, string> = {};
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let response: Response;
  if (mode === 'sdk') {
    headers['Content-Type'] = 'application/json';
    const url = `${sim.clientEndpoint}/${method}?bx24_request_id=t1&bx24_sdk_ver=2.2.0&bx24_sdk_type=b24-js-sdk`;
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ ...params, ...auth }) });
  } else if (mode === 'form') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const body = qs.stringify({ ...params, ...auth }, { format: 'RFC1738' });
    response = await fetch(`${sim.clientEndpoint}${method}.json`, { method: 'POST', headers, body });
  } else {
    const query = qs.stringify({ ...params, ...auth });
    response = await fetch(`${sim.clientEndpoint}${method}?${query}`, { headers });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Installs the app and finishes the installation; returns the installer frame's tokens. */
export async function installFinished(
  sim: Bitrix24Simulator,
): Promise<InstallResult & { token: string; refresh: string }> {
  const result = await sim.controls.install();
  sim.controls.installFinish();
  return { ...result, token: result.form.AUTH_ID ?? '', refresh: result.form.REFRESH_ID ?? '' };
}

/** A mutable clock for tests that move time. */
export function testClock(start = new Date('2026-03-02T09:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** The `time` block every successful answer carries. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

export function timeShape() {
  return {
    start: expect.any(Number),
    finish: expect.any(Number),
    duration: expect.any(Number),
    processing: expect.any(Number),
    date_start: expect.stringMatching(ISO_WITH_OFFSET),
    date_finish: expect.stringMatching(ISO_WITH_OFFSET),
    operating_reset_at: expect.any(Number),
    operating: expect.any(Number),
  };
}
