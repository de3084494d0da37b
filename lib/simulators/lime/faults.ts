import { empty, limeError, type Reply } from './http-io';

/**
 * Injected misbehaviour: the next `times` requests whose path matches answer badly, before any
 * other processing (no effect on the park), except 'drop_after_commit', which processes the
 * request and then cuts the connection without an answer (a lost response: the write happened),
 * and 'hang_after_commit', which processes it and then holds the answer until the client goes (a
 * caller killed while waiting: the write happened, nobody learnt it).
 */

export type FaultKind =
  | 'server_error'
  | 'timeout'
  | 'malformed'
  | 'unauthorized'
  | 'rate_limited'
  | 'empty_204'
  | 'drop_after_commit'
  | 'hang_after_commit';

export interface FaultSpec {
  /** A path (compared case-insensitively, after `//` is collapsed) or a RegExp; absent: any request. */
  path?: string | RegExp;
  kind: FaultKind;
  /** Default 1. */
  times?: number;
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

export const RETRY_AFTER_SECONDS = 1;

export class Faults {
  private armed: ArmedFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('fault times must be a positive integer');
    this.armed.push({ spec, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault that hits this request (consuming one of its `times`), if any. */
  take(path: string): FaultKind | null {
    const fault = this.armed.find(({ spec }) => {
      if (spec.path === undefined) return true;
      if (typeof spec.path === 'string') return spec.path.toLowerCase() === path.toLowerCase();
      spec.path.lastIndex = 0;
      return spec.path.test(path);
    });
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed = this.armed.filter((f) => f !== fault);
    return fault.spec.kind;
  }
}

/** The reply of a fault that answers at all ('timeout' and the `*_after_commit` ones do not). */
export function faultReply(
  kind: Exclude<FaultKind, 'timeout' | 'drop_after_commit' | 'hang_after_commit'>,
): Reply {
  switch (kind) {
    case 'server_error':
      return empty(500);
    case 'malformed':
      return {
        status: 200,
        body: '{"data":[{"id":1,"name":"Би',
        contentType: 'application/json; charset=utf-8',
      };
    case 'unauthorized':
      return empty(401, { 'WWW-Authenticate': 'Bearer, LimeToken' });
    case 'rate_limited':
      return {
        ...limeError(429, 'rate_limited', 'Слишком много запросов'),
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    case 'empty_204':
      return empty(204);
  }
}
