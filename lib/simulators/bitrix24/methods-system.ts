import { strval, truthy } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import { accessDenied, RestError } from './rest-error';
import type { JsonObject } from './types';
import { isoInZone } from './wire-time';

/**
 * The global methods (rest_provider.php): app.info (application context only — a webhook gets
 * `{SCOPE, LICENSE}`), profile (ADMIN is what B24OAuth.initIsAdmin reads), scope, server.time,
 * feature.get, plus user.current (scope user / user_brief / user_basic) and department.get (scope
 * department, which our app does not have: it exists so insufficient_scope can be replayed).
 */

const ALL_SCOPES = [
  'crm',
  'placement',
  'user',
  'user_brief',
  'user_basic',
  'department',
  'task',
  'im',
  'catalog',
];

function offsetSeconds(ctx: MethodContext): number {
  const iso = isoInZone(ctx.state.now(), ctx.state.zone);
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}

export const systemMethods: MethodTable = {
  'app.info': {
    scopes: ['_global'],
    handle(ctx) {
      const { state } = ctx;
      if (ctx.auth.kind === 'webhook') return ok({ SCOPE: ctx.auth.scope, LICENSE: state.license() });
      if (!ctx.auth.clientId) throw accessDenied('Application context required');
      const license = state.license();
      return ok({
        ID: state.appLocalId,
        CODE: state.app.code,
        VERSION: state.app.version,
        STATUS: 'F',
        INSTALLED: state.installFinished,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
        LANGUAGE_ID: state.lang,
        LICENSE: license,
        LICENSE_TYPE: license.split('_')[1] ?? 'pro100',
        LICENSE_FAMILY: 'pro',
      });
    },
  },
  profile: {
    scopes: ['_global'],
    handle(ctx) {
      const u = ctx.user;
      return ok({
        ID: String(u.id),
        ADMIN: u.admin,
        NAME: u.name,
        LAST_NAME: u.lastName,
        PERSONAL_GENDER: '',
        TIME_ZONE: '',
        TIME_ZONE_OFFSET: offsetSeconds(ctx),
      });
    },
  },
  'user.current': {
    scopes: ['user', 'user_brief', 'user_basic'],
    handle(ctx) {
      const u = ctx.user;
      const now = isoInZone(ctx.state.now(), ctx.state.zone);
      const row: JsonObject = {
        ID: String(u.id),
        XML_ID: null,
        ACTIVE: u.active,
        NAME: u.name,
        LAST_NAME: u.lastName,
        SECOND_NAME: '',
        EMAIL: u.email,
        LAST_LOGIN: now,
        DATE_REGISTER: now,
        IS_ONLINE: 'Y',
        TIME_ZONE_OFFSET: String(offsetSeconds(ctx)),
        PERSONAL_GENDER: '',
        PERSONAL_BIRTHDAY: '',
        UF_EMPLOYMENT_DATE: '',
        UF_DEPARTMENT: [1],
      };
      return ok(row);
    },
  },
  scope: {
    scopes: ['_global'],
    handle(ctx) {
      if (truthy(ctx.params.full) || truthy(ctx.params.FULL)) return ok(ALL_SCOPES);
      return ok(ctx.auth.kind === 'oauth' ? [...ctx.state.app.scope] : [...ctx.auth.scope]);
    },
  },
  'server.time': {
    scopes: ['_global'],
    handle: (ctx) => ok(isoInZone(ctx.state.now(), ctx.state.zone)),
  },
  'feature.get': {
    scopes: ['_global'],
    handle(ctx) {
      const code = strval(ctx.params.CODE ?? ctx.params.code);
      if (code === '') throw new RestError(400, 'CODE_EMPTY', "CODE can't be empty");
      return ok({ value: ['rest_offline_extended', 'rest_auth_connector'].includes(code) ? 'Y' : 'N' });
    },
  },
  'department.get': {
    scopes: ['department'],
    handle: () => ok([]),
  },
};
