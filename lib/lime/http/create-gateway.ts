/**
 * The HTTP adapter of the LimeGateway port.
 *
 * Hand-written because there is nothing to generate it from: Lime publishes no API documentation,
 * no OpenAPI description and no SDK. The wire contract is docs/lime-api.md — observed endpoints used
 * exactly as the public integrators use them, and assumed operations (all in assumed-operations.ts)
 * to confirm with Lime. Every request goes through the URL guard; every answer is checked with zod;
 * every failure is a typed LimeError (UrlGuardError passes through untouched).
 *
 * Files: transport.ts (one exchange, status → errors), retry.ts, auth.ts (LimeToken or password
 * grant, refresh, single flight), lime-caller.ts (auth + retries + validation), wire-schemas.ts,
 * parse.ts (wire → domain: kopecks, venue-zone times, digits-only phones), paging.ts,
 * observed-operations.ts, assumed-operations.ts, lookups.ts (cached client categories and relation
 * types), idempotency.ts (Idempotency-Key values), connection-check.ts (testConnection).
 */
import type {
  BonusAccrual,
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
import { normalizePhone } from '@/lib/domain/phone';
import { publicHostPolicy, type Resolver } from '@/lib/http/url-guard';
import type { LimeConnection } from '../connection';
import { LimeInvalidRequestError, LimeNotFoundError, LimeProtocolError } from '../errors';
import type { LimeGateway } from '../gateway';
import * as assumed from './assumed-operations';
import { createLimeAuth, type LimeTokenStore, memoryTokenStore } from './auth';
import { checkConnection } from './connection-check';
import { contentIdempotencyKey, derivedIdempotencyKey, wireIdempotencyKey } from './idempotency';
import { createLimeCaller } from './lime-caller';
import { type ClientLookupCache, createClientLookups } from './lookups';
import * as observed from './observed-operations';
import { readAllPages } from './paging';
import {
  formatKopecks,
  formatLimeDate,
  formatLimePhone,
  formatLimeTime,
  isKnownLimeEventType,
  type LimeParseContext,
  limeEventTypeOf,
  parseLimeEvent,
  toBonusAccrual,
  toLimeBalances,
  toLimeClient,
  toLimeGood,
  toLimePreorder,
  toLimeTransaction,
} from './parse';
import { LimeTransport, type LimeTransportOptions } from './transport';
import { clientSchema, eventEnvelopeSchema, relationEventDataSchema, type WireClient } from './wire-schemas';

export type { LimeTokenPair, LimeTokenStore } from './auth';
export { memoryTokenStore } from './auth';

export interface HttpLimeGatewayOptions {
  /** Parsed by limeConnectionSchema. */
  connection: LimeConnection;
  /** From config (tests and the sandbox: true). */
  allowHttpLoopback: boolean;
  /** Where password-grant tokens live. Default: memoryTokenStore(). */
  tokenStore?: LimeTokenStore;
  /** E.g. take a rate-limit token; called before EVERY HTTP request, token calls and retries included. */
  beforeRequest?: (operation: string) => Promise<void>;
  /** The tenant's REST log: every HTTP exchange, token calls and retries included. */
  restLog?: LimeTransportOptions['restLog'];
  /** Per request. Default 15 000. */
  timeoutMs?: number;
  /**
   * Retries for reads on retryable errors (network, timeout, 5xx, 429 honouring Retry-After up to a
   * cap), default 2, with small backoff. Writes are retried only because they carry an
   * Idempotency-Key (the same key on each try).
   */
  readRetries?: number;
  /** Sent as `X-Lime-Integration` so Lime marks events our writes cause. Default 'crm-bridge'. */
  integrationName?: string;
  /** DNS override passed to guardedFetch (tests only). */
  resolve?: Resolver;
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_READ_RETRIES = 2;
const DEFAULT_INTEGRATION = 'crm-bridge';
const FEED_PAGE_MAX = 100;

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** What the lookups must know to read these events: their clients, and relation events' types. */
type LookupSubject = Parameters<ClientLookupCache['forClients']>[0][number];

function lookupSubjects(raw: readonly unknown[]): LookupSubject[] {
  return raw.flatMap((item): LookupSubject[] => {
    const type = limeEventTypeOf(item);
    const envelope = eventEnvelopeSchema.safeParse(item);
    if (!envelope.success) return [];
    if (type === 'client.created' || type === 'client.updated') {
      const client = clientSchema.safeParse(envelope.data.data);
      return client.success ? [client.data] : [];
    }
    if (type === 'client.relation.created' || type === 'client.relation.deleted') {
      const relation = relationEventDataSchema.safeParse(envelope.data.data);
      const relationTypeId = relation.success ? relation.data.relationTypeId : null;
      return relationTypeId ? [{ relations: [{ relationTypeId, client: {} }] }] : [];
    }
    return [];
  });
}

export function createHttpLimeGateway(options: HttpLimeGatewayOptions): LimeGateway {
  const { connection } = options;
  const now = options.now ?? (() => new Date());
  const zone = connection.timeZone;
  const transport = new LimeTransport({
    baseUrl: connection.baseUrl,
    policy: publicHostPolicy({
      allowHttpLoopback: options.allowHttpLoopback,
      allowHttp: connection.allowHttp,
    }),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    integrationName: options.integrationName ?? DEFAULT_INTEGRATION,
    beforeRequest: options.beforeRequest,
    restLog: options.restLog,
    resolve: options.resolve,
  });
  const retries = Math.max(0, options.readRetries ?? DEFAULT_READ_RETRIES);
  const auth = createLimeAuth({
    auth: connection.auth,
    transport,
    store: options.tokenStore ?? memoryTokenStore(),
    now,
  });
  const caller = createLimeCaller({ transport, auth, retries, now });
  const ctx: observed.LimeOperationContext = { caller, connection };
  const lookups = createClientLookups(ctx, now);
  const parseContext: LimeParseContext = {
    timeZone: zone,
    depositGoodTypeId: connection.depositGoodTypeId,
    bonusGoodTypeId: connection.bonusGoodTypeId,
  };

  async function toClients(wires: readonly WireClient[], operation: string): Promise<LimeClient[]> {
    if (wires.length === 0) return [];
    const context = { ...parseContext, ...(await lookups.forClients(wires)) };
    return wires.map((wire) => toLimeClient(wire, context, operation));
  }

  async function toClient(wire: WireClient | null, operation: string): Promise<LimeClient | null> {
    if (wire === null) return null;
    const [client] = await toClients([wire], operation);
    return client ?? null;
  }

  async function readClient(clientId: number, operation: string): Promise<LimeClient> {
    const client = await toClient(await assumed.getClient(ctx, clientId), operation);
    if (client === null) {
      throw new LimeProtocolError(`Lime cannot read client ${clientId} right after writing it.`, operation);
    }
    return client;
  }

  function preorderItems(draft: PreorderDraft, operation: string): assumed.PreorderItemBody[] {
    return draft.items.map((item) => ({
      goodTypeId: item.goodId,
      count: item.quantity,
      ...(item.price === undefined ? {} : { price: formatKopecks(item.price, operation) }),
    }));
  }

  function birthDate(value: string | null | undefined, operation: string): string | null | undefined {
    if (value === undefined || value === null) return value;
    return formatLimeDate(value, operation);
  }

  return {
    testConnection() {
      return checkConnection({
        host: transport.host,
        installationId: connection.installationId,
        cashdeskId: connection.cashdeskId,
        timeZone: zone,
        installations: () => observed.selectInstallations(ctx),
        cashdesks: () => observed.selectCashdesks(ctx),
        capabilities: {
          changeFeed: () => assumed.probeChangeFeed(ctx),
          preorders: () => assumed.probePreorders(ctx),
          bonusAccruals: () => assumed.probeBonusAccruals(ctx),
          webhooks: () => assumed.probeWebhooks(ctx),
        },
      });
    },

    async listGoodCategories(): Promise<LimeGoodCategory[]> {
      const { categories } = await observed.getGoodTypesAndCategories(ctx);
      return categories.map((category) => ({ id: category.id, name: category.name }));
    },

    async listGoods(): Promise<LimeGood[]> {
      const rows = await readAllPages('GoodTypes/Select', (page) => observed.selectGoodTypes(ctx, page));
      return rows.map((row) => toLimeGood(row, parseContext));
    },

    async getClient(clientId) {
      return toClient(await assumed.getClient(ctx, clientId), 'ClientManagement/GetClient');
    },

    async findClientByPhone(phone) {
      const digits = normalizePhone(phone);
      if (digits === null) return null;
      const rows = await assumed.selectClients(ctx, { phoneNumber: digits }, { skip: 0, take: 100 });
      return toClient(rows[0] ?? null, 'ClientManagement/Select');
    },

    async findClientByEmail(email) {
      const address = nonEmpty(email);
      if (address === null) return null;
      return toClient(
        await observed.getClientInfoByEmail(ctx, address),
        'ClientManagement/GetClientInfoByEmail',
      );
    },

    async findClientByCardUid(uid) {
      const cardUid = nonEmpty(uid);
      if (cardUid === null) return null;
      return toClient(
        await observed.getClientInfoByCardUid(ctx, cardUid),
        'ClientManagement/GetClientInfoByCardUid',
      );
    },

    async listClients(listOptions = {}) {
      const updatedSince = listOptions.updatedSince
        ? formatLimeTime(listOptions.updatedSince, zone)
        : undefined;
      const filter = updatedSince === undefined ? {} : { updatedSince };
      const rows = await readAllPages('ClientManagement/Select', (page) =>
        assumed.selectClients(ctx, filter, page),
      );
      return toClients(rows, 'ClientManagement/Select');
    },

    async createClient(draft: ClientDraft, writeOptions) {
      const operation = 'ClientManagement/Insert';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const firstName = draft.firstName.trim();
      const lastName = draft.lastName.trim();
      const displayName = [firstName, lastName].filter(Boolean).join(' ');
      if (displayName === '') throw new LimeInvalidRequestError('A new client needs a name.', operation);
      const phoneNumber = formatLimePhone(draft.phone ?? null, operation);
      const email = nonEmpty(draft.email);
      const birth = birthDate(draft.birthDate, operation);
      const clientId = await observed.insertClient(ctx, { email, phoneNumber, displayName }, key);
      // Insert takes only e-mail, phone and display name; the rest goes through the assumed Update.
      await assumed.updateClient(
        ctx,
        {
          clientId,
          ...(firstName === '' ? {} : { firstName }),
          ...(lastName === '' ? {} : { lastName }),
          middleName: nonEmpty(draft.middleName),
          ...(birth === undefined ? {} : { birthDate: birth }),
        },
        derivedIdempotencyKey(writeOptions.idempotencyKey, 'fields', 'ClientManagement/Update'),
      );
      return readClient(clientId, 'ClientManagement/GetClient');
    },

    async updateClient(clientId, patch: ClientPatch, writeOptions) {
      const operation = 'ClientManagement/Update';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const body: assumed.ClientUpdateBody = { clientId };
      if (writeOptions.expectedVersion !== undefined) body.version = writeOptions.expectedVersion;
      if (patch.firstName !== undefined) body.firstName = patch.firstName.trim();
      if (patch.lastName !== undefined) body.lastName = patch.lastName.trim();
      if (patch.middleName !== undefined) body.middleName = nonEmpty(patch.middleName);
      if (patch.phone !== undefined) body.phoneNumber = formatLimePhone(patch.phone, operation);
      if (patch.email !== undefined) body.email = nonEmpty(patch.email);
      if (patch.birthDate !== undefined) body.birthDate = birthDate(patch.birthDate, operation) ?? null;
      const wire = await assumed.updateClient(ctx, body, key);
      const client = await toClient(wire, operation);
      if (client === null)
        throw new LimeProtocolError('Lime answered the update without the client.', operation);
      return client;
    },

    async getBalances(clientId): Promise<LimeBalances> {
      const operation = 'ClientManagement/GetRights';
      const rights = await observed.getRights(ctx, clientId);
      if (rights === null) throw new LimeNotFoundError(`Lime has no client ${clientId}.`, operation);
      return toLimeBalances(rights, parseContext, now(), operation);
    },

    async getCardBalances(cardUid) {
      const uid = nonEmpty(cardUid);
      if (uid === null) return null;
      const rights = await observed.getCardInfo(ctx, uid);
      return rights === null
        ? null
        : toLimeBalances(rights, parseContext, now(), 'CashdeskServer/GetCardInfo');
    },

    async listTransactions(listOptions): Promise<LimeTransaction[]> {
      const operation = 'Transactions/Select';
      const filter: assumed.TransactionFilter = {};
      if (listOptions.clientId !== undefined) filter.clientId = listOptions.clientId;
      if (listOptions.since !== undefined) filter.fromTime = formatLimeTime(listOptions.since, zone);
      const rows = await readAllPages(operation, (page) => assumed.selectTransactions(ctx, filter, page), {
        limit: listOptions.limit,
      });
      return rows.map((row) => toLimeTransaction(row, parseContext, operation));
    },

    async getPreorder(preorderId) {
      const wire = await assumed.getPreorder(ctx, preorderId);
      return wire === null ? null : toLimePreorder(wire, parseContext, 'Preorders/Get');
    },

    async listPreorders(listOptions = {}): Promise<LimePreorder[]> {
      const operation = 'Preorders/Select';
      const filter = listOptions.updatedSince
        ? { updatedSince: formatLimeTime(listOptions.updatedSince, zone) }
        : {};
      const rows = await readAllPages(operation, (page) => assumed.selectPreorders(ctx, filter, page));
      return rows.map((row) => toLimePreorder(row, parseContext, operation));
    },

    async createPreorder(draft, writeOptions) {
      const operation = 'Preorders/Insert';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const wire = await assumed.insertPreorder(
        ctx,
        {
          clientId: draft.clientId,
          eventTime: formatLimeTime(draft.eventAt, zone),
          comment: nonEmpty(draft.comment),
          items: preorderItems(draft, operation),
          externalRef: draft.externalRef ?? null,
        },
        key,
      );
      return toLimePreorder(wire, parseContext, operation);
    },

    async updatePreorder(preorderId, draft, writeOptions) {
      const operation = 'Preorders/Update';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const wire = await assumed.updatePreorder(
        ctx,
        {
          id: preorderId,
          eventTime: formatLimeTime(draft.eventAt, zone),
          comment: nonEmpty(draft.comment),
          items: preorderItems(draft, operation),
        },
        key,
      );
      return toLimePreorder(wire, parseContext, operation);
    },

    async confirmPreorder(preorderId, writeOptions) {
      const operation = 'Preorders/Update';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const wire = await assumed.updatePreorder(ctx, { id: preorderId, status: 'confirmed' }, key);
      return toLimePreorder(wire, parseContext, operation);
    },

    async cancelPreorder(preorderId, writeOptions) {
      const operation = 'Preorders/Cancel';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      return toLimePreorder(await assumed.cancelPreorder(ctx, preorderId, key), parseContext, operation);
    },

    async accrueBonus(request, writeOptions): Promise<BonusAccrual> {
      const operation = 'BonusAccruals/Insert';
      const key = wireIdempotencyKey(writeOptions.idempotencyKey, operation);
      const body: assumed.BonusAccrualBody = {
        clientId: request.clientId,
        amount: formatKopecks(request.amount, operation),
        reason: request.reason,
      };
      if (request.relatedClientId !== undefined) body.relatedClientId = request.relatedClientId;
      if (request.comment !== undefined) body.comment = nonEmpty(request.comment);
      if (request.expiresAt !== undefined) {
        body.expiresAt = request.expiresAt === null ? null : formatLimeTime(request.expiresAt, zone);
      }
      const { accrual, replayed } = await assumed.insertBonusAccrual(ctx, body, key);
      return toBonusAccrual(accrual, replayed, parseContext, operation);
    },

    async readChanges({ sinceId, limit }) {
      const operation = 'Events/Select';
      const take = Math.min(FEED_PAGE_MAX, Math.max(1, Math.floor(limit ?? FEED_PAGE_MAX)));
      const page = await assumed.selectEvents(ctx, sinceId, take);
      if (page.data.length > take) {
        throw new LimeProtocolError(`Lime answered ${operation} with more events than asked.`, operation);
      }
      // Types we do not know are skipped (the feed moves past them); known ones must parse.
      const known = page.data.filter((raw) => {
        const type = limeEventTypeOf(raw);
        return type === null || isKnownLimeEventType(type);
      });
      const clientWires = lookupSubjects(known);
      const context =
        clientWires.length > 0
          ? { ...parseContext, ...(await lookups.forClients(clientWires)) }
          : parseContext;
      const events: LimeEvent[] = known.map((raw) => parseLimeEvent(raw, context));
      let previous = sinceId;
      for (const event of events) {
        if (event.id <= previous) {
          throw new LimeProtocolError(`Lime's change feed is not ascending after ${sinceId}.`, operation);
        }
        previous = event.id;
      }
      if (page.lastId < previous) {
        throw new LimeProtocolError(
          `Lime's change feed reports lastId ${page.lastId} behind its events.`,
          operation,
        );
      }
      return { events, raw: known, lastId: page.lastId, hasMore: page.hasMore };
    },

    async parseEvents(raw) {
      const clientWires = lookupSubjects(raw);
      const context =
        clientWires.length > 0
          ? { ...parseContext, ...(await lookups.forClients(clientWires)) }
          : parseContext;
      return raw.map((item) => {
        try {
          return { event: parseLimeEvent(item, context) };
        } catch (error) {
          return { error: error instanceof Error ? error : new Error(String(error)) };
        }
      });
    },

    async subscribeWebhook({ url, secret }) {
      const key = contentIdempotencyKey('webhook', url, secret);
      return { id: await assumed.insertWebhook(ctx, { url, events: ['*'], secret }, key) };
    },
  };
}
