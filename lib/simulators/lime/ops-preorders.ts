import { type ItemInput, priceLines, purchase } from './ops-money';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import type { SimExternalRef, SimOrigin, SimPreorder, SimPreorderStatus } from './types';
import { preorderWire } from './wire';

/** Pre-orders: made in Lime (no externalRef) or by an integration (with one), then edited by staff. */

export interface PreorderInput {
  clientId: number | null;
  eventTime: Date;
  comment?: string | null;
  items: readonly ItemInput[];
  externalRef?: SimExternalRef | null;
}

const EDITABLE: readonly SimPreorderStatus[] = ['new', 'confirmed'];

function sameRef(a: SimExternalRef, b: SimExternalRef): boolean {
  return a.system === b.system && a.entityType === b.entityType && a.id === b.id;
}

function emitChange(park: ParkState, preorder: SimPreorder, origin: SimOrigin): void {
  const type = preorder.status === 'cancelled' ? 'preorder.cancelled' : 'preorder.updated';
  park.emit(type, preorderWire(preorder, park.installation.timeZone), origin);
}

export function findPreorder(park: ParkState, id: number): SimPreorder {
  const preorder = park.preorders.get(id);
  if (!preorder) throw new SimError('not_found', `Предзаказ ${id} не найден`);
  return preorder;
}

export function createPreorder(park: ParkState, input: PreorderInput, origin: SimOrigin): SimPreorder {
  if (input.clientId !== null) park.client(input.clientId);
  const ref = input.externalRef ?? null;
  if (ref) {
    const existing = [...park.preorders.values()].find((p) => p.externalRef && sameRef(p.externalRef, ref));
    if (existing) {
      throw new SimError('duplicate', `Предзаказ с этой внешней ссылкой уже есть: ${existing.id}`, {
        existingId: existing.id,
      });
    }
  }
  const items = priceLines(park, input.items);
  const now = park.now();
  const id = park.next('preorder');
  const preorder: SimPreorder = {
    id,
    number: `П-${id}`,
    status: 'new',
    clientId: input.clientId,
    eventTime: input.eventTime,
    comment: input.comment ?? null,
    items,
    total: items.reduce((sum, line) => sum + line.total, 0),
    externalRef: ref ? { ...ref } : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    origin,
  };
  park.preorders.set(id, preorder);
  park.emit('preorder.created', preorderWire(preorder, park.installation.timeZone), origin);
  return preorder;
}

function assertEditable(preorder: SimPreorder): void {
  if (!EDITABLE.includes(preorder.status)) {
    throw new SimError('preorder_not_editable', `Предзаказ ${preorder.id} в статусе ${preorder.status}`, {
      status: preorder.status,
    });
  }
}

/**
 * Replaces time, comment and items (each absent keeps its value) and, from an integration, confirms
 * (status `confirmed`: the only status an integration sets; cancel with Preorders/Cancel, paid and
 * completed come from the cash desk). An identical replacement changes nothing (no event).
 */
export function updatePreorder(
  park: ParkState,
  id: number,
  input: {
    eventTime?: Date;
    comment?: string | null;
    items?: readonly ItemInput[];
    status?: SimPreorderStatus;
  },
  origin: SimOrigin,
): SimPreorder {
  const preorder = findPreorder(park, id);
  assertEditable(preorder);
  if (input.status !== undefined && input.status !== 'confirmed') {
    throw new SimError(
      'validation_failed',
      input.status === 'cancelled'
        ? 'status: отмена — через Preorders/Cancel'
        : `status: ${input.status} не задаётся интеграцией (только confirmed)`,
      { details: [{ field: 'status', code: 'not_allowed' }] },
    );
  }
  const items = input.items === undefined ? preorder.items : priceLines(park, input.items);
  const eventTime = input.eventTime ?? preorder.eventTime;
  const comment = input.comment === undefined ? preorder.comment : input.comment;
  const status = input.status ?? preorder.status;
  const same =
    preorder.eventTime.getTime() === eventTime.getTime() &&
    preorder.comment === comment &&
    preorder.status === status &&
    JSON.stringify(preorder.items) === JSON.stringify(items);
  if (same) return preorder;
  preorder.eventTime = eventTime;
  preorder.comment = comment;
  preorder.items = items;
  preorder.status = status;
  preorder.total = items.reduce((sum, line) => sum + line.total, 0);
  preorder.version += 1;
  preorder.updatedAt = park.now();
  emitChange(park, preorder, origin);
  return preorder;
}

export function cancelPreorder(park: ParkState, id: number, origin: SimOrigin): SimPreorder {
  const preorder = findPreorder(park, id);
  assertEditable(preorder);
  preorder.status = 'cancelled';
  preorder.version += 1;
  preorder.updatedAt = park.now();
  emitChange(park, preorder, origin);
  return preorder;
}

/** Staff move a pre-order through its statuses; 'paid' books the sale as a check with preorderId. */
export function setPreorderStatus(
  park: ParkState,
  id: number,
  status: SimPreorderStatus,
  origin: SimOrigin,
): SimPreorder {
  const preorder = findPreorder(park, id);
  if (preorder.status === status) return preorder;
  const wasPaid = preorder.status === 'paid' || preorder.status === 'completed';
  preorder.status = status;
  preorder.version += 1;
  preorder.updatedAt = park.now();
  const sellable = preorder.items.some((line) => park.goods.get(line.goodTypeId)?.deleted === false);
  if (status === 'paid' && !wasPaid && preorder.clientId !== null && sellable) {
    purchase(
      park,
      preorder.clientId,
      preorder.items
        .filter((line) => park.goods.get(line.goodTypeId)?.deleted === false)
        .map((line) => ({ goodTypeId: line.goodTypeId, count: line.count, price: line.price })),
      origin,
      preorder.id,
    );
  }
  emitChange(park, preorder, origin);
  return preorder;
}
