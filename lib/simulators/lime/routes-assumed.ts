import { z } from 'zod';
import { empty, json } from './http-io';
import { accrueBonus } from './ops-bonus';
import { cancelPreorder, createPreorder, findPreorder, updatePreorder } from './ops-preorders';
import type { ParkState } from './park-state';
import { paged, type Route } from './route';
import { ownInstallation } from './routes-clients';
import { amount, count, id, int, localTime, page, parse } from './schemas';
import type { SimEvent } from './types';
import { subscribe } from './webhooks';
import { accrualWire, eventWire, preorderWire } from './wire';

/** Assumed operations: pre-orders, bonus accruals, the change feed, webhook subscriptions. */

const items = z
  .array(z.object({ goodTypeId: id, count, price: int.pipe(z.int().nonnegative()).optional() }))
  .min(1)
  .max(200);

const externalRef = z.object({
  system: z.string().trim().min(1).max(50),
  entityType: z.string().trim().min(1).max(50),
  id: z.union([z.string().trim().min(1).max(100), z.int().transform(String)]),
});

const comment = z.string().max(2000).nullish();

/** First index in the (ascending) log whose id is greater than `sinceId`. */
function after(events: readonly SimEvent[], sinceId: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid]?.id ?? 0) <= sinceId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function assumedRoutes(zone: string): Route[] {
  const preorderOut = (park: ParkState, preorderId: number) =>
    preorderWire(findPreorder(park, preorderId), zone);
  return [
    {
      path: 'Preorders/Insert',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'preorders',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(
          z.object({
            installationId: id,
            clientId: id.nullable(),
            eventTime: localTime(zone),
            comment,
            items,
            externalRef: externalRef.nullish(),
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.installationId);
        const created = createPreorder(park, b, origin);
        return json(preorderWire(created, zone), 201);
      },
    },
    {
      // Time, comment and items (absent: kept) and `status` (only `confirmed`); 409
      // preorder_not_editable once paid, completed or cancelled.
      path: 'Preorders/Update',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'preorders',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(
          z.object({
            id,
            eventTime: localTime(zone).optional(),
            comment,
            items: items.optional(),
            status: z.enum(['new', 'confirmed', 'paid', 'completed', 'cancelled']).optional(),
          }),
          body,
          'assumed',
        );
        return json(preorderWire(updatePreorder(park, b.id, b, origin), zone));
      },
    },
    {
      path: 'Preorders/Cancel',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'preorders',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(z.object({ id }), body, 'assumed');
        return json(preorderWire(cancelPreorder(park, b.id, origin), zone));
      },
    },
    {
      path: 'Preorders/Get',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'preorders',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(z.object({ id }), body, 'assumed');
        return park.preorders.has(b.id) ? json(preorderOut(park, b.id)) : empty(204);
      },
    },
    {
      path: 'Preorders/Select',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'preorders',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(
          z.object({
            filter: z.object({
              installationId: id,
              updatedSince: localTime(zone).nullish(),
              clientId: id.optional(),
            }),
            page,
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.filter.installationId);
        const since = b.filter.updatedSince?.getTime();
        const list = [...park.preorders.values()].filter(
          (p) =>
            (since === undefined || p.updatedAt.getTime() >= since) &&
            (b.filter.clientId === undefined || p.clientId === b.filter.clientId),
        );
        return json({ data: paged(list, b.page).map((p) => preorderWire(p, zone)) });
      },
    },
    {
      path: 'BonusAccruals/Insert',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'bonusAccruals',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(
          z.object({
            installationId: id,
            clientId: id,
            amount,
            reason: z.enum(['manual', 'mass', 'birthday', 'child_birthday', 'campaign', 'nps']),
            relatedClientId: id.nullish(),
            comment,
            expiresAt: localTime(zone).nullish(),
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.installationId);
        return json(accrualWire(accrueBonus(park, b, origin), zone));
      },
    },
    {
      // sinceId is exclusive; ascending ids; lastId = the last id returned (sinceId when none).
      path: 'Events/Select',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'changeFeed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(
          z.object({
            filter: z.object({ installationId: id, sinceId: int.pipe(z.int().nonnegative()).optional() }),
            page,
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.filter.installationId);
        const sinceId = b.filter.sinceId ?? 0;
        const start = after(park.events, sinceId) + b.page.skip;
        const slice = park.events.slice(start, start + b.page.take);
        const last = slice[slice.length - 1];
        return json({
          data: slice.map((event) => eventWire(event, zone)),
          lastId: last ? last.id : sinceId,
          hasMore: start + slice.length < park.events.length,
        });
      },
    },
    {
      // Subscribing the same URL again replaces its events and secret and keeps its id.
      path: 'Webhooks/Insert',
      methods: ['POST'],
      kind: 'assumed',
      capability: 'webhooks',
      body: 'json',
      idempotency: 'honoured',
      handle: ({ park, body }) => {
        const b = parse(
          z.object({
            url: z.url({ protocol: /^https?$/ }).max(2000),
            events: z
              .array(
                z
                  .string()
                  .regex(/^(\*|[a-z]+(\.[a-z]+)*(\.\*)?)$/, 'expected an event type, "prefix.*" or "*"'),
              )
              .min(1),
            secret: z.string().min(16).max(200),
          }),
          body,
          'assumed',
        );
        return json({ id: subscribe(park, b).id });
      },
    },
  ];
}
