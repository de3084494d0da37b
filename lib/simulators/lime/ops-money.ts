import { primaryCard } from './ops-clients';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import type {
  SimCard,
  SimClient,
  SimLine,
  SimOrigin,
  SimRight,
  SimServicePoint,
  SimTransaction,
} from './types';
import { transactionWire } from './wire';
import { endOfLocalDay } from './zone-time';

/** Money moves: checks (multi-line purchases), deposit top-ups, passes (write-offs). */

export interface ItemInput {
  goodTypeId: number;
  count: number;
  /** Kopecks; the good's list price when absent. */
  price?: number;
}

/** Items → priced lines; unknown, removed or inactive goods and bad counts are refused. */
export function priceLines(park: ParkState, items: readonly ItemInput[], allowInactive = false): SimLine[] {
  if (items.length === 0) throw new SimError('validation_failed', 'Нужна хотя бы одна позиция');
  return items.map((item, index) => {
    const good = park.goods.get(item.goodTypeId);
    if (!good || good.deleted) {
      throw new SimError('validation_failed', `Позиция ${index}: товар ${item.goodTypeId} не найден`);
    }
    if (!good.isActive && !allowInactive) {
      throw new SimError('validation_failed', `Позиция ${index}: товар ${good.id} не продаётся`);
    }
    if (good.id === park.bonusGoodTypeId) {
      throw new SimError('validation_failed', `Позиция ${index}: бонусы не продаются`);
    }
    if (!Number.isSafeInteger(item.count) || item.count < 1) {
      throw new SimError('validation_failed', `Позиция ${index}: количество должно быть целым и больше нуля`);
    }
    const price = item.price ?? good.price;
    if (!Number.isSafeInteger(price) || price < 0) {
      throw new SimError('validation_failed', `Позиция ${index}: цена в копейках должна быть целой`);
    }
    return {
      goodTypeId: good.id,
      goodTypeName: good.name,
      count: item.count,
      price,
      total: price * item.count,
    };
  });
}

function endOfDay(park: ParkState): Date {
  return new Date(endOfLocalDay(park.now().getTime(), park.installation.timeZone));
}

/** Adds to the card's right of that good with the same expiry, or opens a new right. */
export function credit(
  park: ParkState,
  card: SimCard,
  goodTypeId: number,
  amount: number,
  to: Date | null,
): SimRight {
  const now = park.now().getTime();
  const existing = park
    .allRightsOf(card.clientId)
    .find(
      (r) =>
        r.cardId === card.id &&
        r.goodTypeId === goodTypeId &&
        (r.to?.getTime() ?? null) === (to?.getTime() ?? null) &&
        (r.to === null || r.to.getTime() > now),
    );
  if (existing) {
    existing.amount += amount;
    return existing;
  }
  const right: SimRight = {
    id: park.next('right'),
    cardId: card.id,
    clientId: card.clientId,
    goodTypeId,
    amount,
    from: park.now(),
    to,
  };
  park.putRight(right);
  return right;
}

export function record(park: ParkState, tx: SimTransaction): SimTransaction {
  park.transactions.push(tx);
  park.emit('transaction.created', transactionWire(tx, park.installation.timeZone), tx.origin);
  return tx;
}

export function base(park: ParkState, client: SimClient, card: SimCard, origin: SimOrigin) {
  return {
    id: park.next('transaction'),
    time: park.now(),
    clientId: client.id,
    cardUid: card.uid,
    servicePoint: null,
    writeOff: null,
    preorderId: null,
    origin,
  };
}

/** One check with all its lines. Tickets become rights valid until the end of the day. */
export function purchase(
  park: ParkState,
  clientId: number,
  items: readonly ItemInput[],
  origin: SimOrigin,
  preorderId: number | null = null,
): SimTransaction {
  const client = park.client(clientId);
  const entries = priceLines(park, items, preorderId !== null);
  const card = primaryCard(park, client);
  for (const line of entries) {
    const good = park.goods.get(line.goodTypeId);
    if (good?.kind === 'ticket') credit(park, card, good.id, line.count, endOfDay(park));
    if (good?.kind === 'deposit') credit(park, card, good.id, line.total, null);
  }
  const total = entries.reduce((sum, line) => sum + line.total, 0);
  park.touch(client, true);
  return record(park, {
    ...base(park, client, card, origin),
    type: 'purchase',
    checkId: park.next('check'),
    entries,
    total,
    preorderId,
  });
}

export function topUp(park: ParkState, clientId: number, amount: number, origin: SimOrigin): SimTransaction {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new SimError('validation_failed', 'Сумма пополнения — целое число копеек больше нуля');
  }
  const client = park.client(clientId);
  const card = primaryCard(park, client);
  const deposit = park.good(park.depositGoodTypeId);
  credit(park, card, deposit.id, amount, null);
  park.touch(client);
  return record(park, {
    ...base(park, client, card, origin),
    type: 'deposit_topup',
    checkId: park.next('check'),
    entries: [{ goodTypeId: deposit.id, goodTypeName: deposit.name, count: 1, price: amount, total: amount }],
    total: amount,
  });
}

function point(
  park: ParkState,
  kinds: readonly SimServicePoint['kind'][],
  pickDeposit: boolean,
): SimServicePoint {
  const candidates = park.servicePoints.filter(
    (p) => kinds.includes(p.kind) && (pickDeposit ? p.depositPrice > 0 : true),
  );
  return park.prng.pick(candidates);
}

function ticketGoodFor(park: ParkState, client: SimClient): number {
  const adult = client.categoryId === park.adultCategoryId;
  const ids = adult ? [51, 56] : [52, 53, 54, 55];
  const usable = ids.filter((id) => {
    const good = park.goods.get(id);
    return good && !good.deleted && good.isActive;
  });
  if (usable.length > 0) return park.prng.pick(usable);
  const fallback = [...park.goods.values()].find((g) => g.kind === 'ticket' && g.isActive && !g.deleted);
  if (!fallback) throw new SimError('validation_failed', 'В парке нет билетов в продаже');
  return fallback.id;
}

/**
 * A pass at a service point. 'ticket' spends one ticket (buying one at the desk first when the
 * client has none); 'deposit' writes the attraction's price off the deposit (topping it up first
 * when short). Without a kind: a ticket when there is one, else the deposit when it suffices.
 */
export function pass(
  park: ParkState,
  clientId: number,
  kind: 'ticket' | 'deposit' | undefined,
  origin: SimOrigin,
) {
  const client = park.client(clientId);
  const tickets = () =>
    park.rightsOf(clientId).filter((r) => park.goods.get(r.goodTypeId)?.kind === 'ticket');
  const validator = point(park, ['validator'], true);
  const chosen =
    kind ??
    (tickets().length > 0
      ? 'ticket'
      : park.balances(clientId).deposit >= validator.depositPrice
        ? 'deposit'
        : 'ticket');
  if (chosen === 'ticket') {
    if (tickets().length === 0)
      purchase(park, clientId, [{ goodTypeId: ticketGoodFor(park, client), count: 1 }], origin);
    const right = tickets()[0];
    if (!right) throw new SimError('validation_failed', 'Нет билета для прохода');
    right.amount -= 1;
    const card = park.cards.get(right.cardId) ?? primaryCard(park, client);
    const good = park.good(right.goodTypeId);
    const sp = point(park, ['turnstile', 'mobile_operator'], false);
    park.touch(client, true);
    return record(park, {
      ...base(park, client, card, origin),
      type: 'pass',
      checkId: null,
      entries: [],
      total: good.price,
      servicePoint: { id: sp.id, name: sp.name, kind: sp.kind },
      writeOff: { kind: 'ticket', goodTypeId: good.id, amount: good.price },
    });
  }
  const price = validator.depositPrice;
  if (park.balances(clientId).deposit < price) topUp(park, clientId, Math.max(price, 100_000), origin);
  let due = price;
  for (const right of park.rightsOf(clientId)) {
    if (right.goodTypeId !== park.depositGoodTypeId || due === 0) continue;
    const take = Math.min(right.amount, due);
    right.amount -= take;
    due -= take;
  }
  const card = primaryCard(park, client);
  park.touch(client, true);
  return record(park, {
    ...base(park, client, card, origin),
    type: 'pass',
    checkId: null,
    entries: [],
    total: price,
    servicePoint: { id: validator.id, name: validator.name, kind: validator.kind },
    writeOff: { kind: 'deposit', goodTypeId: park.depositGoodTypeId, amount: price },
  });
}
