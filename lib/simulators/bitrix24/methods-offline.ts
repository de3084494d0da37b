import { pageOf } from './crm-query';
import { OFFLINE_FILTER_FIELDS, OFFLINE_LIST_FIELDS, sanitizeFilter, sanitizeOrder } from './offline-queue';
import { changeKeyCase, entriesOf, intval, isPhpArray, strval } from './php';
import { type MethodContext, type MethodTable, ok, requireAdmin, requireAppContext } from './rest-context';
import { argumentError, argumentNull } from './rest-error';
import type { JsonObject, OfflineRecord } from './types';
import { isoInZone } from './wire-time';

/**
 * event.offline.get / .clear / .error / .list (rest/lib/api/event.php): application context and
 * an admin; the queue read is the one of the caller's auth_connector. get: `limit` (default 50,
 * must be positive), `clear` (default 1: the reserved rows are deleted right away), `process_id`
 * (re-read a reservation; with clear=1 that deletes all of it), `error` (1: rows flagged by
 * event.offline.error); `process_id` comes back only when the rows stay reserved. clear: by
 * process, optionally by `id` (positive integers) or `message_id` (32-char MESSAGE_IDs; the
 * argument name in that error is misspelt `messsage_id`, as on the portal). list: peek, 50 per
 * page, plain offsets.
 */

function row(record: OfflineRecord, zone: string, withState: boolean): JsonObject {
  const out: JsonObject = {
    ID: String(record.ID),
    TIMESTAMP_X: isoInZone(record.TIMESTAMP_X, zone),
    EVENT_NAME: record.EVENT_NAME,
    EVENT_DATA: record.EVENT_DATA,
    EVENT_ADDITIONAL: record.EVENT_ADDITIONAL,
    MESSAGE_ID: record.MESSAGE_ID,
  };
  if (withState) {
    out.PROCESS_ID = record.PROCESS_ID;
    out.ERROR = String(record.ERROR);
  }
  return out;
}

function guard(ctx: MethodContext): void {
  requireAppContext(ctx);
  requireAdmin(ctx);
}

function get(ctx: MethodContext) {
  guard(ctx);
  const q = changeKeyCase(ctx.params, false);
  const clear = q.clear === undefined ? 1 : intval(q.clear);
  const givenProcess = q.process_id === undefined ? null : strval(q.process_id).trim();
  const limit = q.limit === undefined ? 50 : intval(q.limit);
  const error: 0 | 1 = intval(q.error) === 1 ? 1 : 0;
  if (limit <= 0) throw argumentError('Value must be positive integer', 'LIMIT');
  const clauses = sanitizeFilter(q.filter, OFFLINE_FILTER_FIELDS);
  const order = sanitizeOrder(q.order, OFFLINE_FILTER_FIELDS, { TIMESTAMP_X: 'ASC' });
  const queue = ctx.state.offline;
  const connector = ctx.auth.connectorId;
  const processId = givenProcess ?? queue.mark(connector, error, clauses, order, limit);
  const rows = queue
    .sorted(
      queue.ofProcess(connector, processId, error).filter((r) => queue.matches(r, clauses)),
      order,
    )
    .slice(0, limit);
  const events = rows.map((r) => row(r, ctx.state.zone, false));
  if (clear && rows.length > 0) queue.clear(connector, processId);
  return { process_id: !clear || givenProcess !== null ? processId : null, events };
}

function clear(ctx: MethodContext): boolean {
  guard(ctx);
  const q = changeKeyCase(ctx.params, false);
  if (q.process_id === undefined) throw argumentNull('PROCESS_ID');
  const processId = strval(q.process_id).trim();
  const connector = ctx.auth.connectorId;
  if (q.message_id !== undefined) {
    if (!isPhpArray(q.message_id))
      throw argumentError('Value must be array of MESSAGE_ID values', 'message_id');
    const ids = entriesOf(q.message_id).map(([, v]) => strval(v).trim());
    if (ids.some((id) => id.length !== 32))
      throw argumentError('Value must be array of MESSAGE_ID values', 'messsage_id');
    ctx.state.offline.clear(connector, processId, undefined, ids);
    return true;
  }
  let ids: number[] | undefined;
  if (q.id !== undefined) {
    if (!isPhpArray(q.id)) throw argumentError('Value must be array of integers', 'id');
    ids = entriesOf(q.id).map(([, v]) => intval(v));
    if (ids.some((id) => id <= 0)) throw argumentError('Value must be array of integers', 'id');
  }
  ctx.state.offline.clear(connector, processId, ids);
  return true;
}

function markError(ctx: MethodContext): boolean {
  guard(ctx);
  const q = changeKeyCase(ctx.params, false);
  if (q.process_id === undefined) throw argumentNull('PROCESS_ID');
  if (!isPhpArray(q.message_id))
    throw argumentError('Value must be array of MESSAGE_ID values', 'message_id');
  const ids = entriesOf(q.message_id).map(([, v]) => strval(v));
  if (ids.length > 0) ctx.state.offline.markError(ctx.auth.connectorId, strval(q.process_id).trim(), ids);
  return true;
}

function list(ctx: MethodContext) {
  guard(ctx);
  const q = changeKeyCase(ctx.params, false);
  const clauses = sanitizeFilter(q.filter, OFFLINE_LIST_FIELDS);
  const order = sanitizeOrder(q.order, OFFLINE_LIST_FIELDS, { ID: 'ASC' });
  const queue = ctx.state.offline;
  const rows = queue.sorted(
    queue.records.filter((r) => r.CONNECTOR_ID === ctx.auth.connectorId && queue.matches(r, clauses)),
    order,
  );
  const page = pageOf(rows, ctx.start, 'item');
  return ok(
    page.rows.map((r) => row(r, ctx.state.zone, true)),
    { ...(page.next !== undefined ? { next: page.next } : {}), total: rows.length },
  );
}

export const offlineMethods: MethodTable = {
  'event.offline.get': { scopes: ['_global'], handle: (ctx) => ok(get(ctx)) },
  'event.offline.clear': { scopes: ['_global'], handle: (ctx) => ok(clear(ctx)) },
  'event.offline.error': { scopes: ['_global'], handle: (ctx) => ok(markError(ctx)) },
  'event.offline.list': { scopes: ['_global'], handle: list },
};
