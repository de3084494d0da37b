import type { BizprocKind, BizprocRegistration } from './bizproc-store';
import { checkCallback } from './methods-events';
import { changeKeyCase, entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { type MethodContext, type MethodTable, ok, requireAdmin } from './rest-context';
import { accessDenied, RestError } from './rest-error';
import type { JsonObject, PhpMap, PhpValue } from './types';

/**
 * bizproc.robot.add / .update / .list / .delete and bizproc.activity.* (the same methods for
 * workflow actions), bizproc.event.send and bizproc.activity.log, as the docs describe them
 * (api-reference/bizproc/bizproc-robot/*.md, bizproc-activity/*.md):
 * - registration needs the application context — an inbound webhook gets 403 ACCESS_DENIED
 *   "Application context required" — and an administrator ("Access denied!");
 * - CODE of `a-z A-Z 0-9 . - _`; HANDLER an absolute http(s) URL (checkCallback) on the app's own
 *   host (the host of its registered URLs), else ERROR_WRONG_HANDLER_URL; NAME required; property
 *   keys start with a letter, each property needs a Name; FILTER's INCLUDE / EXCLUDE are arrays;
 *   DOCUMENT_TYPE three strings. Errors 400 ERROR_ACTIVITY_VALIDATION_FAILURE with the docs' words;
 * - a code already taken by the app (robots and actions share one table) is
 *   ERROR_ACTIVITY_ALREADY_INSTALLED; an unknown code on update/delete ERROR_ACTIVITY_NOT_FOUND;
 * - .list answers the codes of the app's robots (or actions);
 * - bizproc.event.send (any user) and bizproc.activity.log (an administrator) take the EVENT_TOKEN
 *   the handler received: a token the portal did not sign, or one whose action no longer waits
 *   (answered already, or not subscribing), is 403 ACCESS_DENIED; RETURN_VALUES keep only the
 *   keys of RETURN_PROPERTIES; LOG_MESSAGE defaults to "Received response from the application.".
 */

const CODE = /^[a-z0-9.\-_]+$/i;
const PROPERTY_KEY = /^[a-z][a-z0-9_]*$/i;

const invalid = (message: string) => new RestError(400, 'ERROR_ACTIVITY_VALIDATION_FAILURE', message);

function appContext(ctx: MethodContext): void {
  if (ctx.auth.kind !== 'oauth') throw accessDenied('Application context required');
}

function checkCode(value: PhpValue | undefined): string {
  const code = strval(value);
  if (code === '') throw invalid('Empty activity code!');
  if (!CODE.test(code)) throw invalid('Wrong activity code!');
  return code;
}

/** The handler must live on the app's own host, as its registered URLs do. */
function checkHandler(ctx: MethodContext, handler: string): void {
  checkCallback(handler);
  const { appUrl, installUrl, installEventUrl } = ctx.state.app;
  const hosts = [appUrl, installUrl, installEventUrl].flatMap((url) => (url ? [new URL(url).hostname] : []));
  if (hosts.length > 0 && !hosts.includes(new URL(handler).hostname)) {
    throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
}

function checkProperties(value: PhpValue | undefined): PhpMap {
  if (value === undefined || value === null || value === '') return {};
  if (!isPhpArray(value)) throw invalid('Wrong properties array!');
  const out: PhpMap = {};
  for (const [key, property] of entriesOf(value)) {
    if (!PROPERTY_KEY.test(key)) throw invalid(`Wrong property key ${key}!`);
    if (!isMap(property)) throw invalid('Wrong properties array!');
    const name = changeKeyCase(property, true).NAME;
    if (name === undefined || name === null || name === '') throw invalid(`Empty property NAME ${key}!`);
    out[key] = property;
  }
  return out;
}

function checkFilter(value: PhpValue | undefined): PhpMap | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isMap(value)) throw invalid('Wrong activity FILTER!');
  for (const [key, rules] of Object.entries(value)) {
    if (!['INCLUDE', 'EXCLUDE'].includes(key.toUpperCase()) || !Array.isArray(rules)) {
      throw invalid('Wrong activity FILTER!');
    }
  }
  return value;
}

function checkDocumentType(value: PhpValue | undefined): string[] | null {
  if (value === undefined || value === null || value === '') return null;
  if (!Array.isArray(value) || value.length !== 3 || value.some((v) => typeof v !== 'string' || v === '')) {
    throw invalid('Wrong activity DOCUMENT_TYPE!');
  }
  return value as string[];
}

const yesNo = (value: PhpValue | undefined): 'Y' | 'N' | '' => {
  const v = strval(value).toUpperCase();
  return v === 'Y' || v === 'N' ? v : '';
};

/** The registration's fields from a request (add: all of them; update: those given, over `base`). */
function fieldsOf(
  ctx: MethodContext,
  kind: BizprocKind,
  code: string,
  q: PhpMap,
  base?: BizprocRegistration,
): BizprocRegistration {
  const has = (key: string) => q[key] !== undefined;
  const handler = has('HANDLER') || !base ? strval(q.HANDLER) : base.handler;
  checkHandler(ctx, handler);
  const name = has('NAME') || !base ? q.NAME : base.name;
  if (name === undefined || name === null || name === '' || (isMap(name) && Object.keys(name).length === 0)) {
    throw invalid('Empty activity NAME!');
  }
  return {
    kind,
    code,
    handler,
    authUserId: has('AUTH_USER_ID') || !base ? intval(q.AUTH_USER_ID) : base.authUserId,
    useSubscription: has('USE_SUBSCRIPTION') || !base ? yesNo(q.USE_SUBSCRIPTION) : base.useSubscription,
    name: isMap(name) ? name : strval(name),
    description:
      has('DESCRIPTION') || !base
        ? isMap(q.DESCRIPTION)
          ? q.DESCRIPTION
          : strval(q.DESCRIPTION)
        : base.description,
    properties: has('PROPERTIES') || !base ? checkProperties(q.PROPERTIES) : base.properties,
    returnProperties:
      has('RETURN_PROPERTIES') || !base ? checkProperties(q.RETURN_PROPERTIES) : base.returnProperties,
    documentType: has('DOCUMENT_TYPE') || !base ? checkDocumentType(q.DOCUMENT_TYPE) : base.documentType,
    filter: has('FILTER') || !base ? checkFilter(q.FILTER) : base.filter,
    usePlacement:
      has('USE_PLACEMENT') || !base ? (yesNo(q.USE_PLACEMENT) === 'Y' ? 'Y' : 'N') : base.usePlacement,
  };
}

function registrationMethods(kind: BizprocKind): MethodTable {
  const prefix = `bizproc.${kind}`;
  const guard = (ctx: MethodContext) => {
    appContext(ctx);
    requireAdmin(ctx);
  };
  const mine = (ctx: MethodContext, code: string) => {
    const found = ctx.state.bizproc.find(code);
    if (!found || found.kind !== kind)
      throw new RestError(400, 'ERROR_ACTIVITY_NOT_FOUND', 'Activity or Robot not found!');
    return found;
  };
  return {
    [`${prefix}.add`]: {
      scopes: ['bizproc'],
      handle(ctx) {
        guard(ctx);
        const q = changeKeyCase(ctx.params, true);
        if (Object.keys(q).length === 0) throw invalid('Empty data!');
        const code = checkCode(q.CODE);
        const registration = fieldsOf(ctx, kind, code, q);
        if (ctx.state.bizproc.find(code)) {
          throw new RestError(
            400,
            'ERROR_ACTIVITY_ALREADY_INSTALLED',
            'Activity or Robot already installed!',
          );
        }
        ctx.state.bizproc.registrations.push(registration);
        return ok(true);
      },
    },
    [`${prefix}.update`]: {
      scopes: ['bizproc'],
      handle(ctx) {
        guard(ctx);
        const q = changeKeyCase(ctx.params, true);
        const code = checkCode(q.CODE);
        const current = mine(ctx, code);
        const fields = isMap(q.FIELDS) ? changeKeyCase(q.FIELDS, true) : {};
        if (Object.keys(fields).length === 0) throw invalid('No fields to update');
        const updated = fieldsOf(ctx, kind, code, fields, current);
        ctx.state.bizproc.registrations.splice(ctx.state.bizproc.registrations.indexOf(current), 1, updated);
        return ok(true);
      },
    },
    [`${prefix}.list`]: {
      scopes: ['bizproc'],
      handle(ctx) {
        guard(ctx);
        return ok(ctx.state.bizproc.codes(kind));
      },
    },
    [`${prefix}.delete`]: {
      scopes: ['bizproc'],
      handle(ctx) {
        guard(ctx);
        const code = checkCode(changeKeyCase(ctx.params, true).CODE);
        mine(ctx, code);
        ctx.state.bizproc.remove(code);
        return ok(true);
      },
    },
  };
}

/** The run an EVENT_TOKEN names while its action waits; ACCESS_DENIED otherwise. */
function waitingRun(ctx: MethodContext, token: PhpValue | undefined) {
  const run = ctx.state.bizproc.runOf(strval(token));
  if (run?.status !== 'waiting') throw accessDenied();
  return run;
}

export const bizprocMethods: MethodTable = {
  ...registrationMethods('robot'),
  ...registrationMethods('activity'),
  'bizproc.event.send': {
    scopes: ['bizproc'],
    handle(ctx) {
      const q = changeKeyCase(ctx.params, true);
      const run = waitingRun(ctx, q.EVENT_TOKEN);
      const registration = ctx.state.bizproc.find(run.code);
      const declared = registration ? Object.keys(registration.returnProperties) : [];
      const values: JsonObject = {};
      if (isMap(q.RETURN_VALUES)) {
        for (const [key, value] of Object.entries(q.RETURN_VALUES))
          if (declared.includes(key)) values[key] = value;
      }
      const logMessage = strval(q.LOG_MESSAGE) || 'Received response from the application.';
      run.reply = { returnValues: values, logMessage, at: ctx.state.now().getTime() };
      run.log.push(logMessage);
      run.status = 'done';
      return ok(true);
    },
  },
  'bizproc.activity.log': {
    scopes: ['bizproc'],
    handle(ctx) {
      requireAdmin(ctx);
      const q = changeKeyCase(ctx.params, true);
      const message = strval(q.LOG_MESSAGE);
      if (message === '') throw new RestError(400, 'ERROR_EMPTY_LOG_MESSAGE', 'Empty log message!');
      waitingRun(ctx, q.EVENT_TOKEN).log.push(message);
      return ok(true);
    },
  },
};
