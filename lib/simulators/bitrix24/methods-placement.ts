import { checkCallback } from './methods-events';
import { changeKeyCase, entriesOf, intval, isMap, isPhpArray, strval, truthy } from './php';
import { type MethodContext, type MethodTable, ok, requireAdmin, requireAppContext } from './rest-context';
import { argumentError, argumentNull, coreError, RestError } from './rest-error';
import type { JsonObject, PhpMap } from './types';

/**
 * placement.bind / .unbind / .get / .list (rest/lib/api/placement.php): application context
 * ("Current authorization type is denied for this method Application context required") and an
 * admin for bind/unbind/get; PLACEMENT required and not DEFAULT; HANDLER required and checked
 * like event handlers; the code must be offered by one of the app's scopes (CRM codes need
 * `crm`), else ERROR_PLACEMENT_NOT_FOUND; USER_ID only where the placement has a user mode;
 * OPTIONS kept only where the placement declares them (detail tabs and toolbars take none).
 * placement.unbind counts every removed handler twice (`$cnt++` before and after the delete):
 * `{count: 2}` for one handler, as the portal answers.
 */

interface PlacementInfo {
  scope: string;
  maxCount?: number;
  userMode?: boolean;
  options?: Record<string, 'string' | 'int'>;
}

const ACTIVITY_OPTIONS = {
  useBuiltInInterface: 'string',
  newUserNotificationTitle: 'string',
  newUserNotificationText: 'string',
} as const;

export const PLACEMENTS: Record<string, PlacementInfo> = {
  REST_APP_URI: { scope: '_global', maxCount: 1 },
  PAGE_BACKGROUND_WORKER: { scope: 'placement', userMode: true },
  CRM_FUNNELS_TOOLBAR: { scope: 'crm' },
  CRM_ANALYTICS_MENU: { scope: 'crm' },
  CRM_DETAIL_SEARCH: { scope: 'crm' },
  CRM_REQUISITE_AUTOCOMPLETE: { scope: 'crm' },
};
const crm = (objects: string[], suffix: string, info: Partial<PlacementInfo> = {}) => {
  for (const object of objects) PLACEMENTS[`CRM_${object}_${suffix}`] = { scope: 'crm', ...info };
};
crm(['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE', 'ORDER'], 'DETAIL_TAB');
crm(['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE'], 'DETAIL_TOOLBAR');
crm(['LEAD', 'CONTACT', 'COMPANY', 'DEAL', 'QUOTE', 'SMART_INVOICE', 'ORDER'], 'DETAIL_ACTIVITY', {
  options: ACTIVITY_OPTIONS,
});
crm(['LEAD', 'CONTACT', 'COMPANY', 'DEAL', 'SMART_INVOICE', 'QUOTE', 'ACTIVITY'], 'LIST_MENU');
crm(['LEAD', 'CONTACT', 'COMPANY', 'DEAL', 'SMART_INVOICE', 'ORDER', 'QUOTE'], 'LIST_TOOLBAR');
crm(['LEAD', 'DEAL', 'QUOTE', 'SMART_INVOICE'], 'ACTIVITY_TIMELINE_MENU');
crm(['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE'], 'DOCUMENTGENERATOR_BUTTON');
crm(['LEAD', 'DEAL', 'QUOTE', 'SMART_INVOICE'], 'ROBOT_DESIGNER_TOOLBAR');

function available(scopes: string[]): string[] {
  return Object.entries(PLACEMENTS)
    .filter(([, info]) => info.scope === '_global' || scopes.includes(info.scope))
    .map(([code]) => code);
}

function guard(ctx: MethodContext): void {
  requireAppContext(ctx, 'Application context required');
  requireAdmin(ctx);
}

function bind(ctx: MethodContext): boolean {
  guard(ctx);
  const q = changeKeyCase(ctx.params, true);
  const placement = strval(q.PLACEMENT).toUpperCase();
  const handler = strval(q.HANDLER);
  if (placement === '') throw argumentNull('PLACEMENT');
  if (placement === 'DEFAULT') throw argumentError('Wrong value', 'PLACEMENT');
  if (handler === '') throw argumentNull('HANDLER');
  checkCallback(handler);
  const info = PLACEMENTS[placement];
  if (!info || !available(ctx.state.app.scope).includes(placement)) {
    throw new RestError(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
  }
  const userId = Math.max(intval(q.USER_ID), 0);
  if (userId !== 0 && !info.userMode)
    throw new RestError(400, 'ERROR_PLACEMENT_USER_MODE', 'User mode is not available.');
  const mine = ctx.state.placements.filter((p) => p.placement === placement);
  if (info.maxCount && mine.length >= info.maxCount) {
    throw new RestError(400, 'ERROR_PLACEMENT_MAX_COUNT', `Placement max count: ${info.maxCount}`);
  }
  if (mine.some((p) => p.handler === handler && p.userId === userId)) {
    throw coreError('Unable to set placement handler: Handler already binded');
  }
  const options: PhpMap = {};
  if (info.options && isMap(q.OPTIONS)) {
    for (const [key, value] of Object.entries(q.OPTIONS)) {
      const type = info.options[key];
      if (type) options[key] = type === 'int' ? intval(value) : strval(value);
    }
  }
  const langAll: Record<string, { TITLE: string; DESCRIPTION: string; GROUP_NAME: string }> = {};
  if (isPhpArray(q.LANG_ALL) && entriesOf(q.LANG_ALL).length > 0) {
    for (const [lang, item] of entriesOf(q.LANG_ALL)) {
      const it = isMap(item) ? item : {};
      langAll[lang] = {
        TITLE: strval(it.TITLE).trim(),
        DESCRIPTION: strval(it.DESCRIPTION).trim(),
        GROUP_NAME: strval(it.GROUP_NAME).trim(),
      };
    }
  } else {
    langAll[ctx.state.lang] = {
      TITLE: strval(q.TITLE).trim() || ctx.state.app.code,
      DESCRIPTION: strval(q.DESCRIPTION).trim(),
      GROUP_NAME: strval(q.GROUP_NAME).trim(),
    };
  }
  const main = langAll[ctx.state.lang] ?? Object.values(langAll)[0];
  ctx.state.placements.push({
    id: ctx.state.placementId(),
    placement,
    handler,
    userId,
    title: main?.TITLE ?? '',
    description: main?.DESCRIPTION ?? '',
    groupName: main?.GROUP_NAME ?? '',
    options,
    langAll,
  });
  return true;
}

function unbind(ctx: MethodContext): { count: number } {
  guard(ctx);
  const q = changeKeyCase(ctx.params, true);
  if (typeof q.PLACEMENT !== 'string') {
    throw argumentError("The value of an argument 'PLACEMENT' must be of type string", 'PLACEMENT');
  }
  const placement = q.PLACEMENT.toUpperCase();
  if (placement === '') throw argumentNull('PLACEMENT');
  if (!(placement in PLACEMENTS)) return { count: 0 };
  const handler = strval(q.HANDLER);
  const doomed = ctx.state.placements.filter(
    (p) =>
      p.placement === placement &&
      (handler === '' || p.handler === handler) &&
      (q.USER_ID === undefined || p.userId === intval(q.USER_ID)),
  );
  for (const p of doomed) ctx.state.placements.splice(ctx.state.placements.indexOf(p), 1);
  return { count: doomed.length * 2 };
}

function get(ctx: MethodContext): JsonObject[] {
  guard(ctx);
  return ctx.state.placements.map((p) => ({
    placement: p.placement,
    userId: p.userId,
    handler: p.handler,
    options: Object.keys(p.options).length > 0 ? p.options : [],
    title: p.title,
    description: p.description,
    langAll: Object.keys(p.langAll).length > 0 ? p.langAll : [],
  }));
}

export const placementMethods: MethodTable = {
  'placement.bind': { scopes: ['placement'], handle: (ctx) => ok(bind(ctx)) },
  'placement.unbind': { scopes: ['placement'], handle: (ctx) => ok(unbind(ctx)) },
  'placement.get': { scopes: ['placement'], handle: (ctx) => ok(get(ctx)) },
  'placement.list': {
    scopes: ['placement'],
    handle(ctx) {
      requireAppContext(ctx, 'Application context required');
      const q = changeKeyCase(ctx.params, true);
      if (q.SCOPE !== undefined && strval(q.SCOPE) !== '') return ok(available([strval(q.SCOPE)]));
      if (truthy(q.FULL)) return ok(Object.keys(PLACEMENTS));
      return ok(available(ctx.state.app.scope));
    },
  },
};
