import { describe, expect, it } from 'vitest';
import { adultOf, BRIDGE, call, IDEMPOTENCY, lastEventOf, setupLimeSimulator } from './support';

describe('Lime simulator: pre-orders and bonus accruals (assumed)', () => {
  const lime = setupLimeSimulator({ clients: 60, now: () => new Date('2026-02-10T09:00:00Z') });

  const adult = (index = 0) => adultOf(lime.sim, index);
  const lastEvent = () => lastEventOf(lime.sim);

  describe('pre-orders', () => {
    const insert = (key: string, extra: Record<string, unknown> = {}) =>
      call(lime.sim, '/api/Preorders/Insert', {
        body: {
          installationId: 2,
          clientId: adult(7).id,
          eventTime: '2026-02-14T12:00:00',
          comment: 'День рождения Миши, 10 детей',
          items: [
            { goodTypeId: 55, count: 10, price: 140_000 },
            { goodTypeId: 72, count: 1 },
          ],
          externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
          ...extra,
        },
        headers: { ...IDEMPOTENCY(key), ...BRIDGE },
      });

    it('creates (201) with list prices for items without price, and replays it', async () => {
      const created = await insert('po-1');
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        number: `П-${created.json.id}`,
        status: 'new',
        eventTime: '2026-02-14T12:00:00',
        items: [
          { goodTypeId: 55, count: 10, price: 140_000, total: 1_400_000 },
          { goodTypeId: 72, count: 1, price: 2_500_000, total: 2_500_000 },
        ],
        total: 3_900_000,
        externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
        version: 1,
      });
      const replay = await insert('po-1');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses a second pre-order with the same externalRef under another key: 409 duplicate', async () => {
      const dup = await insert('po-2');
      expect(dup.status).toBe(409);
      expect(dup.json.error).toMatchObject({ code: 'duplicate', existingId: expect.any(Number) });
    });

    it('updates while new/confirmed; 409 preorder_not_editable once paid', async () => {
      const created = await insert('po-3', {
        externalRef: { system: 'amocrm', entityType: 'lead', id: '99' },
      });
      const id = created.json.id as number;
      const body = {
        id,
        eventTime: '2026-02-15T15:00:00',
        comment: 'Перенесли',
        items: [{ goodTypeId: 55, count: 12 }],
      };
      const updated = await call(lime.sim, '/api/Preorders/Update', {
        body,
        headers: IDEMPOTENCY('po-3-u1'),
      });
      expect(updated.json).toMatchObject({ version: 2, eventTime: '2026-02-15T15:00:00', total: 1_800_000 });
      lime.sim.controls.setsPreorderStatus(id, 'paid');
      const refused = await call(lime.sim, '/api/Preorders/Update', {
        body: { ...body, comment: 'Ещё раз' },
        headers: IDEMPOTENCY('po-3-u2'),
      });
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe('preorder_not_editable');
      const cancel = await call(lime.sim, '/api/Preorders/Cancel', {
        body: { id },
        headers: IDEMPOTENCY('po-3-c'),
      });
      expect(cancel.json.error.code).toBe('preorder_not_editable');
      const paidCheck = lime.sim.park.transactions.find((t) => t.preorderId === id);
      expect(paidCheck?.total).toBe(1_800_000);
    });

    it('Update with only `status: confirmed` confirms (items kept); other statuses are refused (422)', async () => {
      const id = (await insert('po-7', { externalRef: null })).json.id as number;
      const update = (key: string, body: Record<string, unknown>) =>
        call(lime.sim, '/api/Preorders/Update', {
          body: { id, ...body },
          headers: { ...IDEMPOTENCY(key), ...BRIDGE },
        });
      for (const status of ['paid', 'completed', 'cancelled', 'new']) {
        const refused = await update(`po-7-${status}`, { status });
        expect(refused.status).toBe(422);
        expect(refused.json.error).toMatchObject({
          code: 'validation_failed',
          details: [{ field: 'status' }],
        });
      }
      const confirmed = await update('po-7-c', { status: 'confirmed' });
      expect(confirmed.json).toMatchObject({ status: 'confirmed', version: 2, total: 3_900_000 });
      expect(lastEvent()).toMatchObject({ type: 'preorder.updated', origin: { source: 'integration' } });
      const again = await update('po-7-c2', { status: 'confirmed' });
      expect(again.json.version).toBe(2);
    });

    it('cancels, gets (204 when unknown) and selects', async () => {
      const created = await insert('po-4', { externalRef: null });
      const cancelled = await call(lime.sim, '/api/Preorders/Cancel', {
        body: { id: created.json.id },
        headers: IDEMPOTENCY('po-4-c'),
      });
      expect(cancelled.json.status).toBe('cancelled');
      expect(lastEvent()?.type).toBe('preorder.cancelled');
      const got = await call(lime.sim, '/api/Preorders/Get', { body: { id: String(created.json.id) } });
      expect(got.json.status).toBe('cancelled');
      expect((await call(lime.sim, '/api/Preorders/Get', { body: { id: 1 } })).status).toBe(204);
      const list = await call(lime.sim, '/api/Preorders/Select', {
        body: {
          filter: { installationId: 2, updatedSince: '2026-02-10T00:00:00' },
          page: { skip: 0, take: 100 },
        },
      });
      expect(list.json.data.map((p: { id: number }) => p.id)).toContain(created.json.id);
    });

    it('refuses unknown goods and bad items (422)', async () => {
      const answer = await insert('po-5', { externalRef: null, items: [{ goodTypeId: 12345, count: 1 }] });
      expect(answer.status).toBe(422);
      const zero = await insert('po-6', { externalRef: null, items: [{ goodTypeId: 55, count: 0 }] });
      expect(zero.status).toBe(422);
    });
  });

  describe('bonus accruals', () => {
    it('credits a right of the bonus good, answers balanceAfter in kopecks, logs bonus.accrued', async () => {
      const client = adult(8);
      const before = lime.sim.park.balances(client.id).bonus;
      const answer = await call(lime.sim, '/api/BonusAccruals/Insert', {
        body: {
          installationId: 2,
          clientId: client.id,
          amount: 50_000,
          reason: 'birthday',
          comment: 'С днём рождения!',
          expiresAt: '2026-03-31T23:59:59',
        },
        headers: { ...IDEMPOTENCY(`birthday:${client.id}:2026`), ...BRIDGE },
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        id: expect.any(Number),
        status: 'applied',
        clientId: client.id,
        amount: 50_000,
        balanceAfter: before + 50_000,
        time: '2026-02-10T12:00:00',
      });
      expect(lastEvent()).toMatchObject({ type: 'bonus.accrued', origin: { source: 'integration' } });
      const rights = await call(lime.sim, '/api/ClientManagement/GetRights', {
        body: { clientId: client.id, installationId: 2 },
      });
      expect(rights.json).toContainEqual({
        right: expect.objectContaining({
          goodTypeId: lime.sim.bonusGoodTypeId,
          amount: 50_000,
          to: '2026-03-31T23:59:59',
        }),
      });
    });

    it('refuses a fractional amount or an unknown reason (422)', async () => {
      const body = { installationId: 2, clientId: adult().id, amount: 500.5, reason: 'manual' };
      expect(
        (await call(lime.sim, '/api/BonusAccruals/Insert', { body, headers: IDEMPOTENCY('b-1') })).status,
      ).toBe(422);
      const reason = { ...body, amount: 500, reason: 'gift' };
      expect(
        (await call(lime.sim, '/api/BonusAccruals/Insert', { body: reason, headers: IDEMPOTENCY('b-2') }))
          .status,
      ).toBe(422);
    });
  });
});
