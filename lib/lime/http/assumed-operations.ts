import { z } from 'zod';
import { LimeNotFoundError, LimeRejectedError } from '../errors';
import type { LimeOperationContext } from './observed-operations';
import type { Page } from './paging';
import type { LimeHttpRequest } from './transport';
import {
  bonusAccrualSchema,
  clientCategorySchema,
  clientSchema,
  dataPage,
  eventsPageSchema,
  preorderSchema,
  relationTypeSchema,
  transactionSchema,
  type WireBonusAccrual,
  type WireClient,
  type WirePreorder,
  webhookInsertedSchema,
} from './wire-schemas';

/**
 * Every ASSUMED operation of docs/lime-api.md, and only here: client read/update/search, categories
 * and relation types, transactions, the change feed, pre-orders, bonus accruals and webhooks. None
 * of them was seen in public code; each is an assumption to confirm with Lime. Conventions follow
 * the observed calls (`{filter, page}` and `{data}`, integer ids, offset-less times, kopecks); §5's
 * semantics add `Idempotency-Key` on every write, error codes (409/422 → LimeRejectedError) and a
 * 404 with an empty body meaning the installation lacks the operation (LimeCapabilityMissingError).
 */

function assumed(operation: string, json: unknown, idempotencyKey?: string): LimeHttpRequest {
  return { operation, kind: 'assumed', method: 'POST', path: `/api/${operation}`, json, idempotencyKey };
}

/** A read of one entity: a 404 `not_found` (like null and 204) means there is none. */
async function orNull<T>(read: Promise<T | null>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof LimeNotFoundError) return null;
    throw error;
  }
}

// --- Clients ---

export function getClient(ctx: LimeOperationContext, clientId: number): Promise<WireClient | null> {
  const body = { clientId, installationId: ctx.connection.installationId };
  return orNull(ctx.caller.call(assumed('ClientManagement/GetClient', body), clientSchema.nullable()));
}

export interface ClientFilter {
  phoneNumber?: string;
  /** Offset-less, in the venue's zone. */
  updatedSince?: string;
}

export async function selectClients(ctx: LimeOperationContext, filter: ClientFilter, page: Page) {
  const body = { filter: { installationId: ctx.connection.installationId, ...filter }, page };
  return (await ctx.caller.call(assumed('ClientManagement/Select', body), dataPage(clientSchema))).data;
}

export interface ClientUpdateBody {
  clientId: number;
  version?: number;
  firstName?: string;
  lastName?: string;
  middleName?: string | null;
  phoneNumber?: string | null;
  email?: string | null;
  birthDate?: string | null;
}

/** 409 `version_conflict` when `version` is stale; 404 `not_found` → LimeNotFoundError. */
export function updateClient(ctx: LimeOperationContext, body: ClientUpdateBody, idempotencyKey: string) {
  const json = { installationId: ctx.connection.installationId, ...body };
  return ctx.caller.call(
    assumed('ClientManagement/Update', json, idempotencyKey),
    clientSchema,
    'keyed-write',
  );
}

export async function selectClientCategories(ctx: LimeOperationContext, page: Page) {
  const body = { filter: {}, page };
  return (await ctx.caller.call(assumed('ClientCategories/Select', body), dataPage(clientCategorySchema)))
    .data;
}

export async function selectRelationTypes(ctx: LimeOperationContext, page: Page) {
  const body = { filter: {}, page };
  return (await ctx.caller.call(assumed('RelationTypes/Select', body), dataPage(relationTypeSchema))).data;
}

// --- Transactions ---

export interface TransactionFilter {
  clientId?: number;
  /** Offset-less, in the venue's zone. */
  fromTime?: string;
}

/** Newest first. */
export async function selectTransactions(ctx: LimeOperationContext, filter: TransactionFilter, page: Page) {
  const body = { filter: { installationId: ctx.connection.installationId, ...filter }, page };
  return (await ctx.caller.call(assumed('Transactions/Select', body), dataPage(transactionSchema))).data;
}

// --- Pre-orders ---

export interface PreorderItemBody {
  goodTypeId: number;
  count: number;
  /** Kopecks; absent: the good's list price. */
  price?: number;
}

export interface PreorderInsertBody {
  clientId: number | null;
  eventTime: string;
  comment: string | null;
  items: PreorderItemBody[];
  externalRef: { system: string; entityType: string; id: string } | null;
}

export function insertPreorder(ctx: LimeOperationContext, body: PreorderInsertBody, idempotencyKey: string) {
  const json = { installationId: ctx.connection.installationId, ...body };
  return ctx.caller.call(assumed('Preorders/Insert', json, idempotencyKey), preorderSchema, 'keyed-write');
}

/** Absent fields keep their values; `status` is only ever `confirmed` from an integration. */
export type PreorderUpdateBody = { id: number } & (
  | { eventTime: string; comment: string | null; items: PreorderItemBody[] }
  | { status: 'confirmed' }
);

/** 409 `preorder_not_editable` once paid, completed or cancelled. */
export function updatePreorder(ctx: LimeOperationContext, body: PreorderUpdateBody, idempotencyKey: string) {
  return ctx.caller.call(assumed('Preorders/Update', body, idempotencyKey), preorderSchema, 'keyed-write');
}

export function cancelPreorder(ctx: LimeOperationContext, id: number, idempotencyKey: string) {
  return ctx.caller.call(assumed('Preorders/Cancel', { id }, idempotencyKey), preorderSchema, 'keyed-write');
}

export function getPreorder(ctx: LimeOperationContext, id: number): Promise<WirePreorder | null> {
  return orNull(ctx.caller.call(assumed('Preorders/Get', { id }), preorderSchema.nullable()));
}

export async function selectPreorders(
  ctx: LimeOperationContext,
  filter: { updatedSince?: string },
  page: Page,
) {
  const body = { filter: { installationId: ctx.connection.installationId, ...filter }, page };
  return (await ctx.caller.call(assumed('Preorders/Select', body), dataPage(preorderSchema))).data;
}

// --- Bonus accruals ---

export interface BonusAccrualBody {
  clientId: number;
  amount: number;
  reason: string;
  relatedClientId?: number | null;
  comment?: string | null;
  expiresAt?: string | null;
}

/** `replayed`: Lime answered with `Idempotent-Replayed: true` (the same key was used before). */
export async function insertBonusAccrual(
  ctx: LimeOperationContext,
  body: BonusAccrualBody,
  idempotencyKey: string,
): Promise<{ accrual: WireBonusAccrual; replayed: boolean }> {
  const json = { installationId: ctx.connection.installationId, ...body };
  const { value, headers } = await ctx.caller.callWithHeaders(
    assumed('BonusAccruals/Insert', json, idempotencyKey),
    bonusAccrualSchema,
    'keyed-write',
  );
  return { accrual: value, replayed: headers.get('idempotent-replayed')?.trim().toLowerCase() === 'true' };
}

// --- Change feed and webhooks ---

/** `sinceId` is exclusive; events ascend by id. The events stay raw JSON for `parseLimeEvent`. */
export function selectEvents(ctx: LimeOperationContext, sinceId: number, take: number) {
  const body = {
    filter: { installationId: ctx.connection.installationId, sinceId },
    page: { skip: 0, take },
  };
  return ctx.caller.call(assumed('Events/Select', body), eventsPageSchema);
}

export async function insertWebhook(
  ctx: LimeOperationContext,
  body: { url: string; events: string[]; secret: string },
  idempotencyKey: string,
): Promise<number> {
  const inserted = await ctx.caller.call(
    assumed('Webhooks/Insert', body, idempotencyKey),
    webhookInsertedSchema,
    'keyed-write',
  );
  return inserted.id;
}

// --- Capability probes (test connection) ---

/** The cheapest read of the change feed: true when Lime answers it. */
export async function probeChangeFeed(ctx: LimeOperationContext): Promise<void> {
  await selectEvents(ctx, 0, 1);
}

export async function probePreorders(ctx: LimeOperationContext): Promise<void> {
  await selectPreorders(ctx, {}, { skip: 0, take: 1 });
}

/**
 * Bonus accruals and webhooks have no read to probe with, so the probe is a write Lime must refuse:
 * a body without the required fields. A refusal (400/409/422: LimeRejectedError) proves the
 * operation exists; a 404 with an empty body that it does not. Nothing can be credited or subscribed by an empty body.
 */
async function probeByInvalidWrite(
  ctx: LimeOperationContext,
  operation: string,
  body: unknown,
): Promise<void> {
  try {
    await ctx.caller.call(
      assumed(operation, body, `capability-probe:${operation}`),
      z.unknown(),
      'refused-only',
    );
  } catch (error) {
    if (error instanceof LimeRejectedError) return;
    throw error;
  }
}

export function probeBonusAccruals(ctx: LimeOperationContext): Promise<void> {
  return probeByInvalidWrite(ctx, 'BonusAccruals/Insert', { installationId: ctx.connection.installationId });
}

export function probeWebhooks(ctx: LimeOperationContext): Promise<void> {
  return probeByInvalidWrite(ctx, 'Webhooks/Insert', {});
}
