import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import { call, IDEMPOTENCY } from './support';

const BRIDGE = { 'X-Lime-Integration': 'crm-bridge' };

describe('Lime simulator: assumed client operations, transactions, capabilities', () => {
  let sim: LimeSimulator;
  beforeAll(async () => {
    sim = await startLimeSimulator({ clients: 60, now: () => new Date('2026-02-10T09:00:00Z') });
  });
  afterAll(() => sim.close());

  const adult = (index = 0) => {
    const found = sim.park.adults()[index];
    if (!found) throw new Error('no adult');
    return found;
  };
  const lastEvent = () => sim.park.events[sim.park.events.length - 1];

  describe('idempotency keys', () => {
    const update = (key: string | null, body: Record<string, unknown>) =>
      call(sim, '/api/ClientManagement/Update', {
        body: { clientId: adult().id, installationId: 2, ...body },
        headers: key === null ? {} : IDEMPOTENCY(key),
      });

    it('requires Idempotency-Key on writes (422 validation_failed)', async () => {
      const answer = await update(null, { firstName: 'Без' });
      expect(answer.status).toBe(422);
      expect(answer.json.error.code).toBe('validation_failed');
      expect((await update('k'.repeat(256), { firstName: 'Длинный' })).status).toBe(422);
    });

    it('replays the first answer for the same key and body, with Idempotent-Replayed: true', async () => {
      const first = await update('update-1', { firstName: 'Анастасия' });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const events = sim.park.events.length;
      const version = adult().version;
      sim.controls.visitorBuys(adult().id);
      const replay = await update('update-1', { firstName: 'Анастасия' });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(first.text);
      expect(replay.json.version).toBe(version);
      expect(sim.park.events.length).toBe(events + 1); // only the purchase: the replay wrote nothing
    });

    it('refuses the same key with another body: 409 idempotency_key_reuse', async () => {
      const answer = await update('update-1', { firstName: 'Другая' });
      expect(answer.status).toBe(409);
      expect(answer.json.error.code).toBe('idempotency_key_reuse');
    });

    it('remembers only successes: a refused request may be retried with the same key', async () => {
      const stale = await update('update-2', { firstName: 'Вера', version: 1 });
      expect(stale.status).toBe(409);
      const retried = await update('update-2', { firstName: 'Вера', version: adult().version });
      expect(retried.status).toBe(200);
    });
  });

  describe('clients', () => {
    it('updates a client: version + 1, client.updated with origin integration when X-Lime-Integration is sent', async () => {
      const client = adult(1);
      const before = client.version;
      const answer = await call(sim, '/api/ClientManagement/Update', {
        body: {
          clientId: client.id,
          installationId: 2,
          version: before,
          email: 'new.mail@example.ru',
          middleName: null,
        },
        headers: { ...IDEMPOTENCY('update-3'), ...BRIDGE },
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({
        id: client.id,
        email: 'new.mail@example.ru',
        middleName: null,
        version: before + 1,
      });
      expect(lastEvent()).toMatchObject({
        type: 'client.updated',
        origin: { source: 'integration', integration: 'crm-bridge' },
        data: { id: client.id, version: before + 1 },
      });
    });

    it('writes without the header are attributed to Lime', async () => {
      await call(sim, '/api/ClientManagement/Update', {
        body: { clientId: adult(1).id, installationId: 2, firstName: 'Ирина' },
        headers: IDEMPOTENCY('update-4'),
      });
      expect(lastEvent()?.origin).toEqual({ source: 'lime', integration: null });
    });

    it('refuses a stale version: 409 version_conflict', async () => {
      const client = adult(2);
      const answer = await call(sim, '/api/ClientManagement/Update', {
        body: { clientId: client.id, installationId: 2, version: client.version - 1, firstName: 'Старая' },
        headers: IDEMPOTENCY('update-5'),
      });
      expect(answer.status).toBe(409);
      expect(answer.json.error.code).toBe('version_conflict');
    });

    it('an unchanged patch bumps nothing and logs nothing', async () => {
      const client = adult(2);
      const { version } = client;
      const events = sim.park.events.length;
      const answer = await call(sim, '/api/ClientManagement/Update', {
        body: { clientId: client.id, installationId: 2, firstName: client.firstName },
        headers: IDEMPOTENCY('update-6'),
      });
      expect(answer.json.version).toBe(version);
      expect(sim.park.events.length).toBe(events);
    });

    it('404 with an error body for a missing entity; 403 for another installation; 422 for a formatted phone', async () => {
      const missing = await call(sim, '/api/ClientManagement/Update', {
        body: { clientId: 999_999, installationId: 2, firstName: 'Никто' },
        headers: IDEMPOTENCY('update-7'),
      });
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('not_found');
      const other = await call(sim, '/api/ClientManagement/GetClient', {
        body: { clientId: adult().id, installationId: 3 },
      });
      expect(other.status).toBe(403);
      expect(other.json.error.code).toBe('forbidden');
      const phone = await call(sim, '/api/ClientManagement/Update', {
        body: { clientId: adult().id, installationId: 2, phoneNumber: '+7 999 000-00-00' },
        headers: IDEMPOTENCY('update-8'),
      });
      expect(phone.status).toBe(422);
    });

    it('lists categories and relation types, and links a child', async () => {
      const categories = await call(sim, '/api/ClientCategories/Select', {
        body: { filter: {}, page: { skip: 0, take: 10 } },
      });
      expect(categories.json.data).toEqual([
        { id: 1, name: 'Взрослая', kind: 'adult' },
        { id: 2, name: 'Детская', kind: 'child' },
      ]);
      const types = await call(sim, '/api/RelationTypes/Select', {
        body: { filter: {}, page: { skip: 0, take: 10 } },
      });
      expect(types.json.data.map((t: { name: string }) => t.name)).toEqual(['Ребёнок', 'Внук', 'Племянник']);
      const childId = sim.controls.addsChild(adult(3).id, {
        firstName: 'Лев',
        lastName: 'Тестов',
        birthDate: '2019-05-01',
      });
      const body = { clientId: adult(4).id, relationTypeId: 5, childClientId: childId };
      const linked = await call(sim, '/api/ClientRelations/Insert', {
        body,
        headers: { ...IDEMPOTENCY('rel-1'), ...BRIDGE },
      });
      expect(linked.status).toBe(200);
      expect(lastEvent()).toMatchObject({
        type: 'client.relation.created',
        data: { clientId: adult(4).id, childClientId: childId, relationId: linked.json.id },
      });
      const again = await call(sim, '/api/ClientRelations/Insert', { body, headers: IDEMPOTENCY('rel-2') });
      expect(again.json.error.code).toBe('duplicate');
    });

    it('Select with updatedSince (inclusive, local time) finds the clients changed since', async () => {
      const client = adult(5);
      sim.controls.editsClient(client.id, { lastName: 'Обновлённая' });
      const answer = await call(sim, '/api/ClientManagement/Select', {
        body: {
          filter: { installationId: 2, updatedSince: '2026-02-10T12:00:00' },
          page: { skip: 0, take: 100 },
        },
      });
      expect(answer.json.data.map((c: { id: number }) => c.id)).toContain(client.id);
      expect(answer.json.data.every((c: { updatedAt: string }) => c.updatedAt >= '2026-02-10T12:00:00')).toBe(
        true,
      );
    });
  });

  describe('transactions', () => {
    it('lists newest first, multi-line checks with kopecks, passes with servicePoint and writeOff', async () => {
      const client = adult(6);
      const check = sim.controls.visitorBuys(client.id, [
        { goodTypeId: 55, count: 2 },
        { goodTypeId: 84, count: 1 },
      ]);
      const passed = sim.controls.passesTurnstile(client.id, 'ticket');
      const answer = await call(sim, '/api/Transactions/Select', {
        body: { filter: { installationId: 2, clientId: client.id }, page: { skip: 0, take: 10 } },
      });
      expect(answer.json.data[0]).toMatchObject({
        id: passed.id,
        type: 'pass',
        entries: [],
        checkId: null,
        servicePoint: { kind: expect.stringMatching(/^(turnstile|mobile_operator)$/) },
        writeOff: { kind: 'ticket', goodTypeId: 55, amount: 150_000 },
      });
      expect(answer.json.data[1]).toMatchObject({
        id: check.id,
        type: 'purchase',
        total: 314_990,
        entries: [
          {
            goodTypeId: 55,
            goodTypeName: 'Билет «Безлимит» детский',
            count: 2,
            price: 150_000,
            total: 300_000,
          },
          { goodTypeId: 84, count: 1, price: 14_990, total: 14_990 },
        ],
      });
      expect(sim.park.clients.get(client.id)?.lastVisitAt?.getTime()).toBe(sim.park.now().getTime());
    });
  });

  describe('capabilities', () => {
    it('a switched-off capability answers 404 with an empty body', async () => {
      sim.controls.setCapabilities({ preorders: false, changeFeed: false });
      const po = await call(sim, '/api/Preorders/Select', {
        body: { filter: { installationId: 2 }, page: { skip: 0, take: 1 } },
      });
      expect(po.status).toBe(404);
      expect(po.text).toBe('');
      const feed = await call(sim, '/api/Events/Select', {
        body: { filter: { installationId: 2, sinceId: 0 } },
      });
      expect(feed.status).toBe(404);
      expect((await call(sim, '/api/BonusAccruals/Insert', { body: {} })).status).toBe(422);
      sim.controls.setCapabilities({ assumed: false, preorders: true, changeFeed: true });
      for (const path of [
        '/api/ClientManagement/GetClient',
        '/api/Transactions/Select',
        '/api/Webhooks/Insert',
      ]) {
        const answer = await call(sim, path, { body: {} });
        expect(answer.status, path).toBe(404);
        expect(answer.text, path).toBe('');
      }
      expect(
        (await call(sim, '/api/GoodTypes/Select', { body: { filter: {}, page: { skip: 0, take: 1 } } }))
          .status,
      ).toBe(200);
      sim.controls.setCapabilities({ assumed: true });
      expect((await call(sim, '/api/Preorders/Get', { body: { id: 1 } })).status).toBe(204);
    });
  });
});
