import { DateTime } from 'luxon';
import type {
  JsonObject,
  SimAccrual,
  SimClient,
  SimEvent,
  SimGood,
  SimPark,
  SimPreorder,
  SimRight,
  SimTransaction,
} from './types';
import { formatLocal } from './zone-time';

/**
 * Model → Lime's wire JSON (docs/lime-api.md): `basePrice` in decimal rubles, every other amount
 * in integer kopecks, times `YYYY-MM-DDTHH:mm:ss` without offset in the venue's zone, dates
 * `YYYY-MM-DD`, phones as digits.
 */

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An instant → the venue's wall-clock time, without offset. */
export function localTime(instant: Date, zone: string): string {
  return formatLocal(instant.getTime(), zone);
}

/** A wall-clock time without offset (Lime's only form) → an instant; anything else → null. */
export function parseLocalTime(text: string, zone: string): Date | null {
  if (!LOCAL_TIME.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone });
  return parsed.isValid ? parsed.toJSDate() : null;
}

export function isDate(text: string): boolean {
  return DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

export function rubles(kopecks: number): number {
  return Math.round(kopecks) / 100;
}

function optionalTime(instant: Date | null, zone: string): string | null {
  return instant === null ? null : localTime(instant, zone);
}

export function goodWire(good: SimGood): JsonObject {
  return {
    id: good.id,
    name: good.name,
    basePrice: rubles(good.price),
    categoryId: good.categoryId,
    isActive: good.isActive,
  };
}

export function clientWire(park: SimPark, client: SimClient): JsonObject {
  const zone = park.installation.timeZone;
  return {
    id: client.id,
    firstName: client.firstName,
    lastName: client.lastName,
    middleName: client.middleName,
    displayName: client.displayName,
    phoneNumber: client.phoneNumber,
    email: client.email,
    birthDate: client.birthDate,
    categoryId: client.categoryId,
    cards: client.cardIds.flatMap((cardId) => {
      const card = park.cards.get(cardId);
      return card ? [{ id: card.id, uid: card.uid, categoryId: card.categoryId }] : [];
    }),
    relations: park.relationsOf(client.id).flatMap((relation) => {
      const child = park.clients.get(relation.childId);
      if (!child) return [];
      return [
        {
          id: relation.id,
          relationTypeId: relation.relationTypeId,
          client: {
            id: child.id,
            firstName: child.firstName,
            lastName: child.lastName,
            birthDate: child.birthDate,
            categoryId: child.categoryId,
          },
        },
      ];
    }),
    version: client.version,
    updatedAt: localTime(client.updatedAt, zone),
    lastVisitAt: optionalTime(client.lastVisitAt, zone),
  };
}

export function rightWire(park: SimPark, right: SimRight): JsonObject {
  const zone = park.installation.timeZone;
  return {
    right: {
      id: right.id,
      goodTypeId: right.goodTypeId,
      goodTypeName: park.goods.get(right.goodTypeId)?.name ?? '',
      amount: right.amount,
      from: localTime(right.from, zone),
      to: optionalTime(right.to, zone),
    },
  };
}

export function transactionWire(tx: SimTransaction, zone: string): JsonObject {
  return {
    id: tx.id,
    type: tx.type,
    time: localTime(tx.time, zone),
    clientId: tx.clientId,
    cardUid: tx.cardUid,
    checkId: tx.checkId,
    entries: tx.entries.map((line) => ({ ...line })),
    total: tx.total,
    servicePoint: tx.servicePoint ? { ...tx.servicePoint } : null,
    writeOff: tx.writeOff ? { ...tx.writeOff } : null,
    preorderId: tx.preorderId,
  };
}

export function preorderWire(preorder: SimPreorder, zone: string): JsonObject {
  return {
    id: preorder.id,
    number: preorder.number,
    status: preorder.status,
    clientId: preorder.clientId,
    eventTime: localTime(preorder.eventTime, zone),
    comment: preorder.comment,
    items: preorder.items.map((line) => ({ ...line })),
    total: preorder.total,
    externalRef: preorder.externalRef ? { ...preorder.externalRef } : null,
    version: preorder.version,
    updatedAt: localTime(preorder.updatedAt, zone),
  };
}

export function accrualWire(accrual: SimAccrual, zone: string): JsonObject {
  return {
    id: accrual.id,
    status: accrual.status,
    clientId: accrual.clientId,
    amount: accrual.amount,
    balanceAfter: accrual.balanceAfter,
    time: localTime(accrual.time, zone),
  };
}

export function eventWire(event: SimEvent, zone: string): JsonObject {
  return {
    id: event.id,
    seq: event.seq,
    type: event.type,
    time: localTime(event.time, zone),
    origin: { source: event.origin.source, integration: event.origin.integration },
    data: event.data,
  };
}
