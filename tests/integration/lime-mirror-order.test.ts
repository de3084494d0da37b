import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limeClients, limeRelations } from '@/db/schema-lime';
import { createSecretBox } from '@/lib/crypto/secret-box';
import type { LimeClient, LimeEvent } from '@/lib/domain/lime';
import { applyLimeEvent } from '@/lib/sync/lime/apply-event';
import { saveLimeConnection } from '@/lib/sync/lime/connections';
import { createTenant, createTestDatabase, type TestDatabase } from '../support/test-database';

/** Events arrive in any order (shuffled webhooks, feed re-reads): an older one never undoes a newer. */

let t: TestDatabase;
let scope: { tenantId: string; connectionId: string };

beforeAll(async () => {
  t = await createTestDatabase();
  const tenantId = (await createTenant(t.database)).id;
  const { row } = await saveLimeConnection(
    { database: t.database, secrets: createSecretBox(randomBytes(32)), allowHttpLoopback: true },
    {
      tenantId,
      input: {
        baseUrl: 'https://lime.example.ru',
        auth: { mode: 'token', token: 'token-1234' },
        installationId: 2,
        cashdeskId: 10,
      },
    },
  );
  scope = { tenantId, connectionId: row.id };
});
afterAll(async () => {
  await t?.drop();
});

const base = (seq: number) => ({
  id: seq,
  seq,
  createdAt: new Date(),
  origin: { source: 'lime' as const, integration: null },
});

const relationEvent = (
  type: 'client.relation.created' | 'client.relation.deleted',
  seq: number,
): LimeEvent => ({
  ...base(seq),
  type,
  parentId: 701,
  childId: 702,
  relationId: 31,
  relationTypeId: 3,
  relationTypeName: 'Ребёнок',
});

const client = (version: number, email: string): LimeClient => ({
  id: 701,
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: null,
  displayName: 'Анна Иванова',
  phone: '79990000001',
  email,
  birthDate: '1990-05-14',
  category: 'adult',
  cards: [],
  children: [],
  version,
  updatedAt: new Date(),
  lastVisitAt: null,
});

async function apply(event: LimeEvent) {
  await t.database.db.transaction((tx) => applyLimeEvent(tx, scope, event));
}

describe('mirror under out-of-order events', () => {
  it('a relation removed later in the feed stays removed when its creation arrives late', async () => {
    await apply(relationEvent('client.relation.deleted', 20));
    await apply(relationEvent('client.relation.created', 10));
    const [row] = await t.database.db
      .select()
      .from(limeRelations)
      .where(and(eq(limeRelations.connectionId, scope.connectionId), eq(limeRelations.relationId, 31)));
    expect(row?.deleted).toBe(true);
    // A newer creation (the child linked again) does bring it back.
    await apply(relationEvent('client.relation.created', 30));
    const [again] = await t.database.db
      .select()
      .from(limeRelations)
      .where(and(eq(limeRelations.connectionId, scope.connectionId), eq(limeRelations.relationId, 31)));
    expect(again?.deleted).toBe(false);
    expect(again?.relationTypeName).toBe('Ребёнок');
  });

  it('an older client update never overwrites a newer one', async () => {
    await apply({ ...base(50), type: 'client.updated', client: client(5, 'new@example.ru') });
    await apply({ ...base(40), type: 'client.updated', client: client(4, 'old@example.ru') });
    const [row] = await t.database.db
      .select()
      .from(limeClients)
      .where(and(eq(limeClients.connectionId, scope.connectionId), eq(limeClients.id, 701)));
    expect(row?.email).toBe('new@example.ru');
    expect(row?.version).toBe(5);
  });
});
