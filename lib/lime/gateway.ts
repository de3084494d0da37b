import type {
  BonusAccrual,
  BonusAccrualRequest,
  ClientDraft,
  ClientPatch,
  LimeBalances,
  LimeClient,
  LimeEvent,
  LimeGood,
  LimeGoodCategory,
  LimePreorder,
  LimeTransaction,
  PreorderDraft,
} from '@/lib/domain/lime';

/**
 * The port: everything the app asks of Lime, in domain terms. The HTTP adapter (lib/lime/http)
 * implements it on Lime's API; every failure is a LimeError (lib/lime/errors.ts).
 * Writes take an idempotency key: retried, they never act twice.
 */

export interface ConnectionCheck {
  reachable: boolean;
  authenticated: boolean;
  installationFound: boolean;
  cashdeskFound: boolean;
  /** Assumed operations this installation answers (a 404 means it lacks them). */
  capabilities: { changeFeed: boolean; preorders: boolean; bonusAccruals: boolean; webhooks: boolean };
  /** The first problem, in words a manager understands; null when everything is fine. */
  problem: string | null;
}

export interface WriteOptions {
  idempotencyKey: string;
}

export type ParsedEvent = { event: LimeEvent; error?: undefined } | { event?: undefined; error: Error };

export interface ChangePage {
  events: LimeEvent[];
  /**
   * The same events as Lime sent them (their wire JSON), index for index: what the inbox stores,
   * so feed and webhook deliveries are processed alike by one parser.
   */
  raw: unknown[];
  lastId: number;
  hasMore: boolean;
}

export interface LimeGateway {
  testConnection(): Promise<ConnectionCheck>;

  listGoodCategories(): Promise<LimeGoodCategory[]>;
  /** Every good of the installation (all pages). */
  listGoods(): Promise<LimeGood[]>;

  getClient(clientId: number): Promise<LimeClient | null>;
  findClientByPhone(phone: string): Promise<LimeClient | null>;
  findClientByEmail(email: string): Promise<LimeClient | null>;
  findClientByCardUid(uid: string): Promise<LimeClient | null>;
  /** Every client, or those changed since a moment (all pages). */
  listClients(options?: { updatedSince?: Date }): Promise<LimeClient[]>;
  createClient(draft: ClientDraft, options: WriteOptions): Promise<LimeClient>;
  /** With expectedVersion, Lime refuses (LimeRejectedError 'version_conflict') a stale update. */
  updateClient(
    clientId: number,
    patch: ClientPatch,
    options: WriteOptions & { expectedVersion?: number },
  ): Promise<LimeClient>;

  getBalances(clientId: number): Promise<LimeBalances>;
  getCardBalances(cardUid: string): Promise<LimeBalances | null>;

  /** Newest first. */
  listTransactions(options: { clientId?: number; since?: Date; limit?: number }): Promise<LimeTransaction[]>;

  getPreorder(preorderId: number): Promise<LimePreorder | null>;
  listPreorders(options?: { updatedSince?: Date }): Promise<LimePreorder[]>;
  createPreorder(draft: PreorderDraft, options: WriteOptions): Promise<LimePreorder>;
  updatePreorder(preorderId: number, draft: PreorderDraft, options: WriteOptions): Promise<LimePreorder>;
  /** new → confirmed (`Preorders/Update` with only `status`: items, time and comment stay as Lime has them). */
  confirmPreorder(preorderId: number, options: WriteOptions): Promise<LimePreorder>;
  cancelPreorder(preorderId: number, options: WriteOptions): Promise<LimePreorder>;

  accrueBonus(request: BonusAccrualRequest, options: WriteOptions): Promise<BonusAccrual>;

  /**
   * Reads events as Lime sent them (webhook bodies, feed entries kept in the inbox), with the
   * installation's reference data (client categories, relation types). One answer per input:
   * the event, or why it cannot be read.
   */
  parseEvents(raw: readonly unknown[]): Promise<ParsedEvent[]>;
  /** The change feed after `sinceId` (exclusive), ascending. */
  readChanges(options: { sinceId: number; limit?: number }): Promise<ChangePage>;
  subscribeWebhook(options: { url: string; secret: string }): Promise<{ id: number }>;
}
