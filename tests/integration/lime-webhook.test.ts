import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUnprocessedInbox } from '@/db/queries/inbox';
import { createSecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { signLimeWebhook } from '@/lib/sync/lime/signature';
import { limeWebhookHandler } from '@/lib/sync/lime/webhook-handler';
import { connectLimeForWebhooks } from '../support/lime-fixture';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
let tenantId: string;
let connectionId: string;
let secret: string;
const sent: EnqueueRequest[] = [];
const secrets = createSecretBox(randomBytes(32));

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTenant(t.database)).id;
  ({ connectionId, secret } = await connectLimeForWebhooks(
    { database: t.database, secrets, allowHttpLoopback: true },
    tenantId,
  ));
});
afterAll(async () => {
  await t?.drop();
});

const handler = () =>
  limeWebhookHandler(async () => ({
    database: t.database,
    secrets,
    allowHttpLoopback: true,
    enqueue: async (job) => {
      sent.push(job);
      return 'job';
    },
  }));

const event = (id: number) =>
  JSON.stringify({
    id,
    seq: id,
    type: 'good.deleted',
    time: '2026-11-23T12:00:00',
    origin: { source: 'lime', integration: null },
    data: { id: 55 },
  });

function deliver(options: {
  body: string;
  connection?: string;
  timestamp?: number;
  /** Seconds added to now at the moment of delivery. */
  skew?: number;
  signature?: string | null;
  headers?: Record<string, string>;
}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000) + (options.skew ?? 0);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-lime-timestamp': String(timestamp),
    ...options.headers,
  };
  const signature =
    options.signature === undefined ? signLimeWebhook(secret, timestamp, options.body) : options.signature;
  if (signature !== null) headers['x-lime-signature'] = signature;
  const request = new Request(`http://127.0.0.1/api/lime/webhook/${options.connection ?? connectionId}`, {
    method: 'POST',
    headers,
    body: options.body,
  });
  return handler()(request, {
    params: Promise.resolve({ connectionId: options.connection ?? connectionId }),
  });
}

const inboxCount = async () => (await listUnprocessedInbox(t.database.db, { tenantId, limit: 1000 })).length;

describe('POST /api/lime/webhook/<connection id>', () => {
  it('stores a genuine event, answers 200 and asks for a drain; a second delivery stores nothing new', async () => {
    const before = await inboxCount();
    const first = await deliver({ body: event(90001), headers: { 'x-lime-event-id': '90001' } });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, eventId: 90001, duplicate: false });
    const again = await deliver({ body: event(90001) });
    expect(await again.json()).toEqual({ ok: true, eventId: 90001, duplicate: true });
    expect(await inboxCount()).toBe(before + 1);
    expect(sent.at(-1)).toMatchObject({ kind: 'lime.drain', tenantId });
  });

  it('accepts any of several signatures while the secret rotates', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = event(90002);
    const res = await deliver({
      body,
      timestamp,
      signature: `v1=${'0'.repeat(64)}, ${signLimeWebhook(secret, timestamp, body)}`,
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a bad signature', { signature: `v1=${'ab'.repeat(32)}` }, 401, 'unauthorized'],
    ['no signature', { signature: null }, 401, 'unauthorized'],
    [
      'a signature over another body',
      { signature: signLimeWebhook('other-secret', Math.floor(Date.now() / 1000), event(1)) },
      401,
      'unauthorized',
    ],
    ['an old timestamp', { skew: -310 }, 401, 'unauthorized'],
    ['a timestamp from the future', { skew: 310 }, 401, 'unauthorized'],
    ['an unknown connection', { connection: '00000000-0000-4000-8000-000000000000' }, 401, 'unauthorized'],
    ['a connection id that is not an id', { connection: 'DROP TABLE' }, 401, 'unauthorized'],
  ])('refuses %s with the envelope and stores nothing', async (_name, options, status, code) => {
    const before = await inboxCount();
    const res = await deliver({ body: event(91000 + Math.floor(Math.random() * 1000)), ...options });
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(await inboxCount()).toBe(before);
  });

  it.each([
    ['a body that is not JSON', '{"id": 5, '],
    ['JSON that is not an event', JSON.stringify({ hello: 'world' })],
    ['an event without an integer id', JSON.stringify({ id: 'x', type: 'good.deleted', data: {} })],
  ])('answers %s with 400 and stores nothing', async (_name, body) => {
    const before = await inboxCount();
    const res = await deliver({ body });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
    expect(await inboxCount()).toBe(before);
  });

  it('refuses an event id header that contradicts the body, and an oversized body', async () => {
    const before = await inboxCount();
    expect((await deliver({ body: event(92001), headers: { 'x-lime-event-id': '1' } })).status).toBe(400);
    const huge = JSON.stringify({ id: 92002, type: 'good.deleted', data: { pad: 'x'.repeat(1024 * 1024) } });
    expect((await deliver({ body: huge })).status).toBe(413);
    expect(await inboxCount()).toBe(before);
  });
});
