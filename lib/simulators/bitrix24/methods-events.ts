import { changeKeyCase, intval, isMap, strval } from './php';
import { isAdmin, type MethodContext, type MethodTable, ok, requireAppContext } from './rest-context';
import { accessDenied, argumentError, argumentNull, coreError, RestError } from './rest-error';
import type { EventBinding, JsonObject } from './types';

/**
 * event.bind / event.unbind / event.get / events, as rest/lib/api/event.php implements them:
 * application context only (a webhook gets WRONG_AUTH_TYPE); offline bindings and another
 * user's auth_type need an admin (ACCESS_DENIED); an online binding needs an absolute http(s)
 * handler whose host has a dot (HandlerHelper::checkCallback: `localhost` and relative URLs are
 * ERROR_WRONG_HANDLER_URL); an offline binding ignores the handler; the event must belong to a
 * scope of the app (ERROR_EVENT_NOT_FOUND); ONOFFLINEEVENT cannot be offline and takes
 * `options.minTimeout`; binding the same thing twice is ERROR_CORE "Unable to set event handler:
 * Handler already binded" (EventTable::checkUniq) — not ERROR_HANDLER_ALREADY_EXIST, which
 * belongs to sale.* handlers. An auth_connector sent with event.bind gives an offline binding
 * its own queue.
 */

interface EventInfo {
  scope: string;
  disableOffline?: boolean;
  allowOptions?: Record<string, 'int'>;
}

const CRM_OBJECTS = ['CONTACT', 'DEAL', 'LEAD', 'COMPANY', 'PRODUCT', 'ACTIVITY', 'QUOTE', 'INVOICE'];

export const EVENTS: Record<string, EventInfo> = {
  ONAPPINSTALL: { scope: '_global' },
  ONAPPUNINSTALL: { scope: '_global' },
  ONAPPUPDATE: { scope: '_global' },
  ONAPPPAYMENT: { scope: '_global' },
  ONAPPTEST: { scope: '_global' },
  ONOFFLINEEVENT: { scope: '_global', disableOffline: true, allowOptions: { minTimeout: 'int' } },
  ONUSERADD: { scope: 'user' },
  ONCRMDEALMOVETOCATEGORY: { scope: 'crm' },
};
for (const object of CRM_OBJECTS) {
  for (const action of ['ADD', 'UPDATE', 'DELETE']) EVENTS[`ONCRM${object}${action}`] = { scope: 'crm' };
}

export function checkCallback(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (parsed.hostname === '' || parsed.hostname.indexOf('.') <= 0) {
    throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RestError(400, 'ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol');
  }
}

function eventType(value: string): 'online' | 'offline' {
  const type = value.toLowerCase();
  if (type === '') return 'online';
  if (type !== 'online' && type !== 'offline')
    throw argumentError('Value must be one of {online|offline}', 'EVENT_TYPE');
  return type;
}

function bind(ctx: MethodContext): boolean {
  requireAppContext(ctx);
  const q = changeKeyCase(ctx.params, true);
  const event = strval(q.EVENT).toUpperCase();
  let userId = intval(q.AUTH_TYPE);
  let handler = strval(q.HANDLER);
  const admin = isAdmin(ctx);
  if (userId > 0) {
    if (!admin && userId !== ctx.user.id) {
      throw accessDenied('Event binding with AUTH_TYPE requires administrator access rights');
    }
  } else if (!admin) userId = ctx.user.id;
  if (event === '') throw argumentNull('EVENT');
  const type = eventType(strval(q.EVENT_TYPE));
  if (type === 'offline') {
    if (!admin) throw accessDenied('Offline events binding requires administrator access rights');
    handler = '';
    userId = 0;
  } else if (handler === '') throw argumentNull('HANDLER');
  if (handler !== '') checkCallback(handler);
  const info = EVENTS[event];
  if (!info || (info.scope !== '_global' && !ctx.state.app.scope.includes(info.scope))) {
    throw new RestError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
  }
  if (handler === '' && info.disableOffline) {
    throw new RestError(400, 'ERROR_ARGUMENT', 'Offline event cannot be registered for this event.');
  }
  const options: EventBinding['options'] = {};
  if (isMap(q.OPTIONS) && info.allowOptions?.minTimeout && q.OPTIONS.minTimeout !== undefined) {
    options.minTimeout = intval(q.OPTIONS.minTimeout);
  }
  const connectorId = ctx.auth.connectorId;
  const duplicate = ctx.state.eventBindings.some(
    (b) =>
      b.owner === 'app' &&
      b.event === event &&
      b.handler === handler &&
      b.userId === userId &&
      b.connectorId === connectorId,
  );
  if (duplicate) throw coreError('Unable to set event handler: Handler already binded');
  ctx.state.eventBindings.push({
    id: ctx.state.bindingId(),
    owner: 'app',
    event,
    handler,
    userId,
    connectorId,
    offline: type === 'offline',
    options,
  });
  return true;
}

function unbind(ctx: MethodContext): { count: number } {
  requireAppContext(ctx);
  const q = changeKeyCase(ctx.params, true);
  const event = strval(q.EVENT).toUpperCase();
  let handler = strval(q.HANDLER);
  if (event === '') throw argumentNull('EVENT');
  const type = eventType(strval(q.EVENT_TYPE));
  const admin = isAdmin(ctx);
  if (type === 'offline') {
    if (!admin) throw accessDenied('Offline events unbinding requires administrator access rights');
    handler = '';
  } else if (handler === '') throw argumentNull('HANDLER');
  let userFilter: number | null = null;
  if (type === 'online') {
    if (q.AUTH_TYPE !== undefined) {
      if (!admin && intval(q.AUTH_TYPE) !== ctx.user.id) {
        throw accessDenied('Event unbinding with AUTH_TYPE requires administrator access rights');
      }
      userFilter = intval(q.AUTH_TYPE);
    } else if (!admin) userFilter = ctx.user.id;
  }
  const doomed = ctx.state.eventBindings.filter(
    (b) =>
      b.owner === 'app' &&
      b.event === event &&
      b.handler === handler &&
      (type === 'online' || b.connectorId === ctx.auth.connectorId) &&
      (userFilter === null || b.userId === userFilter),
  );
  for (const b of doomed) ctx.state.eventBindings.splice(ctx.state.eventBindings.indexOf(b), 1);
  return { count: doomed.length };
}

function list(ctx: MethodContext): JsonObject[] {
  requireAppContext(ctx);
  const admin = isAdmin(ctx);
  return ctx.state.eventBindings
    .filter((b) => b.owner === 'app' && (admin || b.userId === ctx.user.id))
    .map(
      (b): JsonObject =>
        b.offline
          ? { event: b.event, connector_id: b.connectorId, offline: 1 }
          : { event: b.event, handler: b.handler, auth_type: String(b.userId), offline: 0 },
    );
}

export const eventMethods: MethodTable = {
  'event.bind': { scopes: ['_global'], handle: (ctx) => ok(bind(ctx)) },
  'event.unbind': { scopes: ['_global'], handle: (ctx) => ok(unbind(ctx)) },
  'event.get': { scopes: ['_global'], handle: (ctx) => ok(list(ctx)) },
  events: {
    scopes: ['_global'],
    handle(ctx) {
      requireAppContext(ctx);
      const scopes = ['_global', ...ctx.state.app.scope];
      return ok(
        Object.entries(EVENTS)
          .filter(([, i]) => scopes.includes(i.scope))
          .map(([name]) => name),
      );
    },
  },
};
