import { z } from 'zod';
import { json, limeError, Refusal } from './http-io';
import { addRelation, updateClient } from './ops-clients';
import type { ParkState } from './park-state';
import { paged, type Route } from './route';
import { date, email, id, int, localTime, name, page, parse, phone } from './schemas';
import type { SimClient } from './types';
import { clientWire, transactionWire } from './wire';

/** Assumed client operations and transaction history (docs/lime-api.md "Clients", "Transactions"). */

/** Assumed calls name their installation; another one is not ours to touch: 403 forbidden. */
export function ownInstallation(park: ParkState, installationId: number): void {
  if (installationId !== park.installation.id) {
    throw new Refusal(limeError(403, 'forbidden', `Нет доступа к инсталляции ${installationId}`));
  }
}

const listBody = z.object({ filter: z.object({}).nullish(), page });

export function clientRoutes(zone: string): Route[] {
  return [
    {
      path: 'ClientManagement/GetClient',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(z.object({ clientId: id, installationId: id }), body, 'assumed');
        ownInstallation(park, b.installationId);
        const client = park.clients.get(b.clientId);
        return json(client ? clientWire(park, client) : null);
      },
    },
    {
      // phoneNumber matches the stored digits exactly: "+7 (999) 123-45-67" finds nobody.
      path: 'ClientManagement/Select',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(
          z.object({
            filter: z.object({
              installationId: id,
              phoneNumber: z.string().nullish(),
              updatedSince: localTime(zone).nullish(),
            }),
            page,
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.filter.installationId);
        const { phoneNumber, updatedSince } = b.filter;
        const since = updatedSince?.getTime();
        const match = (c: SimClient) =>
          (phoneNumber === undefined || phoneNumber === null || c.phoneNumber === phoneNumber) &&
          (since === undefined || c.updatedAt.getTime() >= since);
        const list = [...park.clients.values()].filter(match);
        return json({ data: paged(list, b.page).map((c) => clientWire(park, c)) });
      },
    },
    {
      path: 'ClientManagement/Update',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(
          z.object({
            clientId: id,
            installationId: id,
            version: int.pipe(z.int().positive()).optional(),
            firstName: name.optional(),
            lastName: name.optional(),
            middleName: z.string().trim().max(100).nullish(),
            phoneNumber: phone.nullish(),
            email: email.nullish(),
            birthDate: date.nullish(),
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.installationId);
        const { client } = updateClient(
          park,
          b.clientId,
          {
            ...(b.firstName !== undefined ? { firstName: b.firstName } : {}),
            ...(b.lastName !== undefined ? { lastName: b.lastName } : {}),
            ...(b.middleName !== undefined ? { middleName: b.middleName || null } : {}),
            ...(b.phoneNumber !== undefined ? { phoneNumber: b.phoneNumber } : {}),
            ...(b.email !== undefined ? { email: b.email } : {}),
            ...(b.birthDate !== undefined ? { birthDate: b.birthDate } : {}),
          },
          origin,
          b.version,
        );
        return json(clientWire(park, client));
      },
    },
    {
      path: 'ClientCategories/Select',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(listBody, body, 'assumed');
        return json({ data: paged(park.clientCategories, b.page).map((c) => ({ ...c })) });
      },
    },
    {
      path: 'RelationTypes/Select',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(listBody, body, 'assumed');
        return json({ data: paged(park.relationTypes, b.page).map((t) => ({ ...t })) });
      },
    },
    {
      path: 'ClientRelations/Insert',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      idempotency: 'required',
      handle: ({ park, body, origin }) => {
        const b = parse(z.object({ clientId: id, relationTypeId: id, childClientId: id }), body, 'assumed');
        return json({ id: addRelation(park, b.clientId, b.childClientId, b.relationTypeId, origin).id });
      },
    },
    {
      // Newest first; fromTime is inclusive.
      path: 'Transactions/Select',
      methods: ['POST'],
      kind: 'assumed',
      body: 'json',
      handle: ({ park, body }) => {
        const b = parse(
          z.object({
            filter: z.object({
              installationId: id,
              clientId: id.optional(),
              fromTime: localTime(zone).nullish(),
            }),
            page,
          }),
          body,
          'assumed',
        );
        ownInstallation(park, b.filter.installationId);
        const from = b.filter.fromTime?.getTime();
        const wanted = b.page.skip + b.page.take;
        const found = [];
        for (let i = park.transactions.length - 1; i >= 0 && found.length < wanted; i--) {
          const tx = park.transactions[i];
          if (!tx) continue;
          if (b.filter.clientId !== undefined && tx.clientId !== b.filter.clientId) continue;
          if (from !== undefined && tx.time.getTime() < from) continue;
          found.push(tx);
        }
        found.sort((x, y) => y.time.getTime() - x.time.getTime() || y.id - x.id);
        return json({ data: paged(found, b.page).map((tx) => transactionWire(tx, zone)) });
      },
    },
  ];
}
