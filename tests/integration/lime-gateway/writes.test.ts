import { beforeAll, describe, expect, it } from 'vitest';
import { formatRubles } from '@/lib/domain/money';
import { LimeInvalidRequestError, LimeNotFoundError, LimeRejectedError } from '@/lib/lime/errors';
import type { LimeGateway } from '@/lib/lime/gateway';
import { setupLimeGateway } from './support';

/**
 * Every write of the gateway against the Lime simulator over real HTTP: the wire format (kopecks,
 * offset-less venue times, digits-only phones, Idempotency-Key on every write, X-Lime-Integration),
 * idempotent replays, Lime's refusals as LimeRejectedError with Lime's code, and the acceptance case
 * of balances.
 */

const lime = setupLimeGateway({ clients: 40, timeZone: 'Asia/Yekaterinburg' });
const { recent } = lime;
let gateway: LimeGateway;

beforeAll(() => {
  gateway = lime.connect();
});

function apiRequests(path: string) {
  return recent(`/api/${path}`);
}

function bodyOf(request: { body: string } | undefined): Record<string, unknown> {
  return request ? (JSON.parse(request.body) as Record<string, unknown>) : {};
}

const OFFSET_LESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function anyAdult(): number {
  const adult = lime.sim.park.adults()[0];
  if (!adult) throw new Error('no adult');
  return adult.id;
}

describe('clients', () => {
  it('creates a client: observed Insert (digits-only phone), then Update for the rest, then GetClient', async () => {
    const created = await gateway.createClient(
      {
        firstName: 'Анна',
        lastName: 'Иванова',
        middleName: 'Петровна',
        phone: '+7 (999) 555-12-34',
        email: 'anna.new@example.ru',
        birthDate: '1990-05-14',
      },
      { idempotencyKey: 'bitrix24:contact:101:create' },
    );
    expect(created).toMatchObject({
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: 'Петровна',
      displayName: 'Анна Иванова',
      phone: '79995551234',
      email: 'anna.new@example.ru',
      birthDate: '1990-05-14',
      category: 'adult',
      children: [],
    });
    expect(lime.sim.park.clients.get(created.id)?.birthDate).toBe('1990-05-14');

    expect(recent().map((r) => r.path)).toEqual([
      '/api/ClientManagement/Insert',
      '/api/ClientManagement/Update',
      '/api/ClientManagement/GetClient',
      '/api/ClientCategories/Select',
    ]);
    const [insert] = apiRequests('ClientManagement/Insert');
    expect(bodyOf(insert)).toEqual({
      email: 'anna.new@example.ru',
      phoneNumber: '79995551234',
      displayName: 'Анна Иванова',
    });
    expect(insert?.headers['idempotency-key']).toBe('bitrix24:contact:101:create');
    const [update] = apiRequests('ClientManagement/Update');
    expect(bodyOf(update)).toEqual({
      installationId: lime.sim.installationId,
      clientId: created.id,
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: 'Петровна',
      birthDate: '1990-05-14',
    });
    expect(update?.headers['idempotency-key']).toBe('bitrix24:contact:101:create:fields');

    // Lime marks what our writes cause with our integration.
    const event = lime.sim.park.events.find((e) => e.type === 'client.created' && e.data.id === created.id);
    expect(event?.origin).toEqual({ source: 'integration', integration: 'crm-bridge' });
  });

  it('creating again with the same key replays: no second client', async () => {
    const draft = { firstName: 'Пётр', lastName: 'Сидоров', phone: '89995550001' };
    const first = await gateway.createClient(draft, { idempotencyKey: 'amocrm:contact:7:create' });
    const count = lime.sim.park.clients.size;
    const again = await gateway.createClient(draft, { idempotencyKey: 'amocrm:contact:7:create' });
    expect(again.id).toBe(first.id);
    expect(lime.sim.park.clients.size).toBe(count);
  });

  it('refuses a phone that is no phone before asking Lime', async () => {
    await expect(
      gateway.createClient(
        { firstName: 'A', lastName: 'B', phone: 'call me' },
        { idempotencyKey: 'k-bad-phone' },
      ),
    ).rejects.toBeInstanceOf(LimeInvalidRequestError);
    expect(recent()).toHaveLength(0);
  });

  it('updates a client with the expected version; a stale version is version_conflict', async () => {
    const id = anyAdult();
    const version = lime.sim.park.clients.get(id)?.version ?? 0;
    const updated = await gateway.updateClient(
      id,
      { phone: '8 (912) 000-11-22', birthDate: '1985-01-02', email: null },
      { idempotencyKey: `update:${id}:1`, expectedVersion: version },
    );
    expect(updated).toMatchObject({ phone: '79120001122', birthDate: '1985-01-02', email: null });
    expect(updated.version).toBe(version + 1);
    expect(bodyOf(apiRequests('ClientManagement/Update')[0])).toEqual({
      installationId: lime.sim.installationId,
      clientId: id,
      version,
      phoneNumber: '79120001122',
      email: null,
      birthDate: '1985-01-02',
    });

    const stale = gateway.updateClient(
      id,
      { firstName: 'Иван' },
      { idempotencyKey: `update:${id}:2`, expectedVersion: updated.version - 1 },
    );
    await expect(stale).rejects.toBeInstanceOf(LimeRejectedError);
    await expect(stale).rejects.toMatchObject({ status: 409, limeCode: 'version_conflict' });
  });

  it('an update of an unknown client is LimeNotFoundError (404 not_found)', async () => {
    await expect(
      gateway.updateClient(987_654, { firstName: 'Никто' }, { idempotencyKey: 'update:987654' }),
    ).rejects.toBeInstanceOf(LimeNotFoundError);
  });
});

describe('pre-orders', () => {
  const eventAt = new Date('2030-02-14T07:00:00Z'); // 12:00 in Yekaterinburg (UTC+5)

  it('creates a pre-order: kopecks, offset-less venue time, external reference; a replay gives the same one', async () => {
    const clientId = anyAdult();
    const draft = {
      clientId,
      eventAt,
      comment: 'День рождения Миши, 10 детей',
      items: [
        { goodId: 55, quantity: 10, price: 140000 },
        { goodId: 63, quantity: 1 },
      ],
      externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
    };
    const created = await gateway.createPreorder(draft, { idempotencyKey: 'bitrix24:deal:4711:preorder' });
    expect(created).toMatchObject({
      status: 'new',
      clientId,
      eventAt,
      comment: 'День рождения Миши, 10 детей',
      externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
      total: 10 * 140000 + 350000,
    });
    expect(created.items).toEqual([
      { goodId: 55, name: 'Билет «Безлимит» детский', quantity: 10, price: 140000, total: 1400000 },
      { goodId: 63, name: 'Аниматор (1 час)', quantity: 1, price: 350000, total: 350000 },
    ]);
    const [request] = apiRequests('Preorders/Insert');
    expect(bodyOf(request)).toEqual({
      installationId: lime.sim.installationId,
      clientId,
      eventTime: '2030-02-14T12:00:00',
      comment: 'День рождения Миши, 10 детей',
      items: [
        { goodTypeId: 55, count: 10, price: 140000 },
        { goodTypeId: 63, count: 1 },
      ],
      externalRef: { system: 'bitrix24', entityType: 'deal', id: '4711' },
    });
    expect(request?.headers['idempotency-key']).toBe('bitrix24:deal:4711:preorder');

    const replay = await gateway.createPreorder(draft, { idempotencyKey: 'bitrix24:deal:4711:preorder' });
    expect(replay.id).toBe(created.id);

    const reuse = gateway.createPreorder(
      { ...draft, comment: 'другое' },
      { idempotencyKey: 'bitrix24:deal:4711:preorder' },
    );
    await expect(reuse).rejects.toMatchObject({ status: 409, limeCode: 'idempotency_key_reuse' });
    const duplicate = gateway.createPreorder(draft, { idempotencyKey: 'bitrix24:deal:4711:preorder:again' });
    await expect(duplicate).rejects.toMatchObject({ status: 409, limeCode: 'duplicate' });
  });

  it('updates and cancels a pre-order; a cancelled one is not editable', async () => {
    const created = await gateway.createPreorder(
      { clientId: anyAdult(), eventAt, items: [{ goodId: 52, quantity: 3 }] },
      { idempotencyKey: 'po:update-cancel' },
    );
    const later = new Date(eventAt.getTime() + 3600_000);
    const updated = await gateway.updatePreorder(
      created.id,
      {
        clientId: created.clientId,
        eventAt: later,
        comment: 'перенос',
        items: [{ goodId: 53, quantity: 2 }],
      },
      { idempotencyKey: 'po:update-cancel:u1' },
    );
    expect(updated).toMatchObject({ eventAt: later, comment: 'перенос', total: 2 * 80000 });
    expect(bodyOf(apiRequests('Preorders/Update')[0])).toEqual({
      id: created.id,
      eventTime: '2030-02-14T13:00:00',
      comment: 'перенос',
      items: [{ goodTypeId: 53, count: 2 }],
    });
    const cancelled = await gateway.cancelPreorder(created.id, { idempotencyKey: 'po:update-cancel:c' });
    expect(cancelled.status).toBe('cancelled');
    const edit = gateway.updatePreorder(
      created.id,
      { clientId: created.clientId, eventAt, items: [{ goodId: 53, quantity: 1 }] },
      { idempotencyKey: 'po:update-cancel:u2' },
    );
    await expect(edit).rejects.toMatchObject({ status: 409, limeCode: 'preorder_not_editable' });
    for (const request of recent().filter((r) => r.path.startsWith('/api/Preorders/'))) {
      expect(request.headers['idempotency-key']).toBeTruthy();
    }
  });

  it('confirms a pre-order by Update with only its status: items and time stay as Lime has them', async () => {
    const created = await gateway.createPreorder(
      { clientId: anyAdult(), eventAt, comment: 'ДР', items: [{ goodId: 52, quantity: 4 }] },
      { idempotencyKey: 'po:confirm' },
    );
    const confirmed = await gateway.confirmPreorder(created.id, { idempotencyKey: 'po:confirm:c' });
    expect(confirmed).toMatchObject({ status: 'confirmed', version: 2, eventAt, items: created.items });
    expect(bodyOf(apiRequests('Preorders/Update').at(-1))).toEqual({ id: created.id, status: 'confirmed' });
    const replay = await gateway.confirmPreorder(created.id, { idempotencyKey: 'po:confirm:c' });
    expect(replay.version).toBe(2);
    await gateway.cancelPreorder(created.id, { idempotencyKey: 'po:confirm:x' });
    await expect(
      gateway.confirmPreorder(created.id, { idempotencyKey: 'po:confirm:c2' }),
    ).rejects.toMatchObject({ status: 409, limeCode: 'preorder_not_editable' });
  });

  it('a validation failure is LimeRejectedError validation_failed (422)', async () => {
    const invalid = gateway.createPreorder(
      { clientId: anyAdult(), eventAt, items: [{ goodId: 999, quantity: 1 }] },
      { idempotencyKey: 'po:invalid' },
    );
    await expect(invalid).rejects.toMatchObject({ status: 422, limeCode: 'validation_failed' });
  });
});

describe('bonus accruals', () => {
  it('credits kopecks with an offset-less expiry; a replay is marked replayed and credits nothing', async () => {
    const clientId = anyAdult();
    const before = lime.sim.park.balances(clientId).bonus;
    const expiresAt = new Date('2031-03-31T18:59:59Z'); // 23:59:59 in Yekaterinburg
    const request = {
      clientId,
      amount: 50000,
      reason: 'birthday' as const,
      comment: 'С днём рождения!',
      expiresAt,
    };
    const accrual = await gateway.accrueBonus(request, { idempotencyKey: `birthday:${clientId}:2031` });
    expect(accrual).toMatchObject({ clientId, amount: 50000, balanceAfter: before + 50000, replayed: false });
    const [sent] = apiRequests('BonusAccruals/Insert');
    expect(bodyOf(sent)).toEqual({
      installationId: lime.sim.installationId,
      clientId,
      amount: 50000,
      reason: 'birthday',
      comment: 'С днём рождения!',
      expiresAt: '2031-03-31T23:59:59',
    });
    expect(sent?.headers['idempotency-key']).toBe(`birthday:${clientId}:2031`);

    const replay = await gateway.accrueBonus(request, { idempotencyKey: `birthday:${clientId}:2031` });
    expect(replay).toMatchObject({ id: accrual.id, replayed: true });
    expect(lime.sim.park.balances(clientId).bonus).toBe(before + 50000);
  });

  it('a lost answer is retried with the same key and replayed: the bonus lands once', async () => {
    const clientId = anyAdult();
    const before = lime.sim.park.balances(clientId).bonus;
    const accruals = lime.sim.park.accruals.length;
    lime.sim.controls.fault({ path: '/api/BonusAccruals/Insert', kind: 'drop_after_commit' });
    const accrual = await gateway.accrueBonus(
      { clientId, amount: 1000, reason: 'manual' },
      { idempotencyKey: `manual:${clientId}:lost` },
    );
    expect(accrual.replayed).toBe(true);
    expect(lime.sim.park.accruals.length).toBe(accruals + 1);
    expect(lime.sim.park.balances(clientId).bonus).toBe(before + 1000);
    const keys = apiRequests('BonusAccruals/Insert').map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`manual:${clientId}:lost`, `manual:${clientId}:lost`]);
  });
});

describe('acceptance: balances of a card', () => {
  it('deposit right 10000 and bonus right 1700 with an expiry → 100 ₽, 17 ₽ and that date', async () => {
    const client = await gateway.createClient(
      { firstName: 'Вера', lastName: 'Карточкина', phone: '+7 999 777-00-01' },
      { idempotencyKey: 'acceptance:card' },
    );
    const expiry = new Date('2031-04-29T18:59:59Z');
    lime.sim.controls.topsUp(client.id, 10000);
    lime.sim.controls.accruesBonus(client.id, 1700, 'manual', expiry);
    const uid = (await gateway.getClient(client.id))?.cards[0]?.uid;
    if (!uid) throw new Error('the top-up issued no card');

    const card = await gateway.getCardBalances(uid);
    expect(card).toEqual({
      deposit: 10000,
      bonus: 1700,
      bonusExpiresAt: expiry,
      bonusBuckets: [{ amount: 1700, expiresAt: expiry }],
    });
    expect(formatRubles(card?.deposit ?? 0).replace(/\s/g, ' ')).toBe('100 ₽');
    expect(formatRubles(card?.bonus ?? 0).replace(/\s/g, ' ')).toBe('17 ₽');
    expect(await gateway.getBalances(client.id)).toEqual(card);
  });
});

describe('webhooks', () => {
  it('subscribes with all events and the secret; the key is derived from url and secret', async () => {
    const url = 'https://bridge.example.ru/api/lime/webhook/abc';
    const secret = 'a-secret-of-32-characters-long!!';
    const { id } = await gateway.subscribeWebhook({ url, secret });
    expect(lime.sim.park.webhooks.get(id)).toMatchObject({ url, secret, events: ['*'] });
    const [request] = apiRequests('Webhooks/Insert');
    expect(bodyOf(request)).toEqual({ url, events: ['*'], secret });
    expect(request?.headers['idempotency-key']).toMatch(/^webhook:[0-9a-f]{64}$/);
    expect(request?.headers['idempotency-key']).not.toContain(secret);
  });
});

describe('every write of this file', () => {
  it('carried an Idempotency-Key and X-Lime-Integration; every time went offset-less', async () => {
    const writes = lime.sim.requests.filter((r) => /\/(Insert|Update|Cancel)$/.test(r.path));
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(write.headers['idempotency-key']).toBeTruthy();
      expect(write.headers['x-lime-integration']).toBe('crm-bridge');
    }
    for (const request of lime.sim.requests) {
      const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
      for (const field of ['eventTime', 'expiresAt', 'updatedSince', 'fromTime']) {
        const value = body[field];
        if (typeof value === 'string') expect(value).toMatch(OFFSET_LESS);
      }
    }
  });
});
