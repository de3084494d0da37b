import { intval, strval } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import { accessDenied, RestError } from './rest-error';
import type { PhpValue } from './types';

/**
 * crm.automation.trigger.add / .list / .delete / .execute (api-reference/crm/automation/triggers/):
 * administrators, in an application's context only — an inbound webhook gets 403 ACCESS_DENIED
 * "Access denied! Application context required", a user who is not an admin "Access denied! Admin
 * permissions required"; other refusals are 400 with an empty code and the docs' words. A trigger
 * belongs to the app that added it (CODE of Latin letters, digits, `.`, `-`, `_`; adding a CODE again
 * renames it); .list answers the app's own, without paging. .execute answers `true` whenever its
 * parameters are well formed — also when no rule is linked, the owner is already at the linked
 * stage, or the owner does not exist (the docs' warning) — and is recorded; a deal whose pipeline
 * has a stage linked to the trigger (controls.linkTrigger) moves there, never backwards.
 */

const CODE = /^[a-z0-9.\-_]+$/i;
/** crm.enum.ownertype: lead, deal, contact, company, quote, invoice (old and new). */
const OWNER_TYPES = new Set([1, 2, 3, 4, 7, 5, 31]);

const plain = (message: string) => new RestError(400, '', message);

function guard(ctx: MethodContext): string {
  if (!ctx.user.admin) throw accessDenied('Admin permissions required');
  if (ctx.auth.kind !== 'oauth' || !ctx.auth.clientId) throw accessDenied('Application context required');
  return ctx.auth.clientId;
}

function code(value: PhpValue | undefined): string {
  const text = strval(value ?? '');
  if (text === '' || text === '0') throw plain('Empty trigger code!');
  if (!CODE.test(text)) throw plain('Wrong trigger code!');
  return text;
}

const param = (ctx: MethodContext, name: string) => ctx.params[name] ?? ctx.params[name.toLowerCase()];

export const automationMethods: MethodTable = {
  'crm.automation.trigger.add': {
    scopes: ['crm'],
    handle(ctx) {
      const app = guard(ctx);
      const wanted = code(param(ctx, 'CODE'));
      const name = strval(param(ctx, 'NAME') ?? '');
      if (name === '' || name === '0') throw plain('Empty trigger name!');
      const { triggers } = ctx.state.automation;
      const existing = triggers.find((t) => t.clientId === app && t.code === wanted);
      if (existing) existing.name = name;
      else triggers.push({ clientId: app, code: wanted, name });
      return ok(true);
    },
  },
  'crm.automation.trigger.list': {
    scopes: ['crm'],
    handle(ctx) {
      const app = guard(ctx);
      return ok(
        ctx.state.automation.triggers
          .filter((t) => t.clientId === app)
          .map((t) => ({ NAME: t.name, CODE: t.code })),
      );
    },
  },
  'crm.automation.trigger.delete': {
    scopes: ['crm'],
    handle(ctx) {
      const app = guard(ctx);
      const wanted = code(param(ctx, 'CODE'));
      const { triggers } = ctx.state.automation;
      const index = triggers.findIndex((t) => t.clientId === app && t.code === wanted);
      if (index < 0) throw plain(`Trigger with code ${wanted} is not registered.`);
      triggers.splice(index, 1);
      return ok(true);
    },
  },
  'crm.automation.trigger.execute': {
    scopes: ['crm'],
    handle(ctx) {
      const app = guard(ctx);
      const wanted = code(param(ctx, 'CODE'));
      const { automation, crm } = ctx.state;
      if (!automation.triggers.some((t) => t.clientId === app && t.code === wanted))
        throw plain(`Trigger with code ${wanted} is not registered.`);
      const ownerTypeId = intval(param(ctx, 'OWNER_TYPE_ID') ?? 0);
      if (!OWNER_TYPES.has(ownerTypeId)) throw plain('Incorrect parameter OWNER_TYPE_ID.');
      const ownerId = intval(param(ctx, 'OWNER_ID') ?? 0);
      if (ownerId <= 0) throw plain('Incorrect parameter OWNER_ID.');
      let movedTo: string | null = null;
      const deal = ownerTypeId === 2 ? crm.deals.get(ownerId) : undefined;
      if (deal) {
        const stages = crm.stagesOf(Number(deal.fields.CATEGORY_ID ?? 0)).map(([s]) => s);
        const current = stages.indexOf(deal.fields.STAGE_ID ?? '');
        const target = automation.links
          .filter((l) => l.code === wanted)
          .map((l) => stages.indexOf(l.stageId))
          .find((i) => i > current);
        if (target !== undefined) {
          movedTo = stages[target] as string;
          crm.update('DEAL', ownerId, { STAGE_ID: movedTo }, { userId: 1, clientId: null, connectorId: '' });
        }
      }
      automation.executions.push({
        clientId: app,
        code: wanted,
        ownerTypeId,
        ownerId,
        at: ctx.state.now(),
        movedTo,
      });
      return ok(true);
    },
  },
};
