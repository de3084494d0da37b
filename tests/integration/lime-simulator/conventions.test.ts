import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { call, LOCAL_TIME, setupLimeSimulator } from './support';

describe('Lime simulator: conventions of the observed API', () => {
  const lime = setupLimeSimulator({
    timeZone: 'Asia/Yekaterinburg',
    now: () => new Date('2026-03-15T10:20:30Z'),
  });

  const adultWithEverything = () => {
    const client = lime.sim.park
      .adults()
      .find(
        (c) => c.email && c.phoneNumber && c.cardIds.length > 0 && lime.sim.park.relationsOf(c.id).length > 0,
      );
    if (!client) throw new Error('the park has no adult with e-mail, phone, card and children');
    return client;
  };

  describe('paths and routing', () => {
    it('tolerates a double slash (`//api/...`)', async () => {
      const answer = await call(lime.sim, '//api/GoodTypes/Select', {
        body: { filter: { installationId: 2 }, page: { skip: 0, take: 5 } },
      });
      expect(answer.status).toBe(200);
      expect(answer.json.data).toHaveLength(5);
    });

    it('answers an unknown controller or action with 404 and an empty body', async () => {
      for (const path of ['/api/Nope/Select', '/api/GoodTypes/Nope', '/api/GoodTypes', '/nope']) {
        const answer = await call(lime.sim, path, { body: {} });
        expect(answer.status, path).toBe(404);
        expect(answer.text, path).toBe('');
      }
    });

    it('does not simulate the calls the app must never make (PutCheck, GetOrCreateRight, …): 404', async () => {
      for (const path of [
        '/api/CashdeskServer/PutCheck',
        '/api/CashdeskServer/GetOrCreateRight',
        '/api/CashdeskServer/GenerateCard',
      ]) {
        expect((await call(lime.sim, path, { body: {} })).status, path).toBe(404);
      }
    });

    it('refuses a wrong verb with 405 and a body without application/json with 415', async () => {
      const get = await call(lime.sim, '/api/GoodTypes/Select');
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      const form = await call(lime.sim, '/api/GoodTypes/Select', {
        raw: 'filter=1',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
    });

    it('answers a malformed body on an observed call with 400 problem details', async () => {
      const broken = await call(lime.sim, '/api/GoodTypes/Select', { raw: '{"filter":' });
      expect(broken.status).toBe(400);
      expect(broken.headers.get('content-type')).toContain('application/problem+json');
      const wrongType = await call(lime.sim, '/api/ClientManagement/GetRights', {
        body: { clientId: 'abc', installationId: 2 },
      });
      expect(wrongType.status).toBe(400);
      expect(wrongType.json.errors['$.clientId']).toBeDefined();
      const missing = await call(lime.sim, '/api/ClientManagement/GetRights', { body: { clientId: 701 } });
      expect(missing.status).toBe(400);
    });

    it('answers GetAllGoodTypesAndCategoriesForInstallation on GET and on POST', async () => {
      const query = `?cashdeskId=${lime.sim.cashdeskId}&installationId=${lime.sim.installationId}`;
      const get = await call(
        lime.sim,
        `/api/CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation${query}`,
      );
      const post = await call(
        lime.sim,
        `/api/CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation${query}`,
        { method: 'POST' },
      );
      expect(get.status).toBe(200);
      expect(post.json).toEqual(get.json);
      expect(get.json.categories.map((c: { name: string }) => c.name)).toEqual([
        'Депозит',
        'Бонусы',
        'Билеты',
        'Услуги',
        'Дни рождения',
        'Кафе',
      ]);
      expect(get.json.goodTypes.length).toBeGreaterThanOrEqual(30);
      const missing = await call(lime.sim, '/api/CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation');
      expect(missing.status).toBe(400);
    });
  });

  describe('ids, paging and envelopes', () => {
    it('accepts ids sent as strings', async () => {
      const client = adultWithEverything();
      const asNumber = await call(lime.sim, '/api/ClientManagement/GetRights', {
        body: { clientId: client.id, installationId: 2 },
      });
      const asString = await call(lime.sim, '/api/ClientManagement/GetRights', {
        body: { clientId: String(client.id), installationId: '2' },
      });
      expect(asString.status).toBe(200);
      expect(asString.json).toEqual(asNumber.json);
    });

    it('wraps Select results in `{ data }` and caps `take` at 100', async () => {
      const body = (skip: number, take: number) => ({ filter: { installationId: 2 }, page: { skip, take } });
      const capped = await call(lime.sim, '/api/ClientManagement/Select', { body: body(0, 500) });
      expect(Object.keys(capped.json)).toEqual(['data']);
      expect(capped.json.data).toHaveLength(100);
      const second = await call(lime.sim, '/api/ClientManagement/Select', { body: body(100, 100) });
      expect(second.json.data[0].id).toBeGreaterThan(capped.json.data[99].id);
      let all = 0;
      for (let skip = 0; ; skip += 100) {
        const page = await call(lime.sim, '/api/ClientManagement/Select', { body: body(skip, 100) });
        all += page.json.data.length;
        if (page.json.data.length < 100) break;
      }
      expect(all).toBe(lime.sim.park.clients.size);
    });

    it('refuses a negative skip or a zero take', async () => {
      const bad = await call(lime.sim, '/api/GoodTypes/Select', {
        body: { filter: {}, page: { skip: -1, take: 0 } },
      });
      expect(bad.status).toBe(400);
    });

    it('finds nothing for another installation (an empty list, not an error)', async () => {
      const answer = await call(lime.sim, '/api/GoodTypes/Select', {
        body: { filter: { installationId: 3 }, page: { skip: 0, take: 10 } },
      });
      expect(answer.json).toEqual({ data: [] });
    });
  });

  describe('not found: null or 204, a fixed rule per endpoint', () => {
    it('GetClientInfoByCardUid answers null (200)', async () => {
      const answer = await call(lime.sim, '/api/ClientManagement/GetClientInfoByCardUid', {
        body: { uid: 'FFFFFFFF', installationId: 2 },
      });
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('null');
    });

    it('GetCardInfoByCardUid and GetCardInfo answer 204', async () => {
      expect((await call(lime.sim, '/api/ClientManagement/GetCardInfoByCardUid?uid=FFFFFFFF')).status).toBe(
        204,
      );
      expect(
        (await call(lime.sim, '/api/CashdeskServer/GetCardInfo?installationId=2&uid=FFFFFFFF&cardId='))
          .status,
      ).toBe(204);
    });

    it('GetClientInfoByEmail answers [] and GetClient null', async () => {
      const byEmail = await call(lime.sim, '/api/ClientManagement/GetClientInfoByEmail', {
        body: { email: 'nobody@example.ru', installationId: 2 },
      });
      expect(byEmail.json).toEqual([]);
      const byId = await call(lime.sim, '/api/ClientManagement/GetClient', {
        body: { clientId: 999999, installationId: 2 },
      });
      expect(byId.status).toBe(200);
      expect(byId.text).toBe('null');
    });
  });

  describe('phones, money and times', () => {
    it('stores phones as digits; Select by phone matches digits only', async () => {
      const client = adultWithEverything();
      const digits = client.phoneNumber ?? '';
      expect(digits).toMatch(/^7999\d{7}$/);
      const found = await call(lime.sim, '/api/ClientManagement/Select', {
        body: { filter: { installationId: 2, phoneNumber: digits }, page: { skip: 0, take: 10 } },
      });
      expect(found.json.data.map((c: { id: number }) => c.id)).toEqual([client.id]);
      const formatted = `+7 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
      const none = await call(lime.sim, '/api/ClientManagement/Select', {
        body: { filter: { installationId: 2, phoneNumber: formatted }, page: { skip: 0, take: 10 } },
      });
      expect(none.json.data).toEqual([]);
      const insert = await call(lime.sim, '/api/ClientManagement/Insert', {
        body: { email: 'x@example.ru', phoneNumber: formatted, displayName: 'Икс Игреков' },
      });
      expect(insert.status).toBe(400);
    });

    it('speaks three money units: basePrice in rubles, rights and assumed calls in kopecks', async () => {
      const goods = await call(lime.sim, '/api/GoodTypes/Select', {
        body: { filter: { installationId: 2 }, page: { skip: 0, take: 100 } },
      });
      const ticket = goods.json.data.find((g: { id: number }) => g.id === 55);
      expect(ticket).toEqual({
        id: 55,
        name: 'Билет «Безлимит» детский',
        basePrice: 1500,
        categoryId: 7,
        isActive: true,
      });
      const mors = goods.json.data.find((g: { id: number }) => g.id === 84);
      expect(mors.basePrice).toBe(149.9);
      expect(lime.sim.park.goods.get(84)?.price).toBe(14990);

      const client = adultWithEverything();
      lime.sim.controls.topsUp(client.id, 123_450);
      const rights = await call(lime.sim, '/api/ClientManagement/GetRights', {
        body: { clientId: client.id, installationId: 2 },
      });
      const deposit = rights.json.filter(
        (r: { right: { goodTypeId: number } }) => r.right.goodTypeId === lime.sim.depositGoodTypeId,
      );
      expect(deposit.reduce((sum: number, r: { right: { amount: number } }) => sum + r.right.amount, 0)).toBe(
        lime.sim.park.balances(client.id).deposit,
      );
      const tx = await call(lime.sim, '/api/Transactions/Select', {
        body: { filter: { installationId: 2, clientId: client.id }, page: { skip: 0, take: 1 } },
      });
      expect(tx.json.data[0]).toMatchObject({ type: 'deposit_topup', total: 123_450 });
      expect(tx.json.data[0].entries[0]).toMatchObject({
        goodTypeId: lime.sim.depositGoodTypeId,
        price: 123_450,
      });
    });

    it('writes times without offset, in the venue zone; dates as YYYY-MM-DD', async () => {
      const client = adultWithEverything();
      const transaction = lime.sim.controls.visitorBuys(client.id);
      const answer = await call(lime.sim, '/api/ClientManagement/GetClient', {
        body: { clientId: client.id, installationId: 2 },
      });
      expect(answer.json.updatedAt).toMatch(LOCAL_TIME);
      expect(answer.json.updatedAt).toBe('2026-03-15T15:20:30'); // 10:20:30Z in Yekaterinburg (+05:00)
      expect(answer.json.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const tx = await call(lime.sim, '/api/Transactions/Select', {
        body: { filter: { installationId: 2, clientId: client.id }, page: { skip: 0, take: 1 } },
      });
      expect(tx.json.data[0].id).toBe(transaction.id);
      expect(tx.json.data[0].time).toBe(
        DateTime.fromJSDate(transaction.time, { zone: 'Asia/Yekaterinburg' }).toFormat(
          "yyyy-LL-dd'T'HH:mm:ss",
        ),
      );
      const server = await call(lime.sim, '/api/CashdeskServer/GetServerCurrentTime');
      expect(server.json).toBe('2026-03-15T15:20:30.0000000');
    });

    it('refuses times with an offset on assumed calls (422)', async () => {
      const answer = await call(lime.sim, '/api/ClientManagement/Select', {
        body: {
          filter: { installationId: 2, updatedSince: '2026-03-01T00:00:00+05:00' },
          page: { skip: 0, take: 1 },
        },
      });
      expect(answer.status).toBe(422);
      expect(answer.json.error.code).toBe('validation_failed');
    });
  });

  it('records every request for wire-format assertions', async () => {
    await call(lime.sim, '/api/Installations/Select', {
      body: { filter: { id: 2 }, page: { skip: 0, take: 25 } },
      headers: { 'X-Test': 'yes' },
    });
    const last = lime.sim.requests[lime.sim.requests.length - 1];
    expect(last).toMatchObject({ method: 'POST', path: '/api/Installations/Select' });
    expect(last?.headers['x-test']).toBe('yes');
    expect(JSON.parse(last?.body ?? '')).toEqual({ filter: { id: 2 }, page: { skip: 0, take: 25 } });
  });
});
