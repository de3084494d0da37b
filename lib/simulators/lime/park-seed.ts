import { DateTime } from 'luxon';
import {
  ADULT_CATEGORY_ID,
  initialGoods,
  RELATION_CHILD,
  RELATION_GRANDCHILD,
  RELATION_NEPHEW,
} from './catalog';
import { adultName, childName, emailFor, phoneFor } from './names';
import { accrueBonus } from './ops-bonus';
import { addChild, createClient, updateClient } from './ops-clients';
import { pass, purchase, topUp } from './ops-money';
import { createPreorder, setPreorderStatus } from './ops-preorders';
import type { ParkState } from './park-state';
import { Prng } from './prng';
import { LIME_ORIGIN, type SimClient } from './types';
import { goodWire } from './wire';
import { localDaysAgo } from './zone-time';

/**
 * Builds the park deterministically from the seed: the catalog, `clients` adults (≈40% with 1–3
 * children, linked by a relation type) and, with history, two years of sign-ups and the last 90
 * days of visits (multi-line checks, top-ups, passes), bonus accruals, edits and a few pre-orders.
 * History is a list of dated actions replayed in time order through the same mutations the API
 * uses, so versions, balances and the event log come out consistent. Everything is anchored at
 * the start of the current day in the venue's zone: the same seed and day give the same park.
 */

interface Action {
  at: number;
  order: number;
  run: () => void;
}

const DAY = 86_400_000;
const CHILD_TICKETS = [52, 53, 54, 55, 57] as const;
const FOOD = [81, 82, 83, 84, 85, 86, 88, 89, 90] as const;

export interface SeedOptions {
  seed: number;
  clients: number;
  history: boolean;
}

export function seedPark(park: ParkState, options: SeedOptions): void {
  const prng = new Prng(options.seed);
  const zone = park.installation.timeZone;
  const anchor = DateTime.fromMillis(park.now().getTime(), { zone }).startOf('day');
  const actions: Action[] = [];
  const schedule = (at: number, run: () => void) => actions.push({ at, order: actions.length, run });
  /** A moment `daysAgo` days before today, during opening hours (10:00–20:59). */
  const openHours = (daysAgo: number) =>
    localDaysAgo(anchor.toMillis(), daysAgo, prng.int(10 * 3600, 21 * 3600 - 1), zone);

  const catalogAt = anchor.minus({ days: 800 }).set({ hour: 9 }).toMillis();
  for (const good of initialGoods()) {
    schedule(catalogAt, () => {
      park.goods.set(good.id, good);
      park.emit('good.created', goodWire(good), LIME_ORIGIN);
    });
  }

  const families: { ref: { client?: SimClient }; kids: number; since: number }[] = [];
  for (let i = 0; i < options.clients; i++) {
    const name = adultName(prng);
    const age = prng.int(24, 64);
    const birthDate = anchor.minus({ years: age, days: prng.int(0, 364) }).toISODate() ?? null;
    const phone = prng.chance(0.95) ? phoneFor(prng, (p) => park.isPhoneTaken(p)) : null;
    park.reserveContacts(phone, null);
    const email = prng.chance(0.8) ? emailFor(prng, name, (e) => park.isEmailTaken(e)) : null;
    park.reserveContacts(null, email);
    const withCard = prng.chance(0.92);
    const since = openHours(prng.int(100, 730));
    const ref: { client?: SimClient } = {};
    schedule(since, () => {
      ref.client = createClient(
        park,
        {
          firstName: name.firstName,
          lastName: name.lastName,
          middleName: name.middleName,
          phoneNumber: phone,
          email,
          birthDate,
          categoryId: ADULT_CATEGORY_ID,
        },
        LIME_ORIGIN,
        { card: withCard },
      );
    });
    const kids = prng.chance(0.4)
      ? prng.weighted([
          [1, 50],
          [2, 35],
          [3, 15],
        ] as const)
      : 0;
    const relationTypeId =
      age >= 52 ? RELATION_GRANDCHILD : prng.chance(0.06) ? RELATION_NEPHEW : RELATION_CHILD;
    const fatherName = name.male ? name.firstName : undefined;
    for (let k = 0; k < kids; k++) {
      const child = childName(prng, name.surnameIndex, fatherName);
      const childBirth = anchor.minus({ years: prng.int(1, 13), days: prng.int(0, 364) }).toISODate() ?? '';
      schedule(since + (k + 1) * 60_000, () => {
        const parentId = ref.client?.id;
        if (parentId === undefined) return;
        addChild(
          park,
          parentId,
          {
            firstName: child.firstName,
            lastName: child.lastName,
            middleName: child.middleName,
            birthDate: childBirth,
          },
          LIME_ORIGIN,
          relationTypeId,
        );
      });
    }
    families.push({ ref, kids, since });
  }

  if (options.history) scheduleHistory(park, prng, families, openHours, anchor, schedule);

  actions.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const action of actions) park.at(new Date(action.at), action.run);
  if (!options.history) {
    park.events.length = 0;
    park.ids.event = 90001;
  }
}

function scheduleHistory(
  park: ParkState,
  prng: Prng,
  families: { ref: { client?: SimClient }; kids: number; since: number }[],
  openHours: (daysAgo: number) => number,
  anchor: DateTime,
  schedule: (at: number, run: () => void) => void,
): void {
  const withClient = (ref: { client?: SimClient }, fn: (client: SimClient) => void) => () => {
    if (ref.client) fn(ref.client);
  };
  for (const family of families) {
    const visits = prng.weighted([
      [0, 25],
      [prng.int(1, 2), 40],
      [prng.int(3, 6), 25],
      [prng.int(7, 12), 10],
    ] as const);
    for (let v = 0; v < visits; v++) {
      const at = openHours(prng.int(1, 90));
      const tickets: { goodTypeId: number; count: number }[] =
        family.kids > 0
          ? [
              { goodTypeId: prng.pick(CHILD_TICKETS), count: family.kids },
              { goodTypeId: 56, count: 1 },
            ]
          : [{ goodTypeId: 51, count: 1 }];
      const food = prng.chance(0.5) ? [{ goodTypeId: prng.pick(FOOD), count: prng.int(1, 3) }] : [];
      const passes = tickets.reduce((sum, line) => sum + line.count, 0);
      schedule(
        at,
        withClient(family.ref, (c) => purchase(park, c.id, [...tickets, ...food], LIME_ORIGIN)),
      );
      for (let p = 0; p < passes; p++) {
        schedule(
          at + (p + 2) * 60_000,
          withClient(family.ref, (c) => pass(park, c.id, 'ticket', LIME_ORIGIN)),
        );
      }
      if (prng.chance(0.3)) {
        const amount = prng.int(5, 50) * 10_000;
        schedule(
          at + 20 * 60_000,
          withClient(family.ref, (c) => topUp(park, c.id, amount, LIME_ORIGIN)),
        );
        const rides = prng.int(1, 3);
        for (let r = 0; r < rides; r++) {
          schedule(
            at + (25 + r * 7) * 60_000,
            withClient(family.ref, (c) => pass(park, c.id, 'deposit', LIME_ORIGIN)),
          );
        }
      }
    }
    if (prng.chance(0.35)) {
      const accruals = prng.int(1, 2);
      for (let a = 0; a < accruals; a++) {
        const daysAgo = prng.int(1, 200);
        const at = openHours(daysAgo);
        const amount = prng.int(1, 10) * 10_000;
        const reason = prng.pick(['campaign', 'birthday', 'manual'] as const);
        const expiresAt = prng.chance(0.5)
          ? new Date(
              anchor
                .minus({ days: daysAgo })
                .plus({ days: prng.int(60, 365) })
                .endOf('day')
                .toMillis() - 999,
            )
          : null;
        if (at < family.since) continue;
        schedule(
          at,
          withClient(family.ref, (c) =>
            accrueBonus(park, { clientId: c.id, amount, reason, expiresAt }, LIME_ORIGIN),
          ),
        );
      }
    }
    if (prng.chance(0.1)) {
      const phone = phoneFor(prng, (p) => park.isPhoneTaken(p));
      park.reserveContacts(phone, null);
      schedule(
        openHours(prng.int(1, 90)),
        withClient(family.ref, (c) => updateClient(park, c.id, { phoneNumber: phone }, LIME_ORIGIN)),
      );
    }
  }
  schedulePreorders(park, prng, families, openHours, anchor, schedule);
}

function schedulePreorders(
  park: ParkState,
  prng: Prng,
  families: { ref: { client?: SimClient }; kids: number }[],
  openHours: (daysAgo: number) => number,
  anchor: DateTime,
  schedule: (at: number, run: () => void) => void,
): void {
  const parents = families.filter((f) => f.kids > 0);
  if (parents.length === 0) return;
  for (let i = 0; i < 8; i++) {
    const family = prng.pick(parents);
    const createdDaysAgo = prng.int(3, 60);
    const createdAt = openHours(createdDaysAgo);
    const eventTime = anchor
      .plus({ days: prng.int(-createdDaysAgo + 3, 45) })
      .set({ hour: prng.pick([12, 15, 17]) });
    const items = [
      { goodTypeId: prng.pick([71, 72, 73, 74]), count: 1 },
      { goodTypeId: prng.pick([52, 53]), count: prng.int(5, 12) },
      { goodTypeId: prng.pick([81, 89]), count: prng.int(3, 10) },
    ];
    const past = eventTime.toMillis() < anchor.toMillis();
    const plan = past
      ? prng.chance(0.8)
        ? (['confirmed', 'paid', 'completed'] as const)
        : (['cancelled'] as const)
      : prng.pick([[], ['confirmed'], ['confirmed', 'paid']] as const);
    const comment = `День рождения, ${items[1]?.count ?? 0} детей`;
    const ref: { id?: number } = {};
    schedule(createdAt, () => {
      const client = family.ref.client;
      if (!client) return;
      ref.id = createPreorder(
        park,
        { clientId: client.id, eventTime: eventTime.toJSDate(), comment, items },
        LIME_ORIGIN,
      ).id;
    });
    plan.forEach((status, step) => {
      const at =
        status === 'completed'
          ? Math.min(eventTime.plus({ hours: 3 }).toMillis(), anchor.toMillis() - 1000)
          : Math.min(createdAt + (step + 1) * DAY, anchor.toMillis() - 1000);
      schedule(at, () => {
        if (ref.id !== undefined) setPreorderStatus(park, ref.id, status, LIME_ORIGIN);
      });
    });
  }
}
