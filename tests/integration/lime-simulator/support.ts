import type { LimeSimulator } from '@/lib/simulators/lime';

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
