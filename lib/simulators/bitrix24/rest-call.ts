import type { EventDispatcher } from './event-dispatch';
import type { Faults, LeakyBucket, OperatingLedger } from './limits';
import { intval, strval } from './php';
import type { PortalState } from './portal-state';
import { type AuthContext, findMethod, type MethodDef, type MethodTable } from './rest-context';
import {
  methodNotFound,
  noAuthFound,
  oauthError,
  operationTimeLimit,
  queryLimitExceeded,
  RestError,
} from './rest-error';
import type { JsonObject, PhpMap } from './types';
import { timeInfo } from './wire-time';

/**
 * One REST call, in CRestServer's order: the portal's leaky bucket first (a refused request
 * costs nothing), injected faults, then the method lookup — an unknown method is 404
 * ERROR_METHOD_NOT_FOUND even without credentials — then authentication (Bearer header,
 * `auth` or `access_token` parameter; an inbound webhook's path), scope, the method's operating
 * time, and the handler, inside one event "hit". The answer is `{result, next?, total?, time}`
 * or `{error, error_description, …}` with the exception's status.
 */

export interface RestEnv {
  state: PortalState;
  dispatcher: EventDispatcher;
  faults: Faults;
  ledger: OperatingLedger;
  bucket: LeakyBucket;
  methods: MethodTable;
}

export interface RawCall {
  method: string;
  params: PhpMap;
  bearer: string | null;
  webhook: { userId: number; secret: string } | null;
}

export interface CallOutcome {
  status: number;
  body: JsonObject;
}

const AUTH_KEYS = ['auth', 'access_token', 'auth_connector'];

export function authenticate(env: RestEnv, call: RawCall): AuthContext {
  const { state } = env;
  if (call.webhook) {
    const hook = state.webhooks.find(
      (w) => w.userId === call.webhook?.userId && w.secret === call.webhook.secret,
    );
    if (!hook) throw oauthError('INVALID_CREDENTIALS', 'Invalid request credentials');
    return { kind: 'webhook', userId: hook.userId, scope: hook.scope, clientId: null, connectorId: '' };
  }
  const param = (key: string) => (typeof call.params[key] === 'string' ? (call.params[key] as string) : null);
  const token = call.bearer ?? param('auth') ?? param('access_token');
  if (token === null || token === '') throw noAuthFound();
  const check = state.tokens.check(token);
  if (!check.ok) {
    throw check.error === 'expired_token'
      ? oauthError('expired_token', 'The access token provided has expired')
      : oauthError('invalid_token', 'The access token provided is invalid.');
  }
  const user = state.users.get(check.grant.userId);
  if (!user?.active) throw oauthError('authorization_error', 'Unable to authorize user');
  return {
    kind: 'oauth',
    userId: user.id,
    scope: [...state.app.scope],
    clientId: state.app.clientId,
    connectorId: strval(call.params.auth_connector),
  };
}

export function allowed(def: MethodDef, auth: AuthContext): boolean {
  return def.scopes.includes('_global') || def.scopes.some((s) => auth.scope.includes(s));
}

export type InvokeEnv = Pick<RestEnv, 'state' | 'dispatcher' | 'faults' | 'ledger'>;

/** Runs a found, authorized method; shared by top-level calls and batch commands. */
export function invoke(
  env: InvokeEnv,
  name: string,
  def: MethodDef,
  auth: AuthContext,
  raw: PhpMap,
): JsonObject {
  if (env.ledger.blocked(name)) throw operationTimeLimit();
  const params: PhpMap = { ...raw };
  for (const key of AUTH_KEYS) delete params[key];
  let start = 0;
  if (params.start !== undefined) {
    start = intval(params.start);
    delete params.start;
  }
  const startedAt = env.state.now();
  const t0 = performance.now();
  const output = def.handle({
    state: env.state,
    dispatcher: env.dispatcher,
    faults: env.faults,
    ledger: env.ledger,
    params,
    start,
    auth,
    user: env.state.user(auth.userId),
    method: name,
  });
  const seconds = (performance.now() - t0) / 1000;
  env.ledger.charge(name, seconds);
  const body: JsonObject = { result: output.result };
  if (output.next !== undefined) body.next = output.next;
  if (output.total !== undefined) body.total = output.total;
  body.time = { ...timeInfo(startedAt, seconds, seconds, env.state.zone, env.ledger.report(name)) };
  return body;
}

export function executeRest(env: RestEnv, call: RawCall): CallOutcome {
  try {
    if (!env.bucket.take()) throw queryLimitExceeded();
    const fault = env.faults.take(call.method);
    if (fault) throw fault;
    const def = findMethod(env.methods, env.state, call.method);
    if (!def) throw methodNotFound();
    const auth = authenticate(env, call);
    if (!allowed(def, auth)) {
      throw oauthError(
        'insufficient_scope',
        'The request requires higher privileges than provided by the access token',
      );
    }
    const { result } = env.dispatcher.hit(() => invoke(env, call.method, def, auth, call.params));
    const late = env.faults.take(call.method, true);
    if (late) throw late;
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof RestError) return { status: error.status, body: error.body() };
    console.error('[b24-sim] method failed', call.method, error);
    return {
      status: 500,
      body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
    };
  }
}
