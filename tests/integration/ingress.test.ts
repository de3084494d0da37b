import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { createSecretBox } from '@/lib/crypto/secret-box';
import { createIngress, INGRESS_MAX_BYTES } from '@/lib/http/ingress';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { signLimeWebhook } from '@/lib/sync/lime/signature';
import { limeWebhookHandler } from '@/lib/sync/lime/webhook-handler';
import { connectLimeForWebhooks } from '../support/lime-fixture';
import { serveHandler } from '../support/serve-handler';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The ingress answers the inbound endpoints ahead of Next.js with the routes' own handlers: the
 * same status and body as the route for every kind of request, the security headers proxy.ts would
 * add, a body beyond any route's limit refused unread, and every other request passed on.
 */

let t: TestDatabase;
let tenantId: string;
let connectionId: string;
let secret: string;
const sent: EnqueueRequest[] = [];
let viaRoute: { url: string; close(): Promise<void> };
let viaIngress: Server;
let ingressUrl: string;
const passedOn: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTenant(t.database)).id;
  const secrets = createSecretBox(randomBytes(32));
  const deps = { database: t.database, secrets, allowHttpLoopback: true };
  ({ connectionId, secret } = await connectLimeForWebhooks(deps, tenantId));
  const handler = limeWebhookHandler(async () => ({
    ...deps,
    enqueue: async (job) => {
      sent.push(job);
      return 'job';
    },
  }));
  viaRoute = await serveHandler(handler, /^\/api\/lime\/webhook\/(?<connectionId>[^/]+)$/);
  const ingress = createIngress(
    [{ name: 'lime-webhook', pattern: /^\/api\/lime\/webhook\/(?<connectionId>[^/]+)$/, handler }],
    { https: true },
  );
  viaIngress = createServer((req, res) => {
    if (ingress(req, res)) return;
    passedOn.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(404).end('passed on');
  });
  await new Promise<void>((resolve) => viaIngress.listen(0, '127.0.0.1', resolve));
  ingressUrl = `http://127.0.0.1:${(viaIngress.address() as { port: number }).port}`;
});
afterAll(async () => {
  await viaRoute?.close();
  viaIngress?.closeAllConnections();
  await new Promise((resolve) => viaIngress?.close(resolve));
  await t?.drop();
});

let nextId = 1000;
function limeRequest(
  change: (r: { path: string; body: string; headers: Record<string, string> }) => void = () => {},
) {
  const id = nextId++;
  const body = JSON.stringify({
    id,
    seq: id,
    type: 'good.deleted',
    time: '2026-11-23T12:00:00',
    data: { id: 55 },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const r = {
    path: `/api/lime/webhook/${connectionId}`,
    body,
    headers: {
      'content-type': 'application/json',
      'x-lime-timestamp': String(timestamp),
      'x-lime-signature': signLimeWebhook(secret, timestamp, body),
    } as Record<string, string>,
  };
  change(r);
  return r;
}

/** Over node:http, so headers go as written (fetch would not send a Host of its own). */
function send(base: string, r: ReturnType<typeof limeRequest>) {
  return new Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(`${base}${r.path}`, { method: 'POST', headers: r.headers });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            // Each case sends its own event: its id is the one thing two answers may differ in.
            body: JSON.parse(text.replace(/"eventId":\d+/, '"eventId":"…"')) as unknown,
            headers: res.headers,
          }),
        );
      });
      req.on('error', reject);
      req.end(r.body);
    },
  );
}

describe('the ingress', () => {
  it('answers each kind of request as the route does, with the security headers', async () => {
    const cases = {
      genuine: () => limeRequest(),
      forged: () => limeRequest((r) => (r.headers['x-lime-signature'] = 'sha256=00')),
      unsigned: () => limeRequest((r) => delete r.headers['x-lime-signature']),
      unknown: () => limeRequest((r) => (r.path = '/api/lime/webhook/00000000-0000-4000-8000-000000000000')),
      malformed: () => limeRequest((r) => (r.headers['x-lime-event-id'] = '1')),
      'odd host': () => limeRequest((r) => (r.headers.host = 'undefined:undefined')),
    };
    for (const [name, make] of Object.entries(cases)) {
      // Each its own event (a genuine one is stored once: the same again would be a duplicate).
      const [route, ingress] = [await send(viaRoute.url, make()), await send(ingressUrl, make())];
      expect({ name, status: ingress.status, body: ingress.body }).toEqual({
        name,
        status: route.status,
        body: route.body,
      });
      expect(ingress.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(ingress.headers['x-content-type-options']).toBe('nosniff');
      expect(ingress.headers['strict-transport-security']).toContain('max-age=');
    }
    const statuses = await Promise.all(
      Object.values(cases).map(async (make) => (await send(ingressUrl, make())).status),
    );
    expect(statuses).toEqual([200, 401, 401, 401, 400, 200]);
  });

  it('stores a genuine event once, however often it is delivered', async () => {
    const request = limeRequest();
    const answers = await Promise.all([1, 2, 3].map(() => send(ingressUrl, request)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => (a.body as { duplicate: boolean }).duplicate).sort()).toEqual([
      false,
      true,
      true,
    ]);
    const rows = await listUnprocessedInbox(t.database.db, { tenantId });
    expect(
      rows.filter((row) => row.dedupeKey === `${connectionId}:${JSON.parse(request.body).id}`),
    ).toHaveLength(1);
  });

  it('refuses a body beyond every route’s limit unread, with the envelope, and closes the connection', async () => {
    const answer = await new Promise<{ status: number; body: string; connection?: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${ingressUrl}/api/lime/webhook/${connectionId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(INGRESS_MAX_BYTES + 1) },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
          );
        });
        req.on('error', reject);
        req.write('{"id":');
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(answer.connection).toBe('close');
  });

  it('passes on every other request: other methods and other paths', async () => {
    passedOn.length = 0;
    expect((await fetch(`${ingressUrl}/api/lime/webhook/${connectionId}`)).status).toBe(404);
    expect((await fetch(`${ingressUrl}/api/health`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${ingressUrl}/api/lime/webhook/a/b`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect(passedOn).toEqual([
      `GET /api/lime/webhook/${connectionId}`,
      'POST /api/health',
      'POST /api/lime/webhook/a/b',
    ]);
  });
});
