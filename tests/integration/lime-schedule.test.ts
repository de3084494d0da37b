import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertInbox } from '@/db/queries/inbox';
import { recordConnectionProblem } from '@/db/queries/lime-connections';
import { createSecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { saveLimeConnection } from '@/lib/sync/lime/connections';
import { scheduleLimeWork } from '@/lib/sync/lime/schedule';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const deps = () => ({
  database: t.database,
  secrets: createSecretBox(randomBytes(32)),
  allowHttpLoopback: true,
});
const input = (installationId: number) => ({
  baseUrl: 'https://lime.example.ru',
  auth: { mode: 'token', token: 'token-1234' },
  installationId,
  cashdeskId: 10,
});

describe('the Lime schedule (every minute)', () => {
  it('polls active connections not backing off, and drains inboxes that a webhook drain missed', async () => {
    const polled = await createTenant(t.database);
    const backingOff = await createTenant(t.database);
    const stale = await createTenant(t.database);
    const fresh = await createTenant(t.database);
    const { row } = await saveLimeConnection(deps(), { tenantId: polled.id, input: input(2) });
    const { row: off } = await saveLimeConnection(deps(), { tenantId: backingOff.id, input: input(3) });
    await recordConnectionProblem(t.database.db, {
      tenantId: backingOff.id,
      connectionId: off.id,
      error: 'no feed',
      backoffSeconds: 3600,
    });
    for (const [tenant, age] of [
      [stale, '10 seconds'],
      [fresh, '0 seconds'],
    ] as const) {
      const inserted = await insertInbox(t.database.db, {
        tenantId: tenant.id,
        source: 'lime',
        kind: 'good.deleted',
        dedupeKey: `${tenant.id}:1`,
        payload: {},
      });
      if (!inserted.inserted) throw new Error('expected a row');
      await t.database.query(`UPDATE inbox SET received_at = now() - $1::interval WHERE id = $2`, [
        age,
        inserted.id,
      ]);
    }
    const sent: EnqueueRequest[] = [];
    await scheduleLimeWork(t.database, async (job) => {
      sent.push(job);
      return null;
    });
    expect(sent.filter((j) => j.kind === 'lime.poll').map((j) => j.payload)).toEqual([
      { connectionId: row.id },
    ]);
    expect(sent.filter((j) => j.kind === 'lime.drain').map((j) => j.tenantId)).toEqual([stale.id]);
  });
});
