import { describe, expect, it } from 'vitest';
import { adultOf, BRIDGE, call, IDEMPOTENCY, lastEventOf, setupLimeSimulator } from './support';

describe('Lime simulator: assumed client operations, transactions, capabilities', () => {
  const lime = setupLimeSimulator({ clients: 60, now: () => new Date('2026-02-10T09:00:00Z') });

  const adult = (index = 0) => adultOf(lime.sim, index);
  const lastEvent = () => lastEventOf(lime.sim);

  describe('idempotency keys', () => {
    const update = (key: string | null, body: Record<string, unknown>) =>
      call(lime.sim, '/api/ClientManagement/Update', {
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
      const events = lime.sim.park.events.length;
      const version = adult().version;
      lime.sim.controls.visitorBuys(adult().id);
      const replay = await update('update-1', { firstName: 'Анастасия' });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(first.text);
      expect(replay.json.version).toBe(version);
      expect(lime.sim.park.events.length).toBe(events + 1); // only the purchase: the replay wrote nothing
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
      const answer = await call(lime.sim, '/api/ClientManagement/Update', {
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
      await call(lime.sim, '/api/ClientManagement/Update', {
        body: { clientId: adult(1).id, installationId: 2, firstName: 'Ирина' },
        headers: IDEMPOTENCY('update-4'),
      });
      expect(lastEvent()?.origin).toEqual({ source: 'lime', integration: null });
    });

    it('refuses a stale version: 409 version_conflict', async () => {
      const client = adult(2);
      const answer = await call(lime.sim, '/api/ClientManagement/Update', {
        body: { clientId: client.id, installationId: 2, version: client.version - 1, firstName: 'Старая' },
        headers: IDEMPOTENCY('update-5'),
      });
      expect(answer.status).toBe(409);
      expect(answer.json.error.code).toBe('version_conflict');
    });

    it('an unchanged patch bumps nothing and logs nothing', async () => {
      const client = adult(2);
      const { version } = client;
      const events = lime.sim.park.events.length;
      const answer = await call(lime.sim, '/api/ClientManagement/Update', {
        body: { clientId: client.id, installationId: 2, firstName: client.firstName },
        headers: IDEMPOTENCY('update-6'),
      });
      expect(answer.json.version).toBe(version);
      expect(lime.sim.park.events.length).toBe(events);
    });

    it('404 with an error body for a missing entity; 403 for another installation; 422 for a formatted phone', async () => {
      const missing = await call(lime.sim, '/api/ClientManagement/Update', {
        body: { clientId: 999_999, installationId: 2, firstName: 'Никто' },
        headers: IDEMPOTENCY('update-7'),
      });
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('not_found');
      const other = await call(lime.sim, '/api/ClientManagement/GetClient', {
        body: { clientId: adult().id, installationId: 3 },
      });
      expect(other.status).toBe(403);
      expect(other.json.error.code).toBe('forbidden');
      const phone = await call(lime.sim, '/api/ClientManagement/Update', {
        body: { clientId: adult().id, installationId: 2, phoneNumber: '+7 999 000-00-00' },
        headers: IDEMPOTENCY('update-8'),
      });
      expect(phone.status).toBe(422);
    });

    it('lists categories and relation types, and links a child', async () => {
      const categories = await call(lime.sim, '/api/ClientCategories/Select', {
        body: { filter: {}, page: { skip: 0, take: 10 } },
      });
      expect(categories.json.data).toEqual([
        { id: 1, name: 'Взрослая', kind: 'adult' },
        { id: 2, name: 'Детская', kind: 'child' },
      ]);
      const types = await call(lime.sim, '/api/RelationTypes/Select', {
        body: { filter: {}, page: { skip: 0, take: 10 } },
      });
      expect(types.json.data.map((t: { name: string }) => t.name)).toEqual(['Ребёнок', 'Внук', 'Племянник']);
      const childId = lime.sim.controls.addsChild(adult(3).id, {
        firstName: 'Лев',
        lastName: 'Тестов',
        birthDate: '2019-05-01',
      });
      const body = { clientId: adult(4).id, relationTypeId: 5, childClientId: childId };
      const linked = await call(lime.sim, '/api/ClientRelations/Insert', {
        body,
        headers: { ...IDEMPOTENCY('rel-1'), ...BRIDGE },
      });
      expect(linked.status).toBe(200);
      expect(lastEvent()).toMatchObject({
        type: 'client.relation.created',
        data: { clientId: adult(4).id, childClientId: childId, relationId: linked.json.id },
      });
      const again = await call(lime.sim, '/api/ClientRelations/Insert', {
        body,
        headers: IDEMPOTENCY('rel-2'),
      });
      expect(again.json.error.code).toBe('duplicate');
    });

    it('Select with updatedSince (inclusive, local time) finds the clients changed since', async () => {
      const client = adult(5);
      lime.sim.controls.editsClient(client.id, { lastName: 'Обновлённая' });
      const answer = await call(lime.sim, '/api/ClientManagement/Select', {
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
      const check = lime.sim.controls.visitorBuys(client.id, [
        { goodTypeId: 55, count: 2 },
        { goodTypeId: 84, count: 1 },
      ]);
      const passed = lime.sim.controls.passesTurnstile(client.id, 'ticket');
      const answer = await call(lime.sim, '/api/Transactions/Select', {
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
      expect(lime.sim.park.clients.get(client.id)?.lastVisitAt?.getTime()).toBe(
        lime.sim.park.now().getTime(),
      );
    });
  });

  describe('capabilities', () => {
    it('a switched-off capability answers 404 with an empty body', async () => {
      lime.sim.controls.setCapabilities({ preorders: false, changeFeed: false });
      const po = await call(lime.sim, '/api/Preorders/Select', {
        body: { filter: { installationId: 2 }, page: { skip: 0, take: 1 } },
      });
      expect(po.status).toBe(404);
      expect(po.text).toBe('');
      const feed = await call(lime.sim, '/api/Events/Select', {
        body: { filter: { installationId: 2, sinceId: 0 } },
      });
      expect(feed.status).toBe(404);
      expect((await call(lime.sim, '/api/BonusAccruals/Insert', { body: {} })).status).toBe(422);
      lime.sim.controls.setCapabilities({ assumed: false, preorders: true, changeFeed: true });
      for (const path of [
        '/api/ClientManagement/GetClient',
        '/api/Transactions/Select',
        '/api/Webhooks/Insert',
      ]) {
        const answer = await call(lime.sim, path, { body: {} });
        expect(answer.status, path).toBe(404);
        expect(answer.text, path).toBe('');
      }
      expect(
        (await call(lime.sim, '/api/GoodTypes/Select', { body: { filter: {}, page: { skip: 0, take: 1 } } }))
          .status,
      ).toBe(200);
      lime.sim.controls.setCapabilities({ assumed: true });
      expect((await call(lime.sim, '/api/Preorders/Get', { body: { id: 1 } })).status).toBe(204);
    });
  });
});
