/**
 * The simulated park's model: what Lime stores, in the simulator's own terms (money in integer
 * kopecks, times as instants truncated to whole seconds). Wire shapes live in wire.ts.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who caused a change: Lime itself (cashiers, turnstiles, staff) or an integration's API write. */
export interface SimOrigin {
  source: 'lime' | 'integration';
  integration: string | null;
}

export const LIME_ORIGIN: SimOrigin = { source: 'lime', integration: null };

export interface SimInstallation {
  id: number;
  name: string;
  timeZone: string;
}

export interface SimCashdesk {
  id: number;
  name: string;
  installationId: number;
}

export interface SimGoodCategory {
  id: number;
  name: string;
}

export type SimGoodKind = 'ticket' | 'deposit' | 'bonus' | 'service' | 'birthday' | 'food';

export interface SimGood {
  id: number;
  name: string;
  /** List price in kopecks (the wire's `basePrice` is rubles). */
  price: number;
  categoryId: number;
  kind: SimGoodKind;
  isActive: boolean;
  deleted: boolean;
}

export interface SimClientCategory {
  id: number;
  name: string;
  kind: 'adult' | 'child';
}

export interface SimRelationType {
  id: number;
  name: string;
}

export interface SimCard {
  id: number;
  uid: string;
  clientId: number;
  categoryId: number;
}

export interface SimClient {
  id: number;
  firstName: string;
  lastName: string;
  middleName: string | null;
  displayName: string;
  /** Digits only. */
  phoneNumber: string | null;
  email: string | null;
  birthDate: string | null;
  categoryId: number;
  cardIds: number[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastVisitAt: Date | null;
}

export interface SimRelation {
  id: number;
  parentId: number;
  childId: number;
  relationTypeId: number;
  createdAt: Date;
}

/** An entitlement on a card: deposit money or bonus (kopecks), or tickets (a count of passes). */
export interface SimRight {
  id: number;
  cardId: number;
  clientId: number;
  goodTypeId: number;
  amount: number;
  from: Date;
  to: Date | null;
}

export type SimServicePointKind = 'turnstile' | 'validator' | 'mobile_operator' | 'cashdesk';

export interface SimServicePoint {
  id: number;
  name: string;
  kind: SimServicePointKind;
  /** What a deposit write-off at this point costs, in kopecks (0: tickets only). */
  depositPrice: number;
}

export interface SimLine {
  goodTypeId: number;
  goodTypeName: string;
  count: number;
  /** Kopecks. */
  price: number;
  total: number;
}

export type SimTransactionType = 'purchase' | 'deposit_topup' | 'pass' | 'bonus_accrual' | 'refund';

export interface SimTransaction {
  id: number;
  type: SimTransactionType;
  time: Date;
  clientId: number | null;
  cardUid: string | null;
  checkId: number | null;
  entries: SimLine[];
  total: number;
  servicePoint: { id: number; name: string; kind: SimServicePointKind } | null;
  writeOff: { kind: 'ticket' | 'deposit'; goodTypeId: number | null; amount: number } | null;
  preorderId: number | null;
  origin: SimOrigin;
}

export type SimPreorderStatus = 'new' | 'confirmed' | 'paid' | 'completed' | 'cancelled';

export interface SimExternalRef {
  system: string;
  entityType: string;
  id: string;
}

export interface SimPreorder {
  id: number;
  number: string;
  status: SimPreorderStatus;
  clientId: number | null;
  eventTime: Date;
  comment: string | null;
  items: SimLine[];
  total: number;
  externalRef: SimExternalRef | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  origin: SimOrigin;
}

export type SimBonusReason = 'manual' | 'mass' | 'birthday' | 'child_birthday' | 'campaign' | 'nps';

export interface SimAccrual {
  id: number;
  status: 'applied';
  clientId: number;
  amount: number;
  balanceAfter: number;
  time: Date;
  reason: SimBonusReason;
  relatedClientId: number | null;
  comment: string | null;
  expiresAt: Date | null;
  transactionId: number;
  origin: SimOrigin;
}

export type SimEventType =
  | 'client.created'
  | 'client.updated'
  | 'client.relation.created'
  | 'client.relation.deleted'
  | 'transaction.created'
  | 'preorder.created'
  | 'preorder.updated'
  | 'preorder.cancelled'
  | 'good.created'
  | 'good.updated'
  | 'good.deleted'
  | 'bonus.accrued';

/** One entry of the event log; `data` is the wire JSON of the entity as it was at that moment. */
export interface SimEvent {
  id: number;
  seq: number;
  type: SimEventType;
  time: Date;
  origin: SimOrigin;
  data: JsonObject;
}

export interface SimWebhook {
  id: number;
  url: string;
  events: string[];
  secret: string;
  createdAt: Date;
  /** Events up to this id existed before the subscription and are never delivered to it. */
  afterEventId: number;
  /** Event ids delivered with a 2xx answer. */
  delivered: Set<number>;
}

export interface IdempotencyRecord {
  key: string;
  /** Method, path and canonical body of the first request. */
  fingerprint: string;
  status: number;
  body: string;
  createdAt: Date;
}

export interface SimBalances {
  deposit: number;
  bonus: number;
  bonusBuckets: { rightId: number; amount: number; to: Date | null }[];
}

export interface SimCapabilities {
  assumed: boolean;
  changeFeed: boolean;
  preorders: boolean;
  bonusAccruals: boolean;
  webhooks: boolean;
}

/** Read access to the park, for tests to compare against what the API answered. */
export interface SimPark {
  readonly installation: SimInstallation;
  readonly cashdesks: readonly SimCashdesk[];
  readonly goodCategories: readonly SimGoodCategory[];
  readonly clientCategories: readonly SimClientCategory[];
  readonly relationTypes: readonly SimRelationType[];
  readonly servicePoints: readonly SimServicePoint[];
  readonly depositGoodTypeId: number;
  readonly bonusGoodTypeId: number;
  readonly adultCategoryId: number;
  readonly childCategoryId: number;
  readonly goods: ReadonlyMap<number, SimGood>;
  readonly clients: ReadonlyMap<number, SimClient>;
  readonly cards: ReadonlyMap<number, SimCard>;
  readonly relations: ReadonlyMap<number, SimRelation>;
  readonly rights: ReadonlyMap<number, SimRight>;
  readonly transactions: readonly SimTransaction[];
  readonly preorders: ReadonlyMap<number, SimPreorder>;
  readonly accruals: readonly SimAccrual[];
  readonly events: readonly SimEvent[];
  readonly webhooks: ReadonlyMap<number, SimWebhook>;
  readonly idempotency: ReadonlyMap<string, IdempotencyRecord>;
  /** The simulator's clock, truncated to whole seconds. */
  now(): Date;
  /** Adults (clients of the adult category), ascending id. */
  adults(): SimClient[];
  /** Relations where `parentId` is the parent, ascending id. */
  relationsOf(parentId: number): SimRelation[];
  /** Rights of the client's cards that hold something and have not expired. */
  rightsOf(clientId: number): SimRight[];
  /** Deposit and bonus in kopecks (non-expired rights only). */
  balances(clientId: number): SimBalances;
  cardByUid(uid: string): SimCard | undefined;
}
