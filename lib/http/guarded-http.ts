import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { RequestInit, Response } from 'undici';
import { Agent, buildConnector, fetch, Headers } from 'undici';
import {
  assertHostAllowed,
  assertUrlAllowed,
  createGuardedLookup,
  type Resolver,
  UrlGuardError,
  type UrlPolicy,
} from './url-guard';

/**
 * HTTP clients that cannot reach a host the policy refuses. Both the axios agents and the undici
 * dispatcher check every connection they open (host, scheme, IP literal) and resolve names through
 * the guarded lookup, so redirects followed inside a library are guarded too.
 */

const CONNECT_TIMEOUT_MS = 10_000;
const HEADERS_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 3;

export class TooManyRedirectsError extends Error {
  readonly code = 'TOO_MANY_REDIRECTS' as const;
  override readonly name = 'TooManyRedirectsError';

  constructor(
    readonly policyName: string,
    readonly maxRedirects: number,
  ) {
    super(`${policyName}: gave up after ${maxRedirects} redirects.`);
  }
}

/** `resolve` replaces the system resolver: for tests and the sandbox only. */
export interface GuardedClientOptions {
  resolve?: Resolver;
  /**
   * Extra trusted certificate authorities (PEM) for the node https agent: a test's self-signed
   * simulator, or an on-premise portal's private CA. NODE_EXTRA_CA_CERTS is read only at start.
   */
  ca?: string;
}

export interface GuardedNodeAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

function policyKey(policy: UrlPolicy): string {
  return JSON.stringify([
    policy.name,
    policy.allowHttpLoopback,
    policy.allowHttp ?? false,
    policy.allowedHosts,
  ]);
}

/** One client per policy and flags; an injected resolver (tests, sandbox) gets clients of its own. */
class PolicyCache<T> {
  private readonly shared = new Map<string, T>();
  private readonly injected = new WeakMap<Resolver, Map<string, T>>();

  get(policy: UrlPolicy, resolve: Resolver | undefined, create: () => T): T {
    let clients = this.shared;
    if (resolve) {
      clients = this.injected.get(resolve) ?? new Map<string, T>();
      this.injected.set(resolve, clients);
    }
    const key = policyKey(policy);
    let client = clients.get(key);
    if (client === undefined) {
      client = create();
      clients.set(key, client);
    }
    return client;
  }
}

const nodeAgentsCache = new PolicyCache<GuardedNodeAgents>();
const dispatcherCache = new PolicyCache<Agent>();

/** Node's ClientRequest has already defaulted a missing host to 'localhost' before the agent sees it. */
function refusalFor(
  policy: UrlPolicy,
  protocol: string,
  host: string | null | undefined,
): UrlGuardError | null {
  try {
    assertHostAllowed({ protocol, hostname: host ?? 'localhost' }, policy);
    return null;
  } catch (error) {
    if (error instanceof UrlGuardError) return error;
    throw error;
  }
}

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

/** Node's Agent#createSocket ignores the stream when it receives an error. */
function failConnection(callback: ConnectionCallback | undefined, error: Error): undefined {
  const fail = callback as ((err: Error) => void) | undefined;
  process.nextTick(() => fail?.(error));
  return undefined;
}

class GuardedHttpAgent extends http.Agent {
  constructor(
    private readonly policy: UrlPolicy,
    private readonly lookup: LookupFunction,
  ) {
    super({ keepAlive: true, lookup });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectionCallback) {
    const refusal = refusalFor(this.policy, 'http:', options.host ?? options.hostname);
    if (refusal) return failConnection(callback, refusal);
    return super.createConnection({ ...options, lookup: this.lookup }, callback);
  }
}

class GuardedHttpsAgent extends https.Agent {
  constructor(
    private readonly policy: UrlPolicy,
    private readonly lookup: LookupFunction,
    ca?: string,
  ) {
    // With extra CAs the system roots still apply: `ca` replaces them, so both are given.
    super({ keepAlive: true, lookup, ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}) });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectionCallback) {
    const refusal = refusalFor(this.policy, 'https:', options.host ?? options.hostname);
    if (refusal) return failConnection(callback, refusal);
    return super.createConnection({ ...options, lookup: this.lookup }, callback);
  }
}

/** For axios (the Bitrix24 SDK): pair them with an interceptor calling `assertUrlAllowed`. */
export function guardedNodeAgents(policy: UrlPolicy, options: GuardedClientOptions = {}): GuardedNodeAgents {
  const create = () => {
    const lookup = createGuardedLookup(policy, options.resolve);
    return {
      httpAgent: new GuardedHttpAgent(policy, lookup),
      httpsAgent: new GuardedHttpsAgent(policy, lookup, options.ca),
    };
  };
  if (!options.ca) return nodeAgentsCache.get(policy, options.resolve, create);
  const key = `${policyKey(policy)}|${options.resolve ? 'injected' : 'system'}|${options.ca}`;
  let agents = caAgents.get(key);
  if (!agents) {
    agents = create();
    caAgents.set(key, agents);
  }
  return agents;
}

/** Agents with extra CAs, one pair per CA (tests and private portals are few). */
const caAgents = new Map<string, GuardedNodeAgents>();

/** An undici dispatcher, one per policy (cached). */
export function guardedDispatcher(policy: UrlPolicy, options: GuardedClientOptions = {}): Agent {
  return dispatcherCache.get(policy, options.resolve, () => {
    const connect = buildConnector({
      lookup: createGuardedLookup(policy, options.resolve),
      timeout: CONNECT_TIMEOUT_MS,
    });
    const guardedConnect: buildConnector.connector = (target, callback) => {
      const refusal = refusalFor(policy, target.protocol, target.hostname);
      if (refusal) return callback(refusal, null);
      return connect(target, callback);
    };
    return new Agent({
      connect: guardedConnect,
      headersTimeout: HEADERS_TIMEOUT_MS,
      bodyTimeout: BODY_TIMEOUT_MS,
    });
  });
}

export interface GuardedFetchInit extends RequestInit, GuardedClientOptions {
  policy: UrlPolicy;
  /** Default 3. Every hop is checked again. */
  maxRedirects?: number;
  /** For the whole exchange, redirects and body included. Default 30 s. */
  timeoutMs?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

function isOneShot(body: RequestInit['body']): boolean {
  return (
    body instanceof ReadableStream ||
    (typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  );
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * A server may close a kept-alive connection just as a request goes out on it (its idle timer
 * against ours); the request never reached the application. An idempotent request with a body we
 * still hold is then sent once more on a fresh connection (RFC 9110 §9.2.2), as browsers do.
 */
function resentSafely(
  method: string,
  body: RequestInit['body'],
  signal: AbortSignal,
  error: unknown,
): boolean {
  const code =
    error instanceof Error && error.cause instanceof Error
      ? (error.cause as { code?: unknown }).code
      : undefined;
  return (
    IDEMPOTENT_METHODS.has(method) &&
    !isOneShot(body) &&
    !signal.aborted &&
    typeof code === 'string' &&
    CONNECTION_LOST.has(code)
  );
}

/** undici reports connect failures as `TypeError('fetch failed', { cause })`; surface our refusal. */
function unwrapRefusal(error: unknown): unknown {
  return error instanceof Error && error.cause instanceof UrlGuardError ? error.cause : error;
}

/**
 * `fetch` through the guard: the URL is checked before any socket, every connection is checked at
 * connect time, and redirects are followed here (at most `maxRedirects`), each hop checked again.
 * Credentials and the body are dropped when a redirect leaves the origin.
 */
export async function guardedFetch(input: string | URL, init: GuardedFetchInit): Promise<Response> {
  const {
    policy,
    maxRedirects = DEFAULT_MAX_REDIRECTS,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    resolve,
    ...rest
  } = init;
  let url = assertUrlAllowed(input, policy);
  const dispatcher = guardedDispatcher(policy, { resolve });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout;
  let method = (rest.method ?? 'GET').toUpperCase();
  let body = rest.body;
  const headers = new Headers(rest.headers);

  for (let redirects = 0; ; redirects++) {
    let response: Response;
    try {
      const request = () =>
        fetch(url, { ...rest, method, headers, body, signal, dispatcher, redirect: 'manual' });
      response = await request().catch((error: unknown) => {
        if (!resentSafely(method, body, signal, error)) throw error;
        return request();
      });
    } catch (error) {
      throw unwrapRefusal(error);
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    const changesToGet =
      response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST');
    if (!changesToGet && body != null && isOneShot(body)) return response;
    if (redirects >= maxRedirects) {
      await response.body?.cancel();
      throw new TooManyRedirectsError(policy.name, maxRedirects);
    }

    let next: URL;
    try {
      next = assertUrlAllowed(new URL(location, url), policy);
    } catch (error) {
      await response.body?.cancel();
      throw error instanceof UrlGuardError
        ? error
        : new UrlGuardError(`${policy.name}: refused a redirect with an invalid Location.`, 'invalid_url');
    }
    await response.body?.cancel();

    const crossOrigin = next.origin !== url.origin;
    if (changesToGet || crossOrigin) {
      if (changesToGet && method !== 'HEAD') method = 'GET';
      body = undefined;
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (crossOrigin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    url = next;
  }
}
