import { z } from 'zod';
import { empty, json, problem, Refusal } from './http-io';
import { createClient } from './ops-clients';
import type { ParkState } from './park-state';
import { paged, type Route } from './route';
import { email, id, page, parse, phone } from './schemas';
import type { JsonValue, SimRight } from './types';
import { clientWire, goodWire, localTime, rightWire } from './wire';

/**
 * The observed endpoints (docs/lime-api.md; morphes/lime, ieremeev03/loer-cms,
 * SuslovQA/BuyWidgetLimeTest), answered exactly as the integrators read them.
 *
 * Not found — a fixed rule per endpoint (Lime answers both ways, so clients must handle both):
 *   ClientManagement/GetClientInfoByEmail   → 200 []
 *   ClientManagement/GetClientInfoByCardUid → 200 null
 *   ClientManagement/GetCardInfoByCardUid   → 204 No Content
 *   ClientManagement/GetRights              → 200 [] (unknown client)
 *   CashdeskServer/GetCardInfo              → 204 No Content
 *   (assumed) ClientManagement/GetClient    → 200 null;  Preorders/Get → 204 No Content
 * A filter naming another installation finds nothing (an empty list), it is not an error.
 *
 * Calls listed as "not used" in the contract (PutCheck, GetOrCreateRight, GenerateCard, …) are not
 * simulated: they answer 404, so a test catches any use of a sale as a stand-in.
 */

const query = (params: URLSearchParams, key: string) => {
  const value = params.get(key);
  return value === null || value === '' ? undefined : value;
};

/** Rights as Lime lists them: not expired (spent ones included, at 0), deposit, bonuses, the rest. */
export function listedRights(park: ParkState, rights: readonly SimRight[]): SimRight[] {
  const now = park.now().getTime();
  const rank = (r: SimRight) =>
    r.goodTypeId === park.depositGoodTypeId ? 0 : r.goodTypeId === park.bonusGoodTypeId ? 1 : 2;
  return rights
    .filter((r) => r.to === null || r.to.getTime() > now)
    .sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

export const observedRoutes: Route[] = [
  {
    path: 'Installations/Select',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(
        z.object({
          filter: z.object({ id: id.optional(), canWrite: z.boolean().optional() }).nullish(),
          page,
        }),
        body,
        'observed',
      );
      const list = [park.installation].filter((i) => b.filter?.id === undefined || b.filter.id === i.id);
      return json({
        data: paged(list, b.page).map((i) => ({ id: i.id, name: i.name, timeZone: i.timeZone })),
      });
    },
  },
  {
    path: 'Cashdesks/Select',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(
        z.object({
          filter: z
            .object({ id: id.optional(), installationId: id.optional(), canWrite: z.boolean().optional() })
            .nullish(),
          page,
        }),
        body,
        'observed',
      );
      const list = park.cashdesks.filter(
        (c) =>
          (b.filter?.id === undefined || b.filter.id === c.id) &&
          (b.filter?.installationId === undefined || b.filter.installationId === c.installationId),
      );
      return json({
        data: paged(list, b.page).map((c) => ({ id: c.id, name: c.name, installationId: c.installationId })),
      });
    },
  },
  {
    path: 'GoodTypes/Select',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(
        z.object({
          filter: z.object({ installationId: id.optional(), categoryId: id.optional() }).nullish(),
          page,
        }),
        body,
        'observed',
      );
      const installation = b.filter?.installationId;
      if (installation !== undefined && installation !== park.installation.id) return json({ data: [] });
      const goods = [...park.goods.values()]
        .filter(
          (g) => !g.deleted && (b.filter?.categoryId === undefined || g.categoryId === b.filter.categoryId),
        )
        .sort((a, z2) => a.id - z2.id);
      return json({ data: paged(goods, b.page).map(goodWire) });
    },
  },
  {
    // GET in one commit of morphes/lime, POST in another: both answer (query parameters only).
    path: 'CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation',
    methods: ['GET', 'POST'],
    kind: 'observed',
    body: 'none',
    handle: ({ park, query: q }) => {
      const p = parse(
        z.object({ cashdeskId: id, installationId: id }),
        {
          cashdeskId: query(q, 'cashdeskId'),
          installationId: query(q, 'installationId'),
        },
        'observed',
      );
      const known =
        p.installationId === park.installation.id && park.cashdesks.some((c) => c.id === p.cashdeskId);
      if (!known) return json({ goodTypes: [], categories: [] });
      const goods = [...park.goods.values()].filter((g) => !g.deleted).sort((a, b) => a.id - b.id);
      return json({
        goodTypes: goods.map(goodWire),
        categories: park.goodCategories.map((c) => ({ id: c.id, name: c.name })),
      });
    },
  },
  {
    path: 'CashdeskServer/GetServerCurrentTime',
    methods: ['GET'],
    kind: 'observed',
    body: 'none',
    handle: ({ park }) => {
      // .NET's DateTime.ToString("o") without a Kind: seven fraction digits, no offset.
      const ms = String(park.clockNow().getTime() % 1000).padStart(3, '0');
      return json(`${localTime(park.now(), park.installation.timeZone)}.${ms}0000`);
    },
  },
  {
    // loer-cms AddLimeOrderCommand: `{ email, phoneNumber, displayName }` → the new id as a bare
    // number. Only those fields are read (others are ignored, as Lime's binder would): the first
    // word of displayName becomes firstName, the rest lastName (assumed). No card is issued.
    path: 'ClientManagement/Insert',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    idempotency: 'honoured',
    handle: ({ park, body, origin }) => {
      const b = parse(
        z.object({
          displayName: z.string().trim().min(1).max(200),
          email: z.union([z.literal(''), email]).nullish(),
          phoneNumber: z.union([z.literal(''), phone]).nullish(),
          installationId: id.optional(),
        }),
        body,
        'observed',
      );
      const [firstName = '', ...rest] = b.displayName.split(/\s+/);
      const client = createClient(
        park,
        {
          firstName,
          lastName: rest.join(' '),
          displayName: b.displayName,
          email: b.email || null,
          phoneNumber: b.phoneNumber || null,
        },
        origin,
      );
      return json(client.id);
    },
  },
  {
    path: 'ClientManagement/GetClientInfoByEmail',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(z.object({ email: z.string().min(1), installationId: id }), body, 'observed');
      if (b.installationId !== park.installation.id) return json([]);
      const wanted = b.email.toLowerCase();
      const found: JsonValue[] = [];
      for (const client of park.clients.values()) {
        if (client.email?.toLowerCase() === wanted) found.push({ userData: clientWire(park, client) });
      }
      return json(found);
    },
  },
  {
    path: 'ClientManagement/GetClientInfoByCardUid',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(z.object({ uid: z.string().min(1), installationId: id }), body, 'observed');
      const card = b.installationId === park.installation.id ? park.cardByUid(b.uid) : undefined;
      const client = card ? park.clients.get(card.clientId) : undefined;
      return json(client ? { userData: clientWire(park, client) } : null);
    },
  },
  {
    // loer-cms SkipassController: GET with `uid` only (no installationId).
    path: 'ClientManagement/GetCardInfoByCardUid',
    methods: ['GET'],
    kind: 'observed',
    body: 'none',
    handle: ({ park, query: q }) => {
      const p = parse(z.object({ uid: z.string().min(1) }), { uid: query(q, 'uid') }, 'observed');
      const card = park.cardByUid(p.uid);
      return card ? json({ card: { id: card.id, userId: card.clientId, uid: card.uid } }) : empty(204);
    },
  },
  {
    path: 'ClientManagement/GetRights',
    methods: ['POST'],
    kind: 'observed',
    body: 'json',
    handle: ({ park, body }) => {
      const b = parse(z.object({ clientId: id, installationId: id }), body, 'observed');
      if (b.installationId !== park.installation.id) return json([]);
      return json(listedRights(park, park.allRightsOf(b.clientId)).map((r) => rightWire(park, r)));
    },
  },
  {
    // SuslovQA DataHelper: `?installationId=&uid=&cardId=`, reads rights[*].right.amount / 100.
    path: 'CashdeskServer/GetCardInfo',
    methods: ['GET'],
    kind: 'observed',
    body: 'none',
    handle: ({ park, query: q }) => {
      const p = parse(
        z.object({ installationId: id, uid: z.string().optional(), cardId: id.optional() }),
        { installationId: query(q, 'installationId'), uid: query(q, 'uid'), cardId: query(q, 'cardId') },
        'observed',
      );
      if (p.uid === undefined && p.cardId === undefined) {
        throw new Refusal(problem({ $: ['uid or cardId is required'] }));
      }
      const card = p.uid !== undefined ? park.cardByUid(p.uid) : park.cards.get(p.cardId ?? 0);
      if (
        !card ||
        p.installationId !== park.installation.id ||
        (p.cardId !== undefined && p.cardId !== card.id)
      ) {
        return empty(204);
      }
      const rights = listedRights(
        park,
        park.allRightsOf(card.clientId).filter((r) => r.cardId === card.id),
      );
      return json({
        card: { id: card.id, uid: card.uid, userId: card.clientId },
        rights: rights.map((r) => rightWire(park, r)),
      });
    },
  },
];
