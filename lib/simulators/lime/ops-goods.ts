import { categoryForKind } from './catalog';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import type { SimGood, SimGoodKind, SimOrigin } from './types';
import { goodWire } from './wire';

/** Changes to the catalog made in Lime's back office. */

export function addGood(
  park: ParkState,
  good: { name: string; price: number; kind: SimGoodKind; isActive?: boolean },
  origin: SimOrigin,
): SimGood {
  const created: SimGood = {
    id: park.next('good'),
    name: good.name,
    price: good.price,
    categoryId: categoryForKind(good.kind),
    kind: good.kind,
    isActive: good.isActive ?? true,
    deleted: false,
  };
  park.goods.set(created.id, created);
  park.emit('good.created', goodWire(created), origin);
  return created;
}

export function changeGood(
  park: ParkState,
  goodTypeId: number,
  patch: { name?: string; price?: number; isActive?: boolean },
  origin: SimOrigin,
): SimGood {
  const good = park.good(goodTypeId);
  if (patch.price !== undefined && (!Number.isSafeInteger(patch.price) || patch.price < 0)) {
    throw new SimError('validation_failed', 'Цена должна быть неотрицательной суммой в копейках');
  }
  const changed =
    (patch.name !== undefined && patch.name !== good.name) ||
    (patch.price !== undefined && patch.price !== good.price) ||
    (patch.isActive !== undefined && patch.isActive !== good.isActive);
  if (!changed) return good;
  if (patch.name !== undefined) good.name = patch.name;
  if (patch.price !== undefined) good.price = patch.price;
  if (patch.isActive !== undefined) good.isActive = patch.isActive;
  park.emit('good.updated', goodWire(good), origin);
  return good;
}

export function removeGood(park: ParkState, goodTypeId: number, origin: SimOrigin): void {
  const good = park.good(goodTypeId);
  if (goodTypeId === park.depositGoodTypeId || goodTypeId === park.bonusGoodTypeId) {
    throw new SimError('validation_failed', 'Товары депозита и бонусов удалить нельзя');
  }
  good.deleted = true;
  good.isActive = false;
  park.emit('good.deleted', { id: good.id }, origin);
}
