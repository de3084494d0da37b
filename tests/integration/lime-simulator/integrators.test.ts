import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { setupLimeSimulator } from './support';

/**
 * Replays of the public integrators' requests (reference/lime-api.md §2.4, docs/lime-api.md):
 * the same verbs, paths, headers and bodies they send, read the way they read the answers.
 */
describe('Lime simulator: the integrators’ samples', () => {
  const lime = setupLimeSimulator();

  const client = () => {
    const found = lime.sim.park.adults().find((c) => c.email && c.cardIds.length > 0);
    if (!found) throw new Error('no adult with an e-mail and a card');
    return found;
  };
  const cardUid = (id: number) =>
    lime.sim.park.cards.get(lime.sim.park.clients.get(id)?.cardIds[0] ?? 0)?.uid ?? '';

  describe('morphes/lime (src/Lime/Request.php)', () => {
    // API_URL ends with '/', and every path starts with '/': the requests go to `//connect/token`, `//api/...`.
    const bearer = async () => {
      const response = await fetch(`${lime.sim.url}//connect/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: 'Jade.Api',
          grant_type: 'password',
          username: lime.sim.credentials.login,
          password: lime.sim.credentials.password,
        }).toString(),
      });
      const tokens = (await response.json()) as {
        access_token: string;
        refresh_token: string;
        error?: string;
      };
      expect(tokens.error).toBeUndefined();
      return { Authorization: `Bearer ${tokens.access_token}`, 'Content-Type': 'application/json' };
    };

    it('checkInstallation(): Installations/Select with the literal body it concatenates', async () => {
      const headers = await bearer();
      const postData = `{"filter":{"canWrite":false,"id":${lime.sim.installationId}},"page":{"skip":0,"take":25}}`;
      const response = await fetch(`${lime.sim.url}//api/Installations/Select`, {
        method: 'POST',
        headers,
        body: postData,
      });
      expect(await response.json()).toEqual({
        data: [{ id: 2, name: 'Кидбург', timeZone: 'Europe/Moscow' }],
      });
    });

    it('cashdesk(): Cashdesks/Select', async () => {
      const headers = await bearer();
      const postData = `{"filter":{"canWrite":false,"id":${lime.sim.cashdeskId}},"page":{"skip":0,"take":25}}`;
      const response = await fetch(`${lime.sim.url}//api/Cashdesks/Select`, {
        method: 'POST',
        headers,
        body: postData,
      });
      expect(await response.json()).toEqual({ data: [{ id: 10, name: 'Онлайн-касса', installationId: 2 }] });
    });

    it('GetServerCurrentTime: installationTime = its first 19 characters', async () => {
      const headers = await bearer();
      const response = await fetch(`${lime.sim.url}//api/CashdeskServer/GetServerCurrentTime`, { headers });
      const time = (await response.json()) as string;
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
      expect(DateTime.fromISO(time.slice(0, 19)).isValid).toBe(true);
    });
  });

  describe('ieremeev03/loer-cms', () => {
    // config('lime.token') is sent verbatim as the Authorization value; LIME_URL already ends in /api.
    const headers = () => ({
      Authorization: `LimeToken ${lime.sim.credentials.token}`,
      'Content-Type': 'application/json',
    });
    const post = async (path: string, body: unknown) => {
      const limeUrl = `${lime.sim.url}/api`;
      const response = await fetch(`${limeUrl}${path}`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return text === '' ? null : (JSON.parse(text) as unknown);
    };

    it('SyncPriceCommand: GoodTypes/Select take 100, reads data[].id and data[].basePrice (rubles)', async () => {
      const goodTypes = (await post('/GoodTypes/Select', {
        filter: { installationId: 2 },
        page: { skip: 0, take: 100 },
      })) as {
        data: { id: number; basePrice: number }[];
      };
      expect(goodTypes.data.length).toBeGreaterThanOrEqual(30);
      for (const item of goodTypes.data) {
        expect(item.basePrice).toBe((lime.sim.park.goods.get(item.id)?.price ?? Number.NaN) / 100);
      }
    });

    it('SkipassController::create: GetClientInfoByEmail → $user[0][userData][id]', async () => {
      const known = client();
      const user = (await post('/ClientManagement/GetClientInfoByEmail', {
        email: known.email,
        installationId: '2',
      })) as {
        userData: { id: number };
      }[];
      expect(user[0]?.userData.id).toBe(known.id);
      const nobody = await post('/ClientManagement/GetClientInfoByEmail', {
        email: 'nobody@example.ru',
        installationId: '2',
      });
      expect(nobody).toEqual([]);
    });

    it('SkipassController::getInfo: GetClientInfoByCardUid, then GetRights read with Carbon', async () => {
      const known = client();
      lime.sim.controls.topsUp(known.id, 50_000);
      const info = (await post('/ClientManagement/GetClientInfoByCardUid', {
        uid: cardUid(known.id),
        installationId: '2',
      })) as {
        userData: { id: number };
      };
      expect(info.userData.id).toBe(known.id);
      const rights = (await post('/ClientManagement/GetRights', {
        clientId: info.userData.id,
        installationId: '2',
      })) as {
        right: { goodTypeName: string; amount: number; from: string; to: string | null };
      }[];
      expect(rights.length).toBeGreaterThan(0);
      for (const { right } of rights) {
        expect(typeof right.goodTypeName).toBe('string');
        expect(Number.isInteger(right.amount)).toBe(true);
        expect(DateTime.fromISO(right.from).isValid).toBe(true);
        expect(right.to === null || DateTime.fromISO(right.to).isValid).toBe(true);
      }
      expect(
        await post('/ClientManagement/GetClientInfoByCardUid', { uid: '00000000', installationId: '2' }),
      ).toBeNull();
    });

    it('SkipassController::topup: GET GetCardInfoByCardUid?uid= → card.id, card.userId (null when unknown)', async () => {
      const known = client();
      const response = await fetch(
        `${lime.sim.url}/api/ClientManagement/GetCardInfoByCardUid?uid=${cardUid(known.id)}`,
        {
          headers: { Authorization: `LimeToken ${lime.sim.credentials.token}` },
        },
      );
      const skipass = (await response.json()) as { card: { id: number; userId: number } };
      expect(skipass.card).toMatchObject({ id: known.cardIds[0], userId: known.id });
      const missing = await fetch(`${lime.sim.url}/api/ClientManagement/GetCardInfoByCardUid?uid=00000000`, {
        headers: { Authorization: `LimeToken ${lime.sim.credentials.token}` },
      });
      expect(missing.status).toBe(204);
      expect(await missing.text()).toBe(''); // Laravel's ->json() reads this as null
    });

    it('AddLimeOrderCommand: ClientManagement/Insert with digits-only phone answers the new id', async () => {
      const phone = '+7 (999) 555-01-02'.replace(/[^0-9]+/g, '');
      const id = await post('/ClientManagement/Insert', {
        email: 'skier@example.ru',
        phoneNumber: phone,
        displayName: 'Пётр Лыжников',
      });
      expect(typeof id).toBe('number');
      expect(lime.sim.park.clients.get(id as number)).toMatchObject({
        firstName: 'Пётр',
        lastName: 'Лыжников',
        phoneNumber: '79995550102',
        email: 'skier@example.ru',
      });
    });
  });

  describe('SuslovQA/BuyWidgetLimeTest (DataHelper.java)', () => {
    it('GetCardInfo: rights.right.amount / 100 — [0] money, [1] + [2] bonus, [2].to the bonus expiry', async () => {
      const inserted = await fetch(`${lime.sim.url}/api/ClientManagement/Insert`, {
        method: 'POST',
        headers: {
          Authorization: `LimeToken ${lime.sim.credentials.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          email: 'widget@example.ru',
          phoneNumber: '79995550103',
          displayName: 'Ольга Виджетова',
        }),
      });
      const clientId = (await inserted.json()) as number;
      lime.sim.controls.topsUp(clientId, 250_000);
      lime.sim.controls.accruesBonus(clientId, 30_000, 'manual');
      const expires = new Date(lime.sim.park.now().getTime() + 30 * 86_400_000);
      lime.sim.controls.accruesBonus(clientId, 20_000, 'campaign', expires);
      const card = lime.sim.park.cards.get(lime.sim.park.clients.get(clientId)?.cardIds[0] ?? 0);
      if (!card) throw new Error('the top-up should have issued a card');

      const params = new URLSearchParams({ installationId: '2', uid: card.uid, cardId: String(card.id) });
      const response = await fetch(`${lime.sim.url}/api/CashdeskServer/GetCardInfo?${params}`, {
        headers: { Authorization: `LimeToken ${lime.sim.credentials.token}` },
      });
      expect(response.status).toBe(200);
      const info = (await response.json()) as { rights: { right: { amount: number; to: string | null } }[] };
      const amounts = info.rights.map((r) => r.right.amount);
      const to = info.rights.map((r) => r.right.to);
      expect(Math.trunc((amounts[0] ?? 0) / 100)).toBe(2500);
      expect(Math.trunc((amounts[1] ?? 0) / 100) + Math.trunc((amounts[2] ?? 0) / 100)).toBe(500);
      expect(DateTime.fromISO(to[2] ?? '').toFormat('dd.MM.yyyy')).toBe(
        DateTime.fromJSDate(expires, { zone: 'Europe/Moscow' }).toFormat('dd.MM.yyyy'),
      );
    });
  });
});
