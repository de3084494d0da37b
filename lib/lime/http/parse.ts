import { DateTime } from 'luxon';
import type { z } from 'zod';
import type {
  BonusAccrual,
  BonusBucket,
  ClientCategory,
  GoodKind,
  LimeBalances,
  LimeChild,
  LimeClient,
  LimeEvent,
  LimeEventType,
  LimeGood,
  LimePreorder,
  LimeTransaction,
} from '@/lib/domain/lime';
import { type Kopecks, kopecks, MoneyFormatError } from '@/lib/domain/money';
import { normalizePhone } from '@/lib/domain/phone';
import { LimeInvalidRequestError, LimeProtocolError } from '../errors';
import {
  bonusAccrualSchema,
  clientSchema,
  deletedGoodSchema,
  eventEnvelopeSchema,
  goodTypeSchema,
  LIME_DATE_PATTERN,
  LIME_TIME_PATTERN,
  preorderSchema,
  relationEventDataSchema,
  transactionSchema,
  type WireBonusAccrual,
  type WireClient,
  type WireGoodType,
  type WirePreorder,
  type WireRight,
  type WireTransaction,
} from './wire-schemas';

/**
 * Wire → domain, pure: money in kopecks, Lime's offset-less times read in the venue's zone, phones
 * as digits. Used by the gateway and, through `parseLimeEvent`, by the webhook receiver and the
 * change-feed poller (the feed and webhooks carry the same event JSON).
 */

export interface LimeParseContext {
  /** The venue's IANA zone: Lime's times carry no offset. */
  timeZone: string;
  depositGoodTypeId: number | null;
  bonusGoodTypeId: number | null;
  /** Client category id → kind (ClientCategories/Select). Absent or unknown id: category null. */
  clientCategories?: ReadonlyMap<number, ClientCategory | null>;
  /** Relation type id → name (RelationTypes/Select). Absent or unknown id: name ''. */
  relationTypeNames?: ReadonlyMap<number, string>;
}

/** Validates `value` against a wire schema; a mismatch is a LimeProtocolError naming the fields. */
export function decodeWire<S extends z.ZodType>(schema: S, value: unknown, operation: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  throw new LimeProtocolError(`Lime answered ${operation} in an unexpected shape (${issues}).`, operation, {
    cause: result.error,
  });
}

// --- Times and dates ---

/** A Lime time (no offset: read in `timeZone`; an explicit offset is honoured) → an instant. */
export function parseLimeTime(text: string, timeZone: string, operation = 'Lime time'): Date {
  const match = LIME_TIME_PATTERN.exec(text);
  const parsed = match ? DateTime.fromISO(text, { zone: timeZone }) : null;
  if (!parsed?.isValid) {
    throw new LimeProtocolError(`Lime sent "${text.slice(0, 40)}", which is not a time.`, operation);
  }
  return parsed.toJSDate();
}

/** An instant → Lime's wall-clock time in the venue's zone, without offset: `2026-02-14T12:00:00`. */
export function formatLimeTime(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid)
    throw new LimeInvalidRequestError('The time to send to Lime is invalid.', 'format time');
  return local.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** A Lime date (`YYYY-MM-DD`, or a .NET midnight `…T00:00:00`) → `YYYY-MM-DD`, a real calendar date. */
export function parseLimeDate(text: string, operation = 'Lime date'): string {
  const match = LIME_DATE_PATTERN.exec(text);
  const date = match ? text.slice(0, 10) : '';
  if (!match || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
    throw new LimeProtocolError(`Lime sent "${text.slice(0, 40)}", which is not a date.`, operation);
  }
  return date;
}

/** A date we send: must be `YYYY-MM-DD` and exist. */
export function formatLimeDate(date: string, operation: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
    throw new LimeInvalidRequestError(`"${date.slice(0, 20)}" is not a date (YYYY-MM-DD).`, operation);
  }
  return date;
}

/** A phone we send: digits only (normalizePhone); null clears it; anything else is refused. */
export function formatLimePhone(phone: string | null, operation: string): string | null {
  if (phone === null || phone.trim() === '') return null;
  const digits = normalizePhone(phone);
  if (digits === null)
    throw new LimeInvalidRequestError('The phone number is not a phone number.', operation);
  return digits;
}

/** An amount we send in kopecks: a whole number. */
export function formatKopecks(amount: Kopecks, operation: string): number {
  try {
    return kopecks(amount);
  } catch (error) {
    if (error instanceof MoneyFormatError) throw new LimeInvalidRequestError(error.message, operation);
    throw error;
  }
}

// --- Goods ---

export function goodKind(goodTypeId: number, ctx: LimeParseContext): GoodKind {
  if (ctx.depositGoodTypeId !== null && goodTypeId === ctx.depositGoodTypeId) return 'deposit';
  if (ctx.bonusGoodTypeId !== null && goodTypeId === ctx.bonusGoodTypeId) return 'bonus';
  return 'regular';
}

export function toLimeGood(wire: WireGoodType, ctx: LimeParseContext): LimeGood {
  return {
    id: wire.id,
    name: wire.name,
    categoryId: wire.categoryId ?? null,
    price: wire.basePrice,
    kind: goodKind(wire.id, ctx),
    active: wire.isActive ?? true,
  };
}

// --- Clients ---

function phoneFromWire(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const digits = normalizePhone(raw) ?? raw.replace(/\D+/g, '');
  return digits === '' ? null : digits;
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function categoryOf(categoryId: number | null | undefined, ctx: LimeParseContext): ClientCategory | null {
  if (categoryId === null || categoryId === undefined) return null;
  return ctx.clientCategories?.get(categoryId) ?? null;
}

export function toLimeClient(wire: WireClient, ctx: LimeParseContext, operation: string): LimeClient {
  const firstName = wire.firstName?.trim() ?? '';
  const lastName = wire.lastName?.trim() ?? '';
  const children: LimeChild[] = (wire.relations ?? []).map((relation) => ({
    clientId: relation.client.id,
    firstName: relation.client.firstName?.trim() ?? '',
    lastName: relation.client.lastName?.trim() ?? '',
    birthDate: relation.client.birthDate ? parseLimeDate(relation.client.birthDate, operation) : null,
    relationId: relation.id,
    relationTypeId: relation.relationTypeId,
    relationTypeName: ctx.relationTypeNames?.get(relation.relationTypeId) ?? '',
  }));
  return {
    id: wire.id,
    firstName,
    lastName,
    middleName: nonEmpty(wire.middleName),
    displayName: nonEmpty(wire.displayName) ?? [firstName, lastName].filter(Boolean).join(' '),
    phone: phoneFromWire(wire.phoneNumber),
    email: nonEmpty(wire.email),
    birthDate: wire.birthDate ? parseLimeDate(wire.birthDate, operation) : null,
    category: categoryOf(wire.categoryId, ctx),
    cards: (wire.cards ?? []).map((card) => ({
      id: card.id,
      uid: card.uid,
      category: categoryOf(card.categoryId, ctx),
    })),
    children,
    version: wire.version,
    updatedAt: parseLimeTime(wire.updatedAt, ctx.timeZone, operation),
    lastVisitAt: wire.lastVisitAt ? parseLimeTime(wire.lastVisitAt, ctx.timeZone, operation) : null,
  };
}

// --- Balances ---

/**
 * Rights → balances: deposit = the rights of the deposit good, bonus = the rights of the bonus good
 * (kopecks). A right whose `to` has passed holds nothing any more and is left out. Each bonus right
 * that holds something is a bucket; `bonusExpiresAt` is the earliest expiry among them.
 */
export function toLimeBalances(
  rights: readonly WireRight[],
  ctx: LimeParseContext,
  now: Date,
  operation: string,
): LimeBalances {
  let deposit = 0;
  let bonus = 0;
  const buckets: BonusBucket[] = [];
  for (const right of rights) {
    const expiresAt = right.to ? parseLimeTime(right.to, ctx.timeZone, operation) : null;
    if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) continue;
    const kind = goodKind(right.goodTypeId, ctx);
    if (kind === 'deposit') deposit += right.amount;
    if (kind === 'bonus') {
      bonus += right.amount;
      if (right.amount > 0) buckets.push({ amount: right.amount, expiresAt });
    }
  }
  buckets.sort(
    (a, b) =>
      (a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY) -
      (b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY),
  );
  const firstExpiring = buckets.find((bucket) => bucket.expiresAt !== null);
  return {
    deposit: kopecks(deposit),
    bonus: kopecks(bonus),
    bonusExpiresAt: firstExpiring?.expiresAt ?? null,
    bonusBuckets: buckets,
  };
}

// --- Transactions, pre-orders, bonus accruals ---

export function toLimeTransaction(
  wire: WireTransaction,
  ctx: LimeParseContext,
  operation: string,
): LimeTransaction {
  return {
    id: wire.id,
    type: wire.type,
    occurredAt: parseLimeTime(wire.time, ctx.timeZone, operation),
    clientId: wire.clientId ?? null,
    cardUid: nonEmpty(wire.cardUid),
    checkId: wire.checkId ?? null,
    lines: (wire.entries ?? []).map((entry) => ({
      goodId: entry.goodTypeId,
      name: entry.goodTypeName ?? '',
      quantity: entry.count,
      price: entry.price,
      total: entry.total,
    })),
    total: wire.total,
    servicePoint: wire.servicePoint
      ? { id: wire.servicePoint.id, name: wire.servicePoint.name, kind: wire.servicePoint.kind }
      : null,
    writeOff: wire.writeOff
      ? { kind: wire.writeOff.kind, goodId: wire.writeOff.goodTypeId ?? null, amount: wire.writeOff.amount }
      : null,
    preorderId: wire.preorderId ?? null,
  };
}

export function toLimePreorder(wire: WirePreorder, ctx: LimeParseContext, operation: string): LimePreorder {
  return {
    id: wire.id,
    number: wire.number,
    status: wire.status,
    clientId: wire.clientId ?? null,
    eventAt: parseLimeTime(wire.eventTime, ctx.timeZone, operation),
    comment: nonEmpty(wire.comment),
    items: wire.items.map((item) => ({
      goodId: item.goodTypeId,
      name: item.goodTypeName ?? '',
      quantity: item.count,
      price: item.price,
      total: item.total,
    })),
    total: wire.total,
    externalRef: wire.externalRef
      ? { system: wire.externalRef.system, entityType: wire.externalRef.entityType, id: wire.externalRef.id }
      : null,
    version: wire.version,
    updatedAt: parseLimeTime(wire.updatedAt, ctx.timeZone, operation),
  };
}

export function toBonusAccrual(
  wire: WireBonusAccrual,
  replayed: boolean,
  ctx: LimeParseContext,
  operation: string,
): BonusAccrual {
  return {
    id: wire.id,
    clientId: wire.clientId,
    amount: wire.amount,
    balanceAfter: wire.balanceAfter,
    createdAt: parseLimeTime(wire.time, ctx.timeZone, operation),
    replayed,
  };
}

// --- Events (change feed and webhooks) ---

export const LIME_EVENT_TYPES = [
  'client.created',
  'client.updated',
  'client.relation.created',
  'client.relation.deleted',
  'transaction.created',
  'preorder.created',
  'preorder.updated',
  'preorder.cancelled',
  'good.created',
  'good.updated',
  'good.deleted',
  'bonus.accrued',
] as const satisfies readonly LimeEventType[];

export function isKnownLimeEventType(type: string): type is LimeEventType {
  return (LIME_EVENT_TYPES as readonly string[]).includes(type);
}

/** The `type` of an event JSON, or null when there is none (to skip types we do not know). */
export function limeEventTypeOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('type' in json)) return null;
  return typeof json.type === 'string' ? json.type : null;
}

/**
 * One event of the change feed or a webhook → a LimeEvent. Throws LimeProtocolError on a malformed
 * event or a type we do not know (check `isKnownLimeEventType` first to skip those).
 */
export function parseLimeEvent(json: unknown, ctx: LimeParseContext): LimeEvent {
  const operation = 'Lime event';
  const envelope = decodeWire(eventEnvelopeSchema, json, operation);
  const where = `${operation} ${envelope.id} (${envelope.type})`;
  const base = {
    id: envelope.id,
    seq: envelope.seq,
    createdAt: parseLimeTime(envelope.time, ctx.timeZone, where),
    origin: { source: envelope.origin.source, integration: nonEmpty(envelope.origin.integration) },
  };
  const type = envelope.type;
  switch (type) {
    case 'client.created':
    case 'client.updated':
      return {
        ...base,
        type,
        client: toLimeClient(decodeWire(clientSchema, envelope.data, where), ctx, where),
      };
    case 'client.relation.created':
    case 'client.relation.deleted': {
      const data = decodeWire(relationEventDataSchema, envelope.data, where);
      return {
        ...base,
        type,
        parentId: data.clientId,
        childId: data.childClientId,
        relationId: data.relationId,
        relationTypeId: data.relationTypeId ?? null,
        relationTypeName:
          data.relationTypeId === null || data.relationTypeId === undefined
            ? null
            : (ctx.relationTypeNames?.get(data.relationTypeId) ?? null),
      };
    }
    case 'transaction.created':
      return {
        ...base,
        type,
        transaction: toLimeTransaction(decodeWire(transactionSchema, envelope.data, where), ctx, where),
      };
    case 'preorder.created':
    case 'preorder.updated':
    case 'preorder.cancelled':
      return {
        ...base,
        type,
        preorder: toLimePreorder(decodeWire(preorderSchema, envelope.data, where), ctx, where),
      };
    case 'good.created':
    case 'good.updated':
      return { ...base, type, good: toLimeGood(decodeWire(goodTypeSchema, envelope.data, where), ctx) };
    case 'good.deleted':
      return { ...base, type, goodId: decodeWire(deletedGoodSchema, envelope.data, where).id };
    case 'bonus.accrued':
      return {
        ...base,
        type,
        accrual: toBonusAccrual(decodeWire(bonusAccrualSchema, envelope.data, where), false, ctx, where),
      };
    default:
      throw new LimeProtocolError(`Lime sent an event of unknown type "${type.slice(0, 60)}".`, operation);
  }
}
