import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getLogger } from '@/lib/log/logger';
import { getMetrics } from '@/lib/metrics/registry';
import { PayloadTooLargeError } from './errors';
import { errorResponse } from './respond';
import type { NextRouteContext } from './route';
import { securityHeaders } from './security-headers';

/**
 * The ingress: the inbound webhook and event endpoints answered straight from Node's HTTP server,
 * before Next.js routes the request. They are the app's hot path (every CRM change and every Lime
 * event), and Next's own routing, proxy and tracing cost about 2.4 ms of CPU a request on the
 * 2-core machine against 0.1 ms for a bare answer (docs/operations.md#load). The handlers are the
 * very functions the routes under app/api export, called with a standard Request, and the answer
 * carries the same security headers proxy.ts adds; the routes stay for any server this is not
 * installed in (e.g. `next dev`, which serves from another process).
 */

export interface IngressRoute {
  /** Names the route in metrics and logs. */
  name: string;
  /** Matched against the path; its named groups are the route's params, as Next gives them. */
  pattern: RegExp;
  handler: (request: Request, context: NextRouteContext) => Promise<Response>;
}

/** Bodies beyond this are refused before they are read: every route's own limit is lower. */
export const INGRESS_MAX_BYTES = 5 * 1024 * 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A listener that answers POSTs to the routes and returns true, or returns false for the rest. */
export function createIngress(routes: IngressRoute[], options: { https: boolean }): Listener {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    for (const route of routes) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      serve(route, {
        req,
        res,
        pathname,
        params: decodeParams(match.groups ?? {}),
        https: options.https,
      }).catch((error: unknown) => {
        getLogger().error({ err: error, route: route.name }, 'the ingress could not answer');
        res.destroy();
      });
      return true;
    }
    return false;
  };
}

function decodeParams(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) {
    try {
      params[name] = decodeURIComponent(value ?? '');
    } catch {
      params[name] = value ?? '';
    }
  }
  return params;
}

async function serve(
  route: IngressRoute,
  at: {
    req: IncomingMessage;
    res: ServerResponse;
    pathname: string;
    params: Record<string, string>;
    https: boolean;
  },
): Promise<void> {
  const { req, res } = at;
  const stopTimer = getMetrics().inboundSeconds.startTimer({ route: route.name });
  let response: Response;
  try {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // The handlers never read the origin; a Host header is not trusted to make a valid URL.
    const request = new Request(`http://ingress.invalid${req.url}`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    response = await route.handler(request, { params: Promise.resolve(at.params) });
  } catch (error) {
    response = errorResponse(error, { route: route.name });
    // An oversized body was left unread: the connection cannot carry another request.
    if (error instanceof PayloadTooLargeError) res.shouldKeepAlive = false;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  const head: Record<string, string> = Object.fromEntries(response.headers);
  Object.assign(head, securityHeaders({ pathname: at.pathname, nonce: '', dev: false, https: at.https }));
  head['content-length'] = String(payload.length);
  res.writeHead(response.status, head);
  res.end(payload);
  stopTimer();
  getMetrics().inboundRequests.inc({ route: route.name, status: String(response.status) });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > INGRESS_MAX_BYTES)
    return Promise.reject(new PayloadTooLargeError('The request body is too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > INGRESS_MAX_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(new PayloadTooLargeError('The request body is too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Puts the ingress in front of the app's HTTP server in this process: the server listening on
 * PORT (Next's, which has set PORT to where it listens by the time it loads instrumentation).
 * Next.js offers no hook before its routing, so Server.prototype.emit is wrapped, for 'request'
 * events of that server only; every other server of the process (the sandbox's simulators) and
 * every other request go on exactly as before. Installed once per process.
 */
export function installIngress(listener: Listener): void {
  const holder = globalThis as typeof globalThis & { __limeBridgeIngress?: boolean };
  if (holder.__limeBridgeIngress) return;
  holder.__limeBridgeIngress = true;
  const isApp = new WeakMap<Server, boolean>();
  const appServer = (server: Server) => {
    let known = isApp.get(server);
    if (known === undefined) {
      const address = server.address() as AddressInfo | null;
      known = address !== null && typeof address === 'object' && address.port === Number(process.env.PORT);
      isApp.set(server, known);
    }
    return known;
  };
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (
      event === 'request' &&
      appServer(this) &&
      listener(args[0] as IncomingMessage, args[1] as ServerResponse)
    )
      return true;
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;
}
