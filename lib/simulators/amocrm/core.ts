import type { SeededAccount } from './account-seed';
import type { CrmEvent, CrmStore } from './crm-store';
import type { Ids, Random } from './ids';
import { ApiError, apiProblem, invalid, type ValidationError } from './problems';
import type { JsonObject, JsonValue, Link, Note, Task, WebhookSubscription } from './types';

/**
 * The account as the API handlers see it, and the request context every handler gets. Kept
 * apart from the server so that the controls (changes "as a user") and the API (changes "as an
 * integration") go through the same code and fire the same webhooks.
 */

export interface AccountCore {
  accountId: number;
  subdomain: string;
  base: string;
  ids: Ids;
  random: Random;
  account: SeededAccount;
  crm: CrmStore;
  links: Link[];
  notes: Note[];
  tasks: Task[];
  webhooks: WebhookSubscription[];
  nowMs(): number;
  /** Webhooks for a set of changes made together (one request or one bulk control). */
  emit(events: CrmEvent[]): void;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when none was sent. */
  body: unknown;
  userId: number;
  isAdmin: boolean;
}

export interface ApiAnswer {
  status: number;
  body?: JsonValue;
}

export type Handler = (core: AccountCore, req: ApiRequest, params: string[]) => ApiAnswer;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export const nowSeconds = (core: AccountCore) => Math.floor(core.nowMs() / 1000);

/** Writes are arrays of at most 50 items (amoCRM refuses bigger batches with 400). */
export function batchItems(body: unknown, max = 50): Record<string, unknown>[] {
  if (!Array.isArray(body)) throw new ApiError(400, apiProblem(400, 'Request body must be an array'));
  if (body.length === 0) throw new ApiError(400, apiProblem(400, 'Request body is empty'));
  if (body.length > max) throw new ApiError(400, apiProblem(400, `Maximum ${max} entities in one request`));
  return body.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw invalid([
        {
          request_id: String(i),
          errors: [{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' }],
        },
      ]);
    return item as Record<string, unknown>;
  });
}

export function requestIdOf(item: Record<string, unknown>, index: number): string {
  return typeof item.request_id === 'string' ? item.request_id : String(index);
}

/** Collects per-item errors; `throwIfAny` rejects the whole batch, as amoCRM does. */
export class BatchErrors {
  readonly list: ValidationError[] = [];
  add(requestId: string, errors: ValidationError['errors']) {
    if (errors.length) this.list.push({ request_id: requestId, errors });
  }
  get any() {
    return this.list.length > 0;
  }
  throwIfAny() {
    if (this.any) throw invalid(this.list);
  }
}

export function selfLink(core: AccountCore, path: string): JsonObject {
  return { self: { href: `${core.base}${path}` } };
}

export function requireAdmin(req: ApiRequest) {
  if (!req.isAdmin)
    throw new ApiError(
      403,
      apiProblem(403, 'Access denied: the token belongs to a user who is not an administrator'),
    );
}
