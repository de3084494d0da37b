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
  { relationId, childId } = { relationId: 31, childId: 702 },
): LimeEvent => ({
  ...base(seq),
  type,
  parentId: 701,
  childId,
  relationId,
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

  it('a relation written before its child gets the child’s birth date when the child arrives; an older one keeps it', async () => {
    const child = (version: number, birthDate: string): LimeClient => ({
      ...client(version, 'kid@example.ru'),
      id: 703,
      firstName: 'Ева',
      birthDate,
      category: 'child',
    });
    const bornOnRelation = async () => {
      const [row] = await t.database.db
        .select({ born: limeRelations.childBirthDate })
        .from(limeRelations)
        .where(and(eq(limeRelations.connectionId, scope.connectionId), eq(limeRelations.relationId, 32)));
      return row?.born;
    };
    await apply(relationEvent('client.relation.created', 80, { relationId: 32, childId: 703 }));
    expect(await bornOnRelation()).toBeNull();
    await apply({ ...base(90), type: 'client.created', client: child(2, '2020-03-01') });
    expect(await bornOnRelation()).toBe('2020-03-01');
    await apply({ ...base(85), type: 'client.updated', client: child(1, '2019-03-01') });
    expect(await bornOnRelation()).toBe('2020-03-01');
    // The parent's own summary (the children's-age filter) follows.
    const [parent] = await t.database.db
      .select({ born: limeClients.childrenBorn })
      .from(limeClients)
      .where(and(eq(limeClients.connectionId, scope.connectionId), eq(limeClients.id, 701)));
    expect(parent?.born).toBe('{[2020-03-01,2020-03-02)}');
  });
});
