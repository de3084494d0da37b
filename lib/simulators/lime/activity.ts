import { DateTime } from 'luxon';
import { ADULT_CATEGORY_ID, initialGoods } from './catalog';
import { adultName, childName, emailFor, phoneFor, surnameIndexOf } from './names';
import { accrueBonus } from './ops-bonus';
import { addChild, createClient, updateClient } from './ops-clients';
import { changeGood } from './ops-goods';
import { type ItemInput, pass, purchase, topUp } from './ops-money';
import { createPreorder, setPreorderStatus } from './ops-preorders';
import type { ParkState } from './park-state';
import { LIME_ORIGIN, type SimClient, type SimGoodKind, type SimPreorderStatus } from './types';

/** Life in the park: realistic random checks, top-ups, passes, edits… drawn from the park's PRNG. */

function sellable(park: ParkState, kind: SimGoodKind): number[] {
  const ids: number[] = [];
  for (const good of park.goods.values()) {
    if (good.kind === kind && good.isActive && !good.deleted) ids.push(good.id);
  }
  return ids;
}

/** A check a visitor would plausibly buy: tickets for the family, often food, sometimes a service. */
export function randomLines(park: ParkState, client: SimClient): ItemInput[] {
  const prng = park.prng;
  const kids = park.relationsOf(client.id).length;
  const tickets = sellable(park, 'ticket');
  const lines: ItemInput[] = [];
  const childTicket = tickets.filter((id) => id >= 52 && id <= 57 && id !== 56);
  if (client.categoryId !== ADULT_CATEGORY_ID) {
    if (childTicket.length > 0) lines.push({ goodTypeId: prng.pick(childTicket), count: 1 });
  } else if (kids > 0 && childTicket.length > 0) {
    lines.push({ goodTypeId: prng.pick(childTicket), count: kids });
    if (tickets.includes(56)) lines.push({ goodTypeId: 56, count: 1 });
  } else if (tickets.length > 0) {
    lines.push({ goodTypeId: tickets.includes(51) ? 51 : prng.pick(tickets), count: 1 });
  }
  const food = sellable(park, 'food');
  if (food.length > 0 && (lines.length === 0 || prng.chance(0.5))) {
    lines.push({ goodTypeId: prng.pick(food), count: prng.int(1, 3) });
  }
  const services = sellable(park, 'service');
  if (services.length > 0 && prng.chance(0.15)) lines.push({ goodTypeId: prng.pick(services), count: 1 });
  if (lines.length === 0) {
    const fallback = [...park.goods.values()].find((g) => g.isActive && !g.deleted && g.price > 0);
    if (fallback) lines.push({ goodTypeId: fallback.id, count: 1 });
  }
  return lines;
}

type Activity =
  | 'buy'
  | 'topUp'
  | 'pass'
  | 'edit'
  | 'child'
  | 'newClient'
  | 'preorder'
  | 'preorderStatus'
  | 'bonus'
  | 'price';

const WEIGHTS: readonly (readonly [Activity, number])[] = [
  ['buy', 30],
  ['topUp', 12],
  ['pass', 30],
  ['edit', 6],
  ['child', 3],
  ['newClient', 3],
  ['preorder', 2],
  ['preorderStatus', 3],
  ['bonus', 4],
  ['price', 1],
];

const CATALOGUE_PRICES = new Map(initialGoods().map((g) => [g.id, g.price]));

const NEXT_STATUS: Partial<Record<SimPreorderStatus, SimPreorderStatus>> = {
  new: 'confirmed',
  confirmed: 'paid',
  paid: 'completed',
};

/** `count` realistic changes made in Lime, each at the simulator's current time. */
export function randomActivity(park: ParkState, count: number): void {
  const prng = park.prng;
  const adults = park.adults();
  const zone = park.installation.timeZone;
  for (let i = 0; i < count; i++) {
    const adult = prng.pick(adults);
    switch (prng.weighted(WEIGHTS)) {
      case 'buy':
        purchase(park, adult.id, randomLines(park, adult), LIME_ORIGIN);
        break;
      case 'topUp':
        topUp(park, adult.id, prng.int(5, 50) * 10_000, LIME_ORIGIN);
        break;
      case 'pass':
        pass(park, adult.id, undefined, LIME_ORIGIN);
        break;
      case 'edit': {
        const name = { firstName: adult.firstName, lastName: adult.lastName, middleName: null, male: false };
        const patch = prng.chance(0.5)
          ? { email: emailFor(prng, name, (e) => park.isEmailTaken(e)) }
          : { phoneNumber: phoneFor(prng, (p) => park.isPhoneTaken(p)) };
        updateClient(park, adult.id, patch, LIME_ORIGIN);
        break;
      }
      case 'child': {
        const child = childName(prng, surnameIndexOf(adult.lastName));
        const birthDate = DateTime.fromMillis(park.now().getTime(), { zone })
          .minus({ years: prng.int(1, 12), days: prng.int(0, 364) })
          .toISODate();
        addChild(park, adult.id, { ...child, birthDate: birthDate ?? '2020-01-01' }, LIME_ORIGIN);
        break;
      }
      case 'newClient': {
        const name = adultName(prng);
        const birthDate = DateTime.fromMillis(park.now().getTime(), { zone })
          .minus({ years: prng.int(24, 60), days: prng.int(0, 364) })
          .toISODate();
        const created = createClient(
          park,
          {
            firstName: name.firstName,
            lastName: name.lastName,
            middleName: name.middleName,
            phoneNumber: phoneFor(prng, (p) => park.isPhoneTaken(p)),
            email: prng.chance(0.7) ? emailFor(prng, name, (e) => park.isEmailTaken(e)) : null,
            birthDate,
          },
          LIME_ORIGIN,
          { card: true },
        );
        adults.push(created);
        break;
      }
      case 'preorder': {
        const items = [
          { goodTypeId: prng.pick([71, 72, 73, 74]), count: 1 },
          { goodTypeId: prng.pick([52, 53]), count: prng.int(5, 12) },
        ].filter((item) => park.goods.get(item.goodTypeId)?.isActive === true);
        if (items.length === 0) break;
        const eventTime = DateTime.fromMillis(park.now().getTime(), { zone })
          .startOf('day')
          .plus({ days: prng.int(3, 40), hours: prng.pick([12, 15, 17]) });
        createPreorder(
          park,
          {
            clientId: adult.id,
            eventTime: eventTime.toJSDate(),
            comment: 'Заказ через администратора',
            items,
          },
          LIME_ORIGIN,
        );
        break;
      }
      case 'preorderStatus': {
        const open = [...park.preorders.values()].filter((p) => NEXT_STATUS[p.status] !== undefined);
        if (open.length === 0) break;
        const preorder = prng.pick(open);
        const next =
          prng.chance(0.1) && preorder.status !== 'paid' ? 'cancelled' : NEXT_STATUS[preorder.status];
        if (next) setPreorderStatus(park, preorder.id, next, LIME_ORIGIN);
        break;
      }
      case 'bonus':
        accrueBonus(
          park,
          { clientId: adult.id, amount: prng.int(1, 10) * 10_000, reason: 'campaign', comment: 'Акция' },
          LIME_ORIGIN,
        );
        break;
      case 'price': {
        const goods = [...park.goods.values()].filter((g) => !g.deleted && g.price > 0);
        const good = prng.pick(goods);
        // Around the catalogue price, so prices stay realistic however long the park runs.
        const list = CATALOGUE_PRICES.get(good.id) ?? good.price;
        const price = Math.max(100, Math.round((list * prng.int(90, 110)) / 100 / 1000) * 1000);
        changeGood(park, good.id, { price }, LIME_ORIGIN);
        break;
      }
    }
  }
}
