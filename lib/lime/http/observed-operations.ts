import type { LimeConnection } from '../connection';
import { LimeRejectedError } from '../errors';
import type { LimeCaller } from './lime-caller';
import type { Page } from './paging';
import type { LimeHttpRequest } from './transport';
import {
  cardInfoSchema,
  cashdeskSchema,
  clientInfoListSchema,
  clientInfoSchema,
  dataPage,
  goodsAndCategoriesSchema,
  goodTypeSchema,
  insertedIdSchema,
  installationSchema,
  rightsSchema,
  type WireClient,
  type WireRight,
} from './wire-schemas';

/**
 * The observed endpoints (docs/lime-api.md): used exactly as the public integrators use them —
 * verbs, query vs body, `{filter, page}` and `{data}`, `null` or 204 for not found. They answer in
 * wire shapes; the gateway turns those into domain objects.
 */

export interface LimeOperationContext {
  caller: LimeCaller;
  connection: LimeConnection;
}

function post(operation: string, json: unknown, idempotencyKey?: string): LimeHttpRequest {
  return { operation, kind: 'observed', method: 'POST', path: `/api/${operation}`, json, idempotencyKey };
}

function get(operation: string, query: LimeHttpRequest['query']): LimeHttpRequest {
  return { operation, kind: 'observed', method: 'GET', path: `/api/${operation}`, query };
}

/** The lookups page: morphes/lime asks for 25. */
const LOOKUP_PAGE = { skip: 0, take: 25 };

export async function selectInstallations(ctx: LimeOperationContext) {
  const { caller, connection } = ctx;
  const body = { filter: { canWrite: false, id: connection.installationId }, page: LOOKUP_PAGE };
  return (await caller.call(post('Installations/Select', body), dataPage(installationSchema))).data;
}

export async function selectCashdesks(ctx: LimeOperationContext) {
  const { caller, connection } = ctx;
  const body = {
    filter: { id: connection.cashdeskId, installationId: connection.installationId },
    page: LOOKUP_PAGE,
  };
  return (await caller.call(post('Cashdesks/Select', body), dataPage(cashdeskSchema))).data;
}

export async function selectGoodTypes(ctx: LimeOperationContext, page: Page) {
  const body = { filter: { installationId: ctx.connection.installationId }, page };
  return (await ctx.caller.call(post('GoodTypes/Select', body), dataPage(goodTypeSchema))).data;
}

/** GET in one commit of morphes/lime, POST in another: GET first, POST when Lime says 405. */
export async function getGoodTypesAndCategories(ctx: LimeOperationContext) {
  const { caller, connection } = ctx;
  const operation = 'CashdeskServer/GetAllGoodTypesAndCategoriesForInstallation';
  const query = { cashdeskId: connection.cashdeskId, installationId: connection.installationId };
  const schema = goodsAndCategoriesSchema;
  try {
    return await caller.call(get(operation, query), schema);
  } catch (error) {
    if (!(error instanceof LimeRejectedError && error.status === 405)) throw error;
    return caller.call({ ...post(operation, undefined), query }, schema);
  }
}

/** `ClientManagement/Insert` → the new id. We send the key; Lime may ignore it, so only a 429 is retried. */
export async function insertClient(
  ctx: LimeOperationContext,
  body: { email: string | null; phoneNumber: string | null; displayName: string },
  idempotencyKey: string,
): Promise<number> {
  return ctx.caller.call(
    post('ClientManagement/Insert', body, idempotencyKey),
    insertedIdSchema,
    'refused-only',
  );
}

export async function getClientInfoByEmail(
  ctx: LimeOperationContext,
  email: string,
): Promise<WireClient | null> {
  const body = { email, installationId: ctx.connection.installationId };
  const list = await ctx.caller.call(
    post('ClientManagement/GetClientInfoByEmail', body),
    clientInfoListSchema,
  );
  return list?.find((entry) => entry.userData !== null)?.userData ?? null;
}

export async function getClientInfoByCardUid(
  ctx: LimeOperationContext,
  uid: string,
): Promise<WireClient | null> {
  const body = { uid, installationId: ctx.connection.installationId };
  const info = await ctx.caller.call(post('ClientManagement/GetClientInfoByCardUid', body), clientInfoSchema);
  return info?.userData ?? null;
}

/** `GetRights` of a client: null when Lime does not know the client. */
export async function getRights(ctx: LimeOperationContext, clientId: number): Promise<WireRight[] | null> {
  const body = { clientId, installationId: ctx.connection.installationId };
  const rights = await ctx.caller.call(post('ClientManagement/GetRights', body), rightsSchema);
  return rights?.map((entry) => entry.right) ?? null;
}

/** `GetCardInfo` (SuslovQA): the rights on a card, null when there is no such card. */
export async function getCardInfo(ctx: LimeOperationContext, uid: string): Promise<WireRight[] | null> {
  const query = { installationId: ctx.connection.installationId, uid, cardId: '' };
  const info = await ctx.caller.call(get('CashdeskServer/GetCardInfo', query), cardInfoSchema);
  if (info === null) return null;
  return (info.rights ?? []).map((entry) => entry.right);
}
