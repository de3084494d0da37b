import type { Kopecks } from './money';

/**
 * Lime in domain terms: what the rest of the app knows of Lime. Ids are Lime's integers, money is
 * kopecks, times are instants (the adapter reads Lime's offset-less times in the venue's zone),
 * dates are 'YYYY-MM-DD', phones are digits only.
 */

export type ClientCategory = 'adult' | 'child';

export interface LimeGoodCategory {
  id: number;
  name: string;
}

/** Deposit and bonus goods are the ones the connection names; everything else is regular. */
export type GoodKind = 'regular' | 'deposit' | 'bonus';

export interface LimeGood {
  id: number;
  name: string;
  categoryId: number | null;
  price: Kopecks;
  kind: GoodKind;
  active: boolean;
}

export interface LimeCard {
  id: number;
  uid: string;
  category: ClientCategory | null;
}

export interface LimeChild {
  clientId: number;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  relationId: number;
  relationTypeId: number;
  relationTypeName: string;
}

export interface LimeClient {
  id: number;
  firstName: string;
  lastName: string;
  middleName: string | null;
  displayName: string;
  phone: string | null;
  email: string | null;
  birthDate: string | null;
  category: ClientCategory | null;
  cards: LimeCard[];
  children: LimeChild[];
  version: number;
  updatedAt: Date;
  lastVisitAt: Date | null;
}

export interface ClientDraft {
  firstName: string;
  lastName: string;
  middleName?: string | null;
  phone?: string | null;
  email?: string | null;
  birthDate?: string | null;
}

export type ClientPatch = Partial<Omit<ClientDraft, 'firstName' | 'lastName'>> & {
  firstName?: string;
  lastName?: string;
};

export interface BonusBucket {
  amount: Kopecks;
  expiresAt: Date | null;
}

export interface LimeBalances {
  deposit: Kopecks;
  bonus: Kopecks;
  /** The earliest expiry among bonus rights that still hold something. */
  bonusExpiresAt: Date | null;
  bonusBuckets: BonusBucket[];
}

export type TransactionType = 'purchase' | 'deposit_topup' | 'pass' | 'bonus_accrual' | 'refund';
export type ServicePointKind = 'turnstile' | 'validator' | 'mobile_operator' | 'cashdesk';

export interface LimeTransactionLine {
  goodId: number;
  name: string;
  quantity: number;
  price: Kopecks;
  total: Kopecks;
}

/** One check with all its lines, or one pass (write-off) at a service point. */
export interface LimeTransaction {
  id: number;
  type: TransactionType;
  occurredAt: Date;
  clientId: number | null;
  cardUid: string | null;
  checkId: number | null;
  lines: LimeTransactionLine[];
  total: Kopecks;
  servicePoint: { id: number; name: string; kind: ServicePointKind } | null;
  writeOff: { kind: 'ticket' | 'deposit'; goodId: number | null; amount: Kopecks } | null;
  preorderId: number | null;
}

export type PreorderStatus = 'new' | 'confirmed' | 'paid' | 'completed' | 'cancelled';

export interface ExternalRef {
  system: string;
  entityType: string;
  id: string;
}

export interface LimePreorderItem {
  goodId: number;
  name: string;
  quantity: number;
  price: Kopecks;
  total: Kopecks;
}

export interface LimePreorder {
  id: number;
  number: string;
  status: PreorderStatus;
  clientId: number | null;
  eventAt: Date;
  comment: string | null;
  items: LimePreorderItem[];
  total: Kopecks;
  externalRef: ExternalRef | null;
  version: number;
  updatedAt: Date;
}

export interface PreorderDraft {
  clientId: number | null;
  eventAt: Date;
  comment?: string | null;
  items: { goodId: number; quantity: number; price?: Kopecks }[];
  externalRef?: ExternalRef | null;
}

export type BonusReason = 'manual' | 'mass' | 'birthday' | 'child_birthday' | 'campaign' | 'nps';

export interface BonusAccrualRequest {
  clientId: number;
  amount: Kopecks;
  reason: BonusReason;
  relatedClientId?: number | null;
  comment?: string | null;
  expiresAt?: Date | null;
}

export interface BonusAccrual {
  id: number;
  clientId: number;
  amount: Kopecks;
  balanceAfter: Kopecks;
  createdAt: Date;
  /** Lime answered a replay of an earlier request with the same idempotency key. */
  replayed: boolean;
}

export interface EventOrigin {
  source: 'lime' | 'integration';
  integration: string | null;
}

interface EventBase {
  id: number;
  seq: number;
  createdAt: Date;
  origin: EventOrigin;
}

/** A change in Lime, from the change feed or a webhook (the same shape). */
export type LimeEvent = EventBase &
  (
    | { type: 'client.created' | 'client.updated'; client: LimeClient }
    | {
        type: 'client.relation.created' | 'client.relation.deleted';
        parentId: number;
        childId: number;
        relationId: number;
        relationTypeId: number | null;
        relationTypeName: string | null;
      }
    | { type: 'transaction.created'; transaction: LimeTransaction }
    | { type: 'preorder.created' | 'preorder.updated' | 'preorder.cancelled'; preorder: LimePreorder }
    | { type: 'good.created' | 'good.updated'; good: LimeGood }
    | { type: 'good.deleted'; goodId: number }
    | { type: 'bonus.accrued'; accrual: BonusAccrual }
  );

export type LimeEventType = LimeEvent['type'];
