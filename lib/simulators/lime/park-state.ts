import {
  ADULT_CATEGORY_ID,
  BONUS_GOOD_ID,
  CHILD_CATEGORY_ID,
  CLIENT_CATEGORIES,
  cashdesks,
  DEPOSIT_GOOD_ID,
  GOOD_CATEGORIES,
  RELATION_TYPES,
  SERVICE_POINTS,
} from './catalog';
import { Prng } from './prng';
import { SimError } from './sim-error';
import type {
  IdempotencyRecord,
  JsonObject,
  SimAccrual,
  SimBalances,
  SimCard,
  SimCashdesk,
  SimClient,
  SimEvent,
  SimEventType,
  SimGood,
  SimInstallation,
  SimOrigin,
  SimPark,
  SimPreorder,
  SimRelation,
  SimRight,
  SimTransaction,
  SimWebhook,
} from './types';

export interface ParkConfig {
  seed: number;
  timeZone: string;
  installationId: number;
  cashdeskId: number;
  now: () => Date;
}

/**
 * The park's state: every entity, the id counters, the clock and the event log. Mutations live in
 * ops-*.ts; each bumps the touched client's version/updatedAt and appends to the event log.
 */
export class ParkState implements SimPark {
  readonly installation: SimInstallation;
  readonly cashdesks: SimCashdesk[];
  readonly goodCategories = GOOD_CATEGORIES;
  readonly clientCategories = CLIENT_CATEGORIES;
  readonly relationTypes = RELATION_TYPES;
  readonly servicePoints = SERVICE_POINTS;
  readonly depositGoodTypeId = DEPOSIT_GOOD_ID;
  readonly bonusGoodTypeId = BONUS_GOOD_ID;
  readonly adultCategoryId = ADULT_CATEGORY_ID;
  readonly childCategoryId = CHILD_CATEGORY_ID;

  readonly goods = new Map<number, SimGood>();
  readonly clients = new Map<number, SimClient>();
  readonly cards = new Map<number, SimCard>();
  readonly relations = new Map<number, SimRelation>();
  readonly rights = new Map<number, SimRight>();
  readonly transactions: SimTransaction[] = [];
  readonly preorders = new Map<number, SimPreorder>();
  readonly accruals: SimAccrual[] = [];
  readonly events: SimEvent[] = [];
  readonly webhooks = new Map<number, SimWebhook>();
  readonly idempotency = new Map<string, IdempotencyRecord>();

  /** Random choices made after the seed (controls, random activity): deterministic too. */
  readonly prng: Prng;
  readonly ids = {
    client: 701,
    card: 4001,
    relation: 21,
    right: 901,
    transaction: 200001,
    check: 123001,
    preorder: 3001,
    accrual: 551,
    event: 90001,
    webhook: 11,
    good: 101,
  };

  private readonly clock: () => Date;
  private fixedTime: number | null = null;
  private readonly relationsByParent = new Map<number, number[]>();
  private readonly rightsByClient = new Map<number, SimRight[]>();
  private readonly cardsByUid = new Map<string, number>();
  private readonly takenPhones = new Set<string>();
  private readonly takenEmails = new Set<string>();

  constructor(config: ParkConfig) {
    this.installation = { id: config.installationId, name: 'Кидбург', timeZone: config.timeZone };
    this.cashdesks = cashdesks(config.installationId, config.cashdeskId);
    this.clock = config.now;
    this.prng = new Prng(config.seed).fork(7);
  }

  next(counter: keyof ParkState['ids']): number {
    const id = this.ids[counter];
    this.ids[counter] = id + 1;
    return id;
  }

  /** The injected clock, untruncated (fixed while seeding). */
  clockNow(): Date {
    return new Date(this.fixedTime ?? this.clock().getTime());
  }

  now(): Date {
    const ms = this.fixedTime ?? this.clock().getTime();
    return new Date(Math.floor(ms / 1000) * 1000);
  }

  /** Runs `fn` with the clock fixed at `time` (seeding the history in the past). */
  at<T>(time: Date, fn: () => T): T {
    const previous = this.fixedTime;
    this.fixedTime = time.getTime();
    try {
      return fn();
    } finally {
      this.fixedTime = previous;
    }
  }

  emit(type: SimEventType, data: JsonObject, origin: SimOrigin): SimEvent {
    const id = this.next('event');
    const event: SimEvent = { id, seq: id, type, time: this.now(), origin, data };
    this.events.push(event);
    return event;
  }

  // --- lookups ---

  client(id: number): SimClient {
    const client = this.clients.get(id);
    if (!client) throw new SimError('not_found', `Клиент ${id} не найден`);
    return client;
  }

  good(id: number): SimGood {
    const good = this.goods.get(id);
    if (!good || good.deleted) throw new SimError('not_found', `Товар ${id} не найден`);
    return good;
  }

  adults(): SimClient[] {
    return [...this.clients.values()].filter((c) => c.categoryId === this.adultCategoryId);
  }

  relationsOf(parentId: number): SimRelation[] {
    return (this.relationsByParent.get(parentId) ?? []).flatMap((id) => {
      const relation = this.relations.get(id);
      return relation ? [relation] : [];
    });
  }

  parentOf(childId: number): SimClient | undefined {
    for (const relation of this.relations.values()) {
      if (relation.childId === childId) return this.clients.get(relation.parentId);
    }
    return undefined;
  }

  /** Every right of the client, spent or expired ones included. */
  allRightsOf(clientId: number): readonly SimRight[] {
    return this.rightsByClient.get(clientId) ?? [];
  }

  rightsOf(clientId: number): SimRight[] {
    const now = this.now().getTime();
    return this.allRightsOf(clientId).filter((r) => r.amount > 0 && (r.to === null || r.to.getTime() > now));
  }

  balances(clientId: number): SimBalances {
    let deposit = 0;
    let bonus = 0;
    const bonusBuckets: SimBalances['bonusBuckets'] = [];
    for (const right of this.rightsOf(clientId)) {
      if (right.goodTypeId === this.depositGoodTypeId) deposit += right.amount;
      if (right.goodTypeId === this.bonusGoodTypeId) {
        bonus += right.amount;
        bonusBuckets.push({ rightId: right.id, amount: right.amount, to: right.to });
      }
    }
    return { deposit, bonus, bonusBuckets };
  }

  cardByUid(uid: string): SimCard | undefined {
    const id = this.cardsByUid.get(uid.trim().toUpperCase());
    return id === undefined ? undefined : this.cards.get(id);
  }

  isPhoneTaken(phone: string): boolean {
    return this.takenPhones.has(phone);
  }

  isEmailTaken(email: string): boolean {
    return this.takenEmails.has(email.toLowerCase());
  }

  // --- low-level writes (no events; ops-*.ts emit them) ---

  putClient(client: SimClient): void {
    this.clients.set(client.id, client);
    this.reserveContacts(client.phoneNumber, client.email);
  }

  /** Marks a phone and an e-mail as used, so generated ones stay unique. */
  reserveContacts(phone: string | null, email: string | null): void {
    if (phone) this.takenPhones.add(phone);
    if (email) this.takenEmails.add(email.toLowerCase());
  }

  putRelation(relation: SimRelation): void {
    this.relations.set(relation.id, relation);
    const list = this.relationsByParent.get(relation.parentId) ?? [];
    list.push(relation.id);
    this.relationsByParent.set(relation.parentId, list);
  }

  dropRelation(relation: SimRelation): void {
    this.relations.delete(relation.id);
    const list = this.relationsByParent.get(relation.parentId) ?? [];
    this.relationsByParent.set(
      relation.parentId,
      list.filter((id) => id !== relation.id),
    );
  }

  /** Issues a new card (uid unique, 8 hex digits) to the client. */
  issueCard(client: SimClient, prng: Prng = this.prng): SimCard {
    let uid = prng.hex(8);
    while (this.cardsByUid.has(uid)) uid = prng.hex(8);
    const card: SimCard = { id: this.next('card'), uid, clientId: client.id, categoryId: client.categoryId };
    this.cards.set(card.id, card);
    this.cardsByUid.set(uid, card.id);
    client.cardIds.push(card.id);
    return card;
  }

  putRight(right: SimRight): void {
    this.rights.set(right.id, right);
    const list = this.rightsByClient.get(right.clientId) ?? [];
    list.push(right);
    this.rightsByClient.set(right.clientId, list);
  }

  /** A change to the client: version + 1, updatedAt now, lastVisitAt now on a visit. */
  touch(client: SimClient, visit = false): void {
    const now = this.now();
    client.version += 1;
    client.updatedAt = now;
    if (visit) client.lastVisitAt = now;
  }
}
