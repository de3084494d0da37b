import type { Database } from '@/db/client';
import { insertRestLog, type RestLogInput } from '@/db/queries/rest-log';
import type { RestLogSystem } from '@/db/schema-rest-log';
import { getLogger } from '@/lib/log/logger';
import { getMetrics } from '@/lib/metrics/registry';
import { redactBody, redactUrl } from './redact';

/**
 * The REST log's writer: transports report each exchange through `exchangeRecorder`, which only
 * counts it in the metrics and appends it, raw, to this process's buffer; the buffer is redacted and
 * written in one statement a second later (or as soon as it holds FLUSH_AT entries) and on
 * shutdown, off the calls' path. Logging never slows or fails a call: a failed write is logged and
 * its entries dropped, and entries still buffered when a process is killed are lost.
 */

const FLUSH_AT = 200;
const FLUSH_AFTER_MS = 1_000;
/** Beyond this (the database unreachable for long) the oldest entries are dropped. */
const MAX_BUFFERED = 2_000;

type Scope = { tenantId: string; system: RestLogSystem };

/** An exchange as reported, not yet redacted. */
type RawEntry = Scope &
  RestRequest & {
    status: number | null;
    durationMs: number;
    responseBody?: unknown;
    error?: unknown;
    at: Date;
  };

interface Pending {
  entries: RawEntry[];
  timer: NodeJS.Timeout | null;
  writing: Promise<void>;
}

const holder = globalThis as typeof globalThis & { __limeBridgeRestLog?: Map<Database, Pending> };

function pendingFor(database: Database): Pending {
  holder.__limeBridgeRestLog ??= new Map();
  let pending = holder.__limeBridgeRestLog.get(database);
  if (!pending) {
    pending = { entries: [], timer: null, writing: Promise.resolve() };
    holder.__limeBridgeRestLog.set(database, pending);
  }
  return pending;
}

function write(database: Database, pending: Pending): Promise<void> {
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  const entries = pending.entries.splice(0);
  if (entries.length === 0) return pending.writing;
  pending.writing = pending.writing.then(async () => {
    try {
      await insertRestLog(database.db, entries.flatMap(safeRow));
    } catch (error) {
      getLogger().warn({ err: error, dropped: entries.length }, 'REST log entries could not be written');
    }
  });
  return pending.writing;
}

/** A request as a transport sends it, body and URL raw (redacted here). */
export interface RestRequest {
  method: string;
  operation: string;
  url: string;
  requestBody?: unknown;
}

/** Told when the answer came (its status and body), or that none came (status null, the error). */
export type FinishExchange = (status: number | null, responseBody?: unknown, error?: unknown) => void;
/** Called as a request leaves; what it returns is called when the exchange ends. */
export type ExchangeRecorder = (request: RestRequest) => FinishExchange;

/** The REST log of one tenant's calls to one system, timed from the request's start. */
export function exchangeRecorder(database: Database, scope: Scope): ExchangeRecorder {
  return (request) => {
    const started = performance.now();
    return (status, responseBody, error) =>
      record(database, scope, {
        ...request,
        status,
        responseBody,
        error,
        durationMs: performance.now() - started,
      });
  };
}

function record(
  database: Database,
  scope: Scope,
  exchange: RestRequest & {
    status: number | null;
    durationMs: number;
    responseBody?: unknown;
    error?: unknown;
  },
): void {
  try {
    const metrics = getMetrics();
    metrics.externalRequests.inc({ target: scope.system, outcome: outcomeOf(exchange.status) });
    metrics.externalRequestSeconds.observe({ target: scope.system }, Math.max(0, exchange.durationMs) / 1000);
    const pending = pendingFor(database);
    pending.entries.push({ ...scope, ...exchange, at: new Date() });
    if (pending.entries.length > MAX_BUFFERED)
      pending.entries.splice(0, pending.entries.length - MAX_BUFFERED);
    if (pending.entries.length >= FLUSH_AT) void write(database, pending);
    else if (!pending.timer) {
      pending.timer = setTimeout(() => void write(database, pending), FLUSH_AFTER_MS);
      pending.timer.unref();
    }
  } catch (error) {
    getLogger().warn({ err: error }, 'REST log entry dropped');
  }
}

/** A body that cannot be serialised costs its own entry, not the batch. */
function safeRow(entry: RawEntry): RestLogInput[] {
  try {
    return [toRow(entry)];
  } catch (error) {
    getLogger().warn({ err: error }, 'REST log entry dropped');
    return [];
  }
}

function toRow(entry: RawEntry): RestLogInput {
  const { error } = entry;
  return {
    tenantId: entry.tenantId,
    system: entry.system,
    method: entry.method.toUpperCase(),
    operation: entry.operation.slice(0, 200),
    url: redactUrl(entry.url),
    status: entry.status,
    durationMs: Math.max(0, entry.durationMs),
    outcome: outcomeOf(entry.status),
    error:
      error === undefined || error === null
        ? null
        : redactBody(error instanceof Error ? error.message : String(error), 1000),
    requestBody: redactBody(entry.requestBody),
    responseBody: redactBody(entry.responseBody),
    at: entry.at,
  };
}

/** Writes what is buffered for this database now (shutdown, tests). Never throws. */
export async function flushRestLog(database: Database): Promise<void> {
  const pending = holder.__limeBridgeRestLog?.get(database);
  if (!pending) return;
  await write(database, pending);
  holder.__limeBridgeRestLog?.delete(database);
}

/** ok for a 2xx answer, error for any other, failed for none. */
export function outcomeOf(status: number | null): RestLogInput['outcome'] {
  if (status === null) return 'failed';
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

/** Runs one HTTP exchange and reports its answer, or its failure, to the REST log. */
export async function loggedExchange<T extends { status: number; text: string }>(
  finish: FinishExchange | undefined,
  exchange: () => Promise<T>,
): Promise<T> {
  let answer: T;
  try {
    answer = await exchange();
  } catch (error) {
    finish?.(null, undefined, error);
    throw error;
  }
  finish?.(answer.status, answer.text);
  return answer;
}

/** A fetch whose answer is read as text, reported to the REST log. */
export function loggedFetch(
  finish: FinishExchange | undefined,
  send: () => Promise<Response>,
): Promise<{ response: Response; status: number; text: string }> {
  return loggedExchange(finish, async () => {
    const response = await send();
    return { response, status: response.status, text: await response.text() };
  });
}
