import type { Actor } from './crm-store';
import type { EventDispatcher } from './event-dispatch';
import type { Faults, OperatingLedger } from './limits';
import type { PortalState } from './portal-state';
import { accessDenied, wrongAuthType } from './rest-error';
import type { JsonValue, PhpMap, SimUser } from './types';

/**
 * What a REST method handler gets and returns. A method belongs to a scope ('_global' needs
 * none; otherwise the token must carry one of `scopes`), runs synchronously against the
 * portal state, and returns `{result, next?, total?}` — CRestServer::processCall moves `next`
 * and `total` next to `result`.
 */

export interface AuthContext {
  /** 'oauth': an application's access token; 'webhook': an inbound webhook (/rest/{user}/{secret}/). */
  kind: 'oauth' | 'webhook';
  userId: number;
  scope: string[];
  /** The app's client_id for oauth calls. */
  clientId: string | null;
  /** auth_connector sent with the call ('' when none). */
  connectorId: string;
}

export interface MethodContext {
  state: PortalState;
  dispatcher: EventDispatcher;
  faults: Faults;
  ledger: OperatingLedger;
  /** Parameters without auth, access_token, auth_connector and start. */
  params: PhpMap;
  start: number;
  auth: AuthContext;
  user: SimUser;
  method: string;
}

export interface MethodOutput {
  result: JsonValue;
  next?: number;
  total?: number;
}

export interface MethodDef {
  /** '_global' or the scopes any of which grants the method. */
  scopes: string[];
  handle(ctx: MethodContext): MethodOutput;
}

export type MethodTable = Record<string, MethodDef>;

export function ok(result: JsonValue, paging: { next?: number; total?: number } = {}): MethodOutput {
  return { result, ...paging };
}

export function isAdmin(ctx: MethodContext): boolean {
  return ctx.user.admin;
}

export function actorOf(ctx: MethodContext): Actor {
  return { userId: ctx.user.id, clientId: ctx.auth.clientId, connectorId: ctx.auth.connectorId };
}

/**
 * The method by lower-case name as this portal has it: a module's methods exist only while the
 * module is installed (booking.* on a portal without "Онлайн-запись" is ERROR_METHOD_NOT_FOUND).
 */
export function findMethod(table: MethodTable, state: PortalState, name: string): MethodDef | undefined {
  if (name.startsWith('booking.') && !state.bookingModule) return undefined;
  return table[name];
}

/** `$server->getAuthType() !== Auth::AUTH_TYPE` → WRONG_AUTH_TYPE (403). */
export function requireAppContext(ctx: MethodContext, detail = ''): void {
  if (ctx.auth.kind !== 'oauth') throw wrongAuthType(detail);
}

export function requireAdmin(ctx: MethodContext, detail = ''): void {
  if (!isAdmin(ctx)) throw accessDenied(detail);
}
