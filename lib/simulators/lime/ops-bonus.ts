import { primaryCard } from './ops-clients';
import { base, credit, record } from './ops-money';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import type { SimAccrual, SimBonusReason, SimOrigin } from './types';
import { accrualWire } from './wire';

/** Bonus accruals: a right of the bonus good with its expiry, a bonus_accrual transaction, bonus.accrued. */

export interface AccrualInput {
  clientId: number;
  amount: number;
  reason: SimBonusReason;
  relatedClientId?: number | null;
  comment?: string | null;
  expiresAt?: Date | null;
}

/** A bonus accrual: a right of the bonus good (with its expiry), a transaction and two events. */
export function accrueBonus(park: ParkState, input: AccrualInput, origin: SimOrigin): SimAccrual {
  const client = park.client(input.clientId);
  if (input.relatedClientId !== undefined && input.relatedClientId !== null) {
    if (!park.clients.has(input.relatedClientId)) {
      throw new SimError('not_found', `Клиент ${input.relatedClientId} не найден`);
    }
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new SimError('validation_failed', 'amount — целое число копеек больше нуля');
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && expiresAt.getTime() <= park.now().getTime()) {
    throw new SimError('validation_failed', 'expiresAt уже прошёл');
  }
  const card = primaryCard(park, client);
  const bonus = park.good(park.bonusGoodTypeId);
  credit(park, card, bonus.id, input.amount, expiresAt);
  park.touch(client);
  const tx = record(park, {
    ...base(park, client, card, origin),
    type: 'bonus_accrual',
    checkId: null,
    entries: [
      { goodTypeId: bonus.id, goodTypeName: bonus.name, count: 1, price: input.amount, total: input.amount },
    ],
    total: input.amount,
  });
  const accrual: SimAccrual = {
    id: park.next('accrual'),
    status: 'applied',
    clientId: client.id,
    amount: input.amount,
    balanceAfter: park.balances(client.id).bonus,
    time: park.now(),
    reason: input.reason,
    relatedClientId: input.relatedClientId ?? null,
    comment: input.comment ?? null,
    expiresAt,
    transactionId: tx.id,
    origin,
  };
  park.accruals.push(accrual);
  park.emit('bonus.accrued', accrualWire(accrual, park.installation.timeZone), origin);
  return accrual;
}
