import { AjaxError, type TypeB24 } from '@bitrix24/b24jssdk';
import qs from 'qs';
import type { Database } from '@/db/client';
import { UrlGuardError } from '@/lib/http/url-guard';
import { getMetrics } from '@/lib/metrics/registry';
import { block } from '@/lib/queue/rate-limiter';
import { tenantBucketKey } from '@/lib/queue/rate-limits';
import { Bitrix24ApiError, Bitrix24RateLimitedError, Bitrix24ReinstallRequiredError } from './errors';

/**
 * The REST surface the adapter uses, over either SDK client (B24OAuth for Market installs, B24Hook
 * for webhook mode). One call is one HTTP request; `batch` sends up to 50 commands as one request
 * (settings/how-to-call-rest-api/batch.md) and hands back per-command results and errors.
 *
 * A 503 QUERY_LIMIT_EXCEEDED means the portal refused the request before running it (another
 * client on our IP drained the portal's bucket), so it is safe to send again: the tenant's bucket
 * is emptied for a moment (every process then waits) and the call is repeated, a few times with
 * growing pauses; after that the job fails and retries with its own back-off. A 429
 * OPERATION_TIME_LIMIT blocks the bucket until the portal's `operating_reset_at`.
 */

export const BATCH_LIMIT = 50;
const RATE_LIMIT_ATTEMPTS = 6;
const FIRST_PAUSE_MS = 1_000;

export type RestParams = Record<string, unknown>;
export type BatchCommands = Record<string, [method: string, params?: RestParams]>;

export interface BatchOutcome<T = unknown> {
  results: Record<string, T>;
  errors: Record<string, { error: string; error_description: string }>;
}

export interface Bitrix24Rest {
  call<T = unknown>(method: string, params?: RestParams): Promise<T>;
  batch<T = unknown>(commands: BatchCommands, options?: { halt?: boolean }): Promise<BatchOutcome<T>>;
}

/** Any number of commands, sent 50 to a batch; results and errors merged by key. */
export async function batchAll<T = unknown>(
  rest: Bitrix24Rest,
  commands: BatchCommands,
): Promise<BatchOutcome<T>> {
  const entries = Object.entries(commands);
  const merged: BatchOutcome<T> = { results: {}, errors: {} };
  for (let start = 0; start < entries.length; start += BATCH_LIMIT) {
    const outcome = await rest.batch<T>(Object.fromEntries(entries.slice(start, start + BATCH_LIMIT)));
    Object.assign(merged.results, outcome.results);
    Object.assign(merged.errors, outcome.errors);
  }
  return merged;
}

/** Throws the first per-command error of a batch that must succeed entirely. */
export function assertBatchOk(outcome: BatchOutcome<unknown>, what: string): void {
  const [first] = Object.entries(outcome.errors);
  if (first) {
    const [key, error] = first;
    throw new Bitrix24ApiError(`${what} (${key})`, 400, String(error.error), error.error_description ?? '');
  }
}

export interface RestOptions {
  database: Database;
  tenantId: string;
  /** Told when the portal refuses our refresh token for good. */
  onReinstallRequired?: (error: Bitrix24ReinstallRequiredError) => Promise<void>;
}

function unwrap(error: unknown): unknown {
  if (error instanceof AjaxError) {
    const original = (error as AjaxError & { originalError?: unknown }).originalError;
    if (original instanceof Bitrix24ReinstallRequiredError || original instanceof UrlGuardError)
      return original;
  }
  return error;
}

/** The portal's answer body behind an HTTP error, as the SDK received it. */
function answerOf(
  error: AjaxError,
): { error?: unknown; error_description?: unknown; time?: unknown } | undefined {
  return (error as AjaxError & { originalError?: { response?: { data?: unknown } } }).originalError?.response
    ?.data as { error?: unknown; error_description?: unknown; time?: unknown } | undefined;
}

/**
 * The error as Bitrix24 said it. The SDK keeps only string codes: for a numeric `error` (booking
 * and catalog methods: 422, 1021, 200040300010) it reports axios' ERR_BAD_REQUEST, so that one is
 * read from the body.
 */
function apiErrorOf(method: string, error: AjaxError): Bitrix24ApiError {
  const answer = answerOf(error);
  if (typeof answer?.error === 'number') {
    const text = typeof answer.error_description === 'string' ? answer.error_description : error.message;
    return new Bitrix24ApiError(method, error.status, String(answer.error), text);
  }
  return new Bitrix24ApiError(method, error.status, String(error.code), error.message);
}

function operatingResetAt(error: AjaxError): Date {
  const reset = (answerOf(error)?.time as { operating_reset_at?: unknown } | undefined)?.operating_reset_at;
  return new Date(typeof reset === 'number' ? reset * 1000 : Date.now() + 60_000);
}

export function createRest(b24: TypeB24, options: RestOptions): Bitrix24Rest {
  const errors = getMetrics().crmErrors;
  const bucket = tenantBucketKey('bitrix24', options.tenantId);

  async function once<T>(method: string, params: RestParams): Promise<T> {
    const result = await b24.actions.v2.call.make<T>({ method, params });
    if (!result.isSuccess) {
      const [first] = result.getErrors();
      if (first instanceof AjaxError) throw apiErrorOf(method, first);
      throw new Bitrix24ApiError(method, 400, 'ERROR', first?.message ?? '');
    }
    return result.getData()?.result as T;
  }

  async function call<T>(method: string, params: RestParams = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once<T>(method, params);
      } catch (raw) {
        const error = unwrap(raw);
        if (error instanceof Bitrix24ReinstallRequiredError) {
          errors.inc({ target: 'bitrix24', code: 'invalid_grant' });
          await options.onReinstallRequired?.(error);
          throw error;
        }
        if (error instanceof Bitrix24ApiError) {
          errors.inc({ target: 'bitrix24', code: error.bitrixCode || String(error.status) });
          throw error;
        }
        if (!(error instanceof AjaxError)) throw error;
        errors.inc({ target: 'bitrix24', code: String(error.code) });
        if (error.status === 503 || error.code === 'QUERY_LIMIT_EXCEEDED') {
          const pause = FIRST_PAUSE_MS * 2 ** (attempt - 1);
          const until = new Date(Date.now() + pause);
          await block(options.database, { key: bucket, until });
          if (attempt < RATE_LIMIT_ATTEMPTS) continue;
          throw new Bitrix24RateLimitedError(method, until);
        }
        if (error.status === 429 || error.code === 'OPERATION_TIME_LIMIT') {
          const until = operatingResetAt(error);
          await block(options.database, { key: bucket, until });
          throw new Bitrix24RateLimitedError(method, until);
        }
        throw apiErrorOf(method, error);
      }
    }
  }

  async function batch<T>(commands: BatchCommands, batchOptions: { halt?: boolean } = {}) {
    const keys = Object.keys(commands);
    if (keys.length > BATCH_LIMIT) throw new Error(`A Bitrix24 batch takes at most ${BATCH_LIMIT} commands`);
    const cmd: Record<string, string> = {};
    for (const key of keys) {
      const [method, params = {}] = commands[key] as [string, RestParams?];
      const query = qs.stringify(params, { encodeValuesOnly: false });
      cmd[key] = query ? `${method}?${query}` : method;
    }
    const answer = await call<{
      result: Record<string, T> | T[];
      result_error: Record<string, { error: string; error_description: string }> | unknown[];
    }>('batch', { halt: batchOptions.halt ? 1 : 0, cmd });
    // Empty containers come back as [] rather than {} (reference "Sharpened…").
    const results = Array.isArray(answer.result) ? {} : answer.result;
    const failed = Array.isArray(answer.result_error) ? {} : answer.result_error;
    for (const failure of Object.values(failed))
      errors.inc({ target: 'bitrix24', code: String(failure.error || 'batch_item') });
    return { results, errors: failed };
  }

  return { call, batch };
}
