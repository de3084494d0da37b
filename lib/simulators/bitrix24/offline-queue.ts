import { createHash } from 'node:crypto';
import type { IdSource } from './ids';
import { changeKeyCase, entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { argumentError, RestError } from './rest-error';
import type { JsonValue, OfflineRecord, PhpMap, PhpValue } from './types';
import { parseDateTimeInput } from './wire-time';

/**
 * b_rest_event_offline, as rest/lib/eventoffline.php and rest/lib/api/event.php run it:
 * - MESSAGE_ID = md5(EVENT_NAME + '|' + json(EVENT_DATA)); a new change merges into the row with
 *   the same MESSAGE_ID and connector that no reader holds (PROCESS_ID ''), refreshing its
 *   TIMESTAMP_X and data — one row per object and event name; a row reserved by a reader is
 *   left alone and the change becomes a new row, so clearing a reservation never loses it.
 * - get: reserves up to `limit` free rows under a fresh 32-char process id (parallel readers
 *   therefore never share rows), returns them, and with clear=1 deletes every row of that process.
 * - error: marks rows of the caller's process as ERROR=1 (back in the queue, returned only with
 *   error=1) and drops other live rows with the same MESSAGE_ID.
 * Each connector (auth_connector) is a separate queue.
 */

export const OFFLINE_FILTER_FIELDS = ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'MESSAGE_ID'];
export const OFFLINE_LIST_FIELDS = [...OFFLINE_FILTER_FIELDS, 'PROCESS_ID', 'ERROR'];
const OPERATIONS = ['', '=', '>', '<', '>=', '<=', '@', '%'];

export interface OfflineClause {
  op: string;
  field: string;
  value: PhpValue;
}

/** IRestService::sanitizeFilter with the event module's fields. */
export function sanitizeFilter(filter: PhpValue | undefined, allowed: readonly string[]): OfflineClause[] {
  if (filter === undefined) return [];
  if (!isPhpArray(filter)) throw new RestError(400, 'ERROR_ARGUMENT', 'The filter is not an array.');
  const clauses: OfflineClause[] = [];
  for (const [key, value] of Object.entries(changeKeyCase(isMap(filter) ? filter : {}, true))) {
    const m = /^([^a-zA-Z]*)(.*)$/.exec(key);
    const op = m?.[1] ?? '';
    const field = m?.[2] ?? '';
    if (!OPERATIONS.includes(op))
      throw new RestError(400, 'ERROR_ARGUMENT', `Filter operation not allowed: ${op}`);
    if (!allowed.includes(field))
      throw new RestError(400, 'ERROR_ARGUMENT', `Filter field not allowed: ${field}`);
    clauses.push({ op, field, value });
  }
  return clauses;
}

/** IRestService::sanitizeOrder. */
export function sanitizeOrder(
  order: PhpValue | undefined,
  allowed: readonly string[],
  fallback: PhpMap,
): [string, 1 | -1][] {
  const source = order === undefined ? fallback : order;
  if (!isPhpArray(source)) throw new RestError(400, 'ERROR_ARGUMENT', 'The order is not an array.');
  const out: [string, 1 | -1][] = [];
  for (const [key, dir] of entriesOf(source)) {
    const numeric = /^\d+$/.test(key);
    const field = numeric ? strval(dir).toUpperCase() : key.toUpperCase();
    if (!allowed.includes(field))
      throw new RestError(400, 'ERROR_ARGUMENT', `Order field not allowed: ${field}`);
    if (!numeric && !['ASC', 'DESC'].includes(strval(dir).toUpperCase())) {
      throw new RestError(400, 'ERROR_ARGUMENT', 'Order direction should be one of {ASC|DESC}');
    }
    out.push([field, numeric || strval(dir).toUpperCase() === 'ASC' ? 1 : -1]);
  }
  return out;
}

function columnOf(record: OfflineRecord, field: string): string | number {
  switch (field) {
    case 'ID':
      return record.ID;
    case 'ERROR':
      return record.ERROR;
    case 'TIMESTAMP_X':
      return record.TIMESTAMP_X.getTime();
    default:
      return String(record[field as 'EVENT_NAME' | 'MESSAGE_ID' | 'PROCESS_ID']);
  }
}

export class OfflineQueue {
  readonly records: OfflineRecord[] = [];
  private nextId = 1;

  constructor(
    private readonly ids: IdSource,
    private readonly now: () => Date,
    private readonly zone: string,
  ) {}

  static messageId(eventName: string, data: JsonValue): string {
    return createHash('md5')
      .update(`${eventName}|${JSON.stringify(data)}`)
      .digest('hex');
  }

  /** EventOfflineTable::callEvent (merge on MESSAGE_ID + connector among free rows). */
  callEvent(eventName: string, data: JsonValue, additional: JsonValue, connectorId: string): OfflineRecord {
    const messageId = OfflineQueue.messageId(eventName, data);
    const now = this.now();
    const free = this.records.find(
      (r) => r.MESSAGE_ID === messageId && r.CONNECTOR_ID === connectorId && r.PROCESS_ID === '',
    );
    if (free) {
      free.TIMESTAMP_X = now;
      free.EVENT_DATA = data;
      free.EVENT_ADDITIONAL = additional;
      return free;
    }
    const record: OfflineRecord = {
      ID: this.nextId++,
      TIMESTAMP_X: now,
      MESSAGE_ID: messageId,
      EVENT_NAME: eventName,
      EVENT_DATA: data,
      EVENT_ADDITIONAL: additional,
      PROCESS_ID: '',
      CONNECTOR_ID: connectorId,
      ERROR: 0,
    };
    this.records.push(record);
    return record;
  }

  matches(record: OfflineRecord, clauses: readonly OfflineClause[]): boolean {
    return clauses.every(({ op, field, value }) => {
      const column = columnOf(record, field);
      const wanted = (v: PhpValue): string | number => {
        if (field === 'TIMESTAMP_X') return parseDateTimeInput(strval(v), this.zone)?.getTime() ?? Number.NaN;
        if (typeof column === 'number') return intval(v);
        return strval(v).toLowerCase();
      };
      const have = typeof column === 'string' ? column.toLowerCase() : column;
      if (op === '@') return isPhpArray(value) && entriesOf(value).some(([, v]) => wanted(v) === have);
      if (op === '%') return String(have).includes(String(wanted(value)));
      const w = wanted(value);
      if (op === '' || op === '=') return have === w;
      if (op === '>') return have > w;
      if (op === '>=') return have >= w;
      if (op === '<') return have < w;
      return have <= w;
    });
  }

  sorted(records: OfflineRecord[], order: readonly [string, 1 | -1][]): OfflineRecord[] {
    return [...records].sort((a, b) => {
      for (const [field, dir] of order) {
        const x = columnOf(a, field);
        const y = columnOf(b, field);
        if (x < y) return -dir;
        if (x > y) return dir;
      }
      return a.ID - b.ID;
    });
  }

  /** EventOfflineTable::markEvents: reserve up to `limit` free rows, return the process id. */
  mark(
    connectorId: string,
    error: 0 | 1,
    clauses: OfflineClause[],
    order: [string, 1 | -1][],
    limit: number,
  ): string {
    for (const { op, value } of clauses) {
      if (isPhpArray(value))
        throw argumentError(`The value of an argument '${op}' has an invalid type`, 'FILTER');
    }
    const processId = this.ids.alnum(32);
    const free = this.records.filter(
      (r) =>
        r.CONNECTOR_ID === connectorId &&
        r.ERROR === error &&
        r.PROCESS_ID === '' &&
        this.matches(r, clauses),
    );
    for (const record of this.sorted(free, order).slice(0, limit)) record.PROCESS_ID = processId;
    return processId;
  }

  ofProcess(connectorId: string, processId: string, error: 0 | 1): OfflineRecord[] {
    return this.records.filter(
      (r) => r.CONNECTOR_ID === connectorId && r.PROCESS_ID === processId && r.ERROR === error,
    );
  }

  /** clearEvents / clearEventsByMessageId: delete rows of the process (optionally only some). */
  clear(connectorId: string, processId: string, ids?: number[], messageIds?: string[]): number {
    const doomed = this.records.filter(
      (r) =>
        r.PROCESS_ID === processId &&
        r.CONNECTOR_ID === connectorId &&
        (ids === undefined || ids.includes(r.ID)) &&
        (messageIds === undefined || messageIds.includes(r.MESSAGE_ID)),
    );
    for (const record of doomed) this.records.splice(this.records.indexOf(record), 1);
    return doomed.length;
  }

  /** EventOfflineTable::markError. */
  markError(connectorId: string, processId: string, messageIds: string[]): void {
    const hit = this.records.filter(
      (r) => r.CONNECTOR_ID === connectorId && messageIds.includes(r.MESSAGE_ID) && r.ERROR === 0,
    );
    for (const record of hit) {
      if (record.PROCESS_ID === processId) {
        record.ERROR = 1;
        record.PROCESS_ID = '';
      } else this.records.splice(this.records.indexOf(record), 1);
    }
  }
}
