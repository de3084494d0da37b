import { changeKeyCase, entriesOf, isMap, isPhpArray, PhpArray, parseStr, truthy } from './php';
import { allowed, invoke } from './rest-call';
import type { MethodContext, MethodDef, MethodTable } from './rest-context';
import { findMethod, ok } from './rest-context';
import { RestError } from './rest-error';
import type { JsonObject, JsonValue, PhpMap, PhpValue } from './types';

/**
 * `batch` (CRestProvider::methodsBatch + CRestUtil::ParseBatchQuery): `cmd` is a list or map of
 * `method?query` strings (non-strings are skipped without a trace), run in order with the
 * caller's authorization; `halt` stops at the first error. Commands past the 50th are not run:
 * each gets ERROR_BATCH_LENGTH_EXCEEDED in `result_error`; a nested `batch` gets
 * ERROR_BATCH_METHOD_NOT_ALLOWED (rest 24.0.0). A sub-call outside the token's scopes fails with
 * `insufficient_scope` and an empty description. The answer is HTTP 200 whatever the commands
 * did: `{result, result_error, result_total, result_next, result_time}`, each a PHP array — a
 * list when keyed 0..n-1, so empty ones are `[]`. `$result[key][field]…` (also `$next`, `$total`,
 * `$time`, `$error`) inside a command is replaced by an earlier answer: a whole-value reference
 * by the value itself (arrays too), an embedded one only by a string.
 */

export const BATCH_MAX_LENGTH = 50;

type Results = Record<'result' | 'next' | 'total' | 'time' | 'error', Record<string, JsonValue>>;

function lookup(node: JsonValue | undefined, key: string): JsonValue | undefined {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
  if (node !== null && node !== undefined && typeof node === 'object') return node[key];
  return undefined;
}

function substitute(value: string, results: Results): PhpValue {
  let out: PhpValue = value;
  for (const match of value.matchAll(/\$(result|next|total|time|error)([^\s]*)/gi)) {
    const name = (match[1] ?? '') as keyof Results;
    let node: JsonValue | undefined = results[name] as JsonValue | undefined;
    for (const [, key = ''] of (match[2] ?? '').matchAll(/\[([^\]]+)\]/g)) {
      const next = lookup(node, key);
      if (next === undefined || next === null) break;
      node = next;
    }
    const found: JsonValue = node === undefined ? null : node;
    if (match[0] === value) return found;
    if (typeof found === 'string' && typeof out === 'string') out = out.replace(match[0], found);
  }
  return out;
}

function resolveRefs(value: PhpValue, results: Results): PhpValue {
  if (typeof value === 'string') return substitute(value, results);
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, results));
  if (isMap(value)) {
    const out: PhpMap = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveRefs(v, results);
    return out;
  }
  return value;
}

function runCommand(ctx: MethodContext, table: MethodTable, command: string, results: Results): JsonObject {
  const q = command.indexOf('?');
  const method = (q < 0 ? command : command.slice(0, q)).replace(/^\/+/, '').toLowerCase();
  const params = resolveRefs(parseStr(q < 0 ? '' : command.slice(q + 1)), results) as PhpMap;
  if (method === 'batch') {
    return {
      error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
      error_description: 'Method is not allowed for batch usage',
    };
  }
  const def = findMethod(table, ctx.state, method);
  if (!def) return { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' };
  try {
    const fault = ctx.faults.take(method);
    if (fault) throw fault;
    if (!allowed(def, ctx.auth)) return { error: 'insufficient_scope', error_description: '' };
    const answer = invoke(ctx, method, def, ctx.auth, params);
    const late = ctx.faults.take(method, true);
    if (late) throw late;
    return answer;
  } catch (error) {
    if (error instanceof RestError) return error.body();
    throw error;
  }
}

export function createBatchMethod(table: MethodTable): MethodDef {
  return {
    scopes: ['_global'],
    handle(ctx) {
      const q = changeKeyCase(ctx.params, true);
      const halt = truthy(q.HALT);
      const out = {
        result: new PhpArray(),
        error: new PhpArray(),
        total: new PhpArray(),
        next: new PhpArray(),
        time: new PhpArray(),
      };
      const seen: Results = { result: {}, next: {}, total: {}, time: {}, error: {} };
      if (isPhpArray(q.CMD)) {
        let count = 0;
        for (const [key, command] of entriesOf(q.CMD)) {
          let res: JsonObject;
          if (count++ < BATCH_MAX_LENGTH) {
            if (typeof command !== 'string') continue;
            res = runCommand(ctx, table, command, seen);
          } else
            res = { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' };
          // PHP `if ($res['error'] && $halt)`: an error with an empty code (CRM proxies) is
          // recorded but does not halt.
          const failed = truthy(res.error);
          if (res.error !== undefined) {
            out.error.set(key, res);
            seen.error[key] = res;
          } else {
            for (const part of ['result', 'next', 'total', 'time'] as const) {
              if (!(part in res)) continue;
              out[part].set(key, res[part] ?? null);
              seen[part][key] = res[part] ?? null;
            }
          }
          if (failed && halt) break;
        }
      }
      return ok({
        result: out.result.toJson(),
        result_error: out.error.toJson(),
        result_total: out.total.toJson(),
        result_next: out.next.toJson(),
        result_time: out.time.toJson(),
      });
    },
  };
}
