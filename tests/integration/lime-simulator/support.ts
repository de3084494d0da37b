import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type LimeSimulator,
  type LimeSimulatorOptions,
  type RecordedRequest,
  type SimClient,
  startLimeSimulator,
} from '@/lib/simulators/lime';

export interface LimeSimulatorSetup extends LimeSimulatorOptions {
  /**
   * Before each test: clear the faults, switch every capability on, and start the test's requests
   * afresh, either by marking where they begin ('mark') or by emptying `sim.requests` ('clear').
   * Unset: nothing is reset, the simulator carries over from test to test.
   */
  resetEachTest?: 'mark' | 'clear';
}

export interface LimeSimulatorHandle {
  /** The running simulator (from the hooks on: started in beforeAll, closed in afterAll). */
  readonly sim: LimeSimulator;
  /** The requests of the current test (since the last mark), optionally only those to `path`. */
  recent(path?: string): RecordedRequest[];
  /** From now on, `recent()` sees only the requests that follow. */
  mark(): void;
}

/**
 * Starts a Lime simulator for the enclosing suite (file or describe) and closes it afterwards;
 * with `resetEachTest`, every test starts from clean faults, all capabilities and no requests.
 */
export function setupLimeSimulator(setup: LimeSimulatorSetup = {}): LimeSimulatorHandle {
  const { resetEachTest, ...options } = setup;
  let current: LimeSimulator | undefined;
  let mark = 0;
  const running = (): LimeSimulator => {
    if (!current) throw new Error('the Lime simulator runs only within the hooks and tests of its suite');
    return current;
  };

  beforeAll(async () => {
    current = await startLimeSimulator(options);
  });

  afterAll(async () => {
    await current?.close();
  });

  if (resetEachTest) {
    beforeEach(() => {
      const sim = running();
      if (resetEachTest === 'clear') sim.requests.length = 0;
      mark = sim.requests.length;
      sim.controls.clearFaults();
      sim.controls.setCapabilities({
        assumed: true,
        changeFeed: true,
        preorders: true,
        bonusAccruals: true,
        webhooks: true,
      });
    });
  }

  return {
    get sim() {
      return running();
    },
    recent: (path?: string) =>
      running()
        .requests.slice(mark)
        .filter((r) => path === undefined || r.path === path),
    mark: () => {
      mark = running().requests.length;
    },
  };
}

/** The `index`-th adult of the simulated park. */
export function adultOf(sim: LimeSimulator, index = 0): SimClient {
  const found = sim.park.adults()[index];
  if (!found) throw new Error('no adult');
  return found;
}

/** The newest event of the simulated park. */
export function lastEventOf(sim: LimeSimulator) {
  return sim.park.events[sim.park.events.length - 1];
}

/** Marks a request as sent by our integration (Lime attributes what it causes to us). */
export const BRIDGE = { 'X-Lime-Integration': 'crm-bridge' };

/** A thin fetch wrapper for talking to the simulator over real HTTP, as the adapter will. */

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON
  json: any;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A raw body string (sent as is). */
  raw?: string;
  headers?: Record<string, string>;
  /** 'token' (LimeToken, default), 'none', or a full Authorization value. */
  auth?: 'token' | 'none' | string;
  signal?: AbortSignal;
}

export async function call(sim: LimeSimulator, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth === undefined || options.auth === 'token') {
    headers.Authorization = `LimeToken ${sim.credentials.token}`;
  } else if (options.auth !== 'none') headers.Authorization = options.auth;
  const hasBody = options.body !== undefined || options.raw !== undefined;
  if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${sim.url}${path}`, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    ...(hasBody ? { body: options.raw ?? JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST /connect/token, form-urlencoded. */
export async function token(
  sim: LimeSimulator,
  form: Record<string, string>,
  path = '/connect/token',
): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? JSON.parse(text) : undefined,
  };
}

export function passwordGrant(sim: LimeSimulator): Record<string, string> {
  return {
    client_id: 'Jade.Api',
    grant_type: 'password',
    username: sim.credentials.login,
    password: sim.credentials.password,
  };
}

/** A mutable clock for tests that move time. */
export function testClock(start = new Date('2026-02-10T09:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
export const IDEMPOTENCY = (key: string) => ({ 'Idempotency-Key': key });
