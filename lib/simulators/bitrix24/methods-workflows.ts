import { CRM_DOCUMENTS, type StartedWorkflow, type WorkflowTemplate } from './automation-store';
import { pageOf } from './crm-query';
import { changeKeyCase, entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import { RestError } from './rest-error';
import type { JsonObject, JsonValue, PhpMap, PhpValue } from './types';
import { isoInZone } from './wire-time';

/**
 * bizproc.workflow.template.list, bizproc.workflow.start and bizproc.workflow.instances (with its
 * old alias bizproc.workflow.instance.list) (api-reference/bizproc/template/
 * bizproc-workflow-template-list.md, bizproc-workflow-start.md, bizproc-workflow-instances.md),
 * scope bizproc, administrators only (ACCESS_DENIED "Access denied!"), by app or inbound webhook.
 * - template.list: SELECT (default ID), FILTER (`=`, `!`/`!=`, `<`, `<=`, `>`, `>=` before a field
 *   named in any case), ORDER, 50 a page from `start`; DOCUMENT_TYPE comes as the three-part array.
 * - start: TEMPLATE_ID (ERROR_WRONG_WORKFLOW_ID "Empty TEMPLATE_ID" / "Template not found"),
 *   DOCUMENT_ID `[module, entity, 'CONTACT_7']` (else "Wrong DOCUMENT_ID!"; a type other than the
 *   template's "Template type and DOCUMENT_ID mismatch!"; a document the CRM does not have is refused
 *   as a wrong DOCUMENT_ID), PARAMETERS kept; answers the new workflow's id. Started workflows are
 *   recorded (state.automation.started); what the template then does is the portal's business.
 */

const FIELDS = [
  'ID',
  'MODULE_ID',
  'ENTITY',
  'DOCUMENT_TYPE',
  'AUTO_EXECUTE',
  'NAME',
  'MODIFIED',
  'USER_ID',
  'SYSTEM_CODE',
];

function adminOnly(ctx: MethodContext): void {
  if (!ctx.user.admin) throw new RestError(403, 'ACCESS_DENIED', 'Access denied!');
}

function column(template: WorkflowTemplate, field: string, zone: string): JsonValue {
  switch (field) {
    case 'ID':
      return String(template.id);
    case 'MODULE_ID':
      return template.moduleId;
    case 'ENTITY':
      return template.entity;
    case 'DOCUMENT_TYPE':
      return [template.moduleId, template.entity, template.documentType];
    case 'AUTO_EXECUTE':
      return String(template.autoExecute);
    case 'NAME':
      return template.name;
    case 'MODIFIED':
      return isoInZone(template.modified, zone);
    case 'USER_ID':
      return String(template.userId);
    default:
      return '';
  }
}

function mapOf(value: PhpValue | undefined): PhpMap {
  if (value === undefined || value === null || !isPhpArray(value)) return {};
  return isMap(value) ? value : Object.fromEntries(entriesOf(value));
}

type Column<T> = (row: T, field: string) => JsonValue;

const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** -1, 0, 1: numbers as numbers, ISO instants as instants, anything else as text. */
function compare(have: string, want: string): number {
  if (/^-?\d+$/.test(have) && /^-?\d+$/.test(want)) return Math.sign(Number(have) - Number(want));
  if (INSTANT.test(have) && INSTANT.test(want)) return Math.sign(Date.parse(have) - Date.parse(want));
  return Math.sign(have.localeCompare(want));
}

function passes<T>(row: T, column: Column<T>, filter: PhpMap): boolean {
  return Object.entries(filter).every(([key, raw]) => {
    const op = ['!=', '>=', '<=', '=', '!', '>', '<'].find((o) => key.startsWith(o)) ?? '';
    const stored = column(row, key.slice(op.length).toUpperCase());
    const c = compare(Array.isArray(stored) ? stored.join(',') : String(stored ?? ''), strval(raw));
    if (op === '' || op === '=') return c === 0;
    if (op === '!' || op === '!=') return c !== 0;
    return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
  });
}

function sorted<T>(rows: T[], column: Column<T>, order: [string, PhpValue][]): T[] {
  return [...rows].sort((a, b) => {
    for (const [field, direction] of order) {
      const c = compare(
        String(column(a, field.toUpperCase()) ?? ''),
        String(column(b, field.toUpperCase()) ?? ''),
      );
      if (c !== 0) return strval(direction).toUpperCase() === 'DESC' ? -c : c;
    }
    return 0;
  });
}

/** SELECT, FILTER, ORDER and a page of 50, as both list methods take them. */
function listed<T>(
  ctx: MethodContext,
  rows: T[],
  column: Column<T>,
  defaults: { select: string[]; order: [string, string][]; fields: string[] },
) {
  const params = changeKeyCase(ctx.params, true);
  const select = isPhpArray(params.SELECT)
    ? entriesOf(params.SELECT).map(([, v]) => strval(v).toUpperCase())
    : defaults.select;
  const filter = mapOf(params.FILTER);
  const order = Object.entries(mapOf(params.ORDER));
  const matching = sorted(
    rows.filter((row) => passes(row, column, filter)),
    column,
    order.length ? order : defaults.order,
  );
  const page = pageOf(matching, ctx.start, 'item');
  return ok(
    page.rows.map((row) => {
      const out: JsonObject = {};
      for (const field of select.filter((f) => defaults.fields.includes(f))) out[field] = column(row, field);
      return out;
    }),
    { ...(page.next !== undefined ? { next: page.next } : {}), total: matching.length },
  );
}

const INSTANCE_FIELDS = [
  'ID',
  'MODIFIED',
  'OWNED_UNTIL',
  'MODULE_ID',
  'ENTITY',
  'DOCUMENT_ID',
  'STARTED',
  'STARTED_BY',
  'TEMPLATE_ID',
];

function instanceColumn(zone: string): Column<StartedWorkflow> {
  return (workflow, field) => {
    switch (field) {
      case 'ID':
        return workflow.id;
      case 'MODIFIED':
      case 'STARTED':
        return isoInZone(workflow.at, zone);
      case 'OWNED_UNTIL':
        return null;
      case 'MODULE_ID':
        return workflow.documentId[0];
      case 'ENTITY':
        return workflow.documentId[1];
      case 'DOCUMENT_ID':
        return workflow.documentId[2];
      case 'STARTED_BY':
        return String(workflow.startedBy);
      case 'TEMPLATE_ID':
        return String(workflow.templateId);
      default:
        return '';
    }
  };
}

const instances: MethodTable[string] = {
  scopes: ['bizproc'],
  handle(ctx) {
    adminOnly(ctx);
    const running = ctx.state.automation.started.filter((w) => w.running);
    return listed(ctx, running, instanceColumn(ctx.state.zone), {
      select: ['ID', 'MODIFIED', 'OWNED_UNTIL'],
      order: [['MODIFIED', 'DESC']],
      fields: INSTANCE_FIELDS,
    });
  },
};

export const workflowMethods: MethodTable = {
  'bizproc.workflow.template.list': {
    scopes: ['bizproc'],
    handle(ctx) {
      adminOnly(ctx);
      const zone = ctx.state.zone;
      return listed(ctx, ctx.state.automation.templates, (t, field) => column(t, field, zone), {
        select: ['ID'],
        order: [['ID', 'ASC']],
        fields: FIELDS,
      });
    },
  },
  'bizproc.workflow.start': {
    scopes: ['bizproc'],
    handle(ctx) {
      adminOnly(ctx);
      const params = changeKeyCase(ctx.params, true);
      const templateId = intval(params.TEMPLATE_ID ?? 0);
      if (templateId <= 0) throw new RestError(400, 'ERROR_WRONG_WORKFLOW_ID', 'Empty TEMPLATE_ID');
      const { automation, crm } = ctx.state;
      const template = automation.templates.find((t) => t.id === templateId);
      if (!template) throw new RestError(400, 'ERROR_WRONG_WORKFLOW_ID', 'Template not found');
      const parts = isPhpArray(params.DOCUMENT_ID)
        ? entriesOf(params.DOCUMENT_ID).map(([, v]) => strval(v))
        : [];
      const [module, entity, element] = parts;
      if (parts.length !== 3 || !module || !entity || !element)
        throw new RestError(400, '', 'Wrong DOCUMENT_ID!');
      const known = Object.entries(CRM_DOCUMENTS).find(([, [e]]) => e === entity);
      if (module !== 'crm' || !known) throw new RestError(400, '', 'Incorrect document type!');
      const [, [, documentType]] = known;
      if (template.entity !== entity) throw new RestError(400, '', 'Template type and DOCUMENT_ID mismatch!');
      const match = new RegExp(`^${documentType}_(\\d+)$`).exec(element);
      const table =
        documentType === 'CONTACT' ? crm.contacts : documentType === 'DEAL' ? crm.deals : crm.leads;
      if (!match || !table.has(Number(match[1]))) throw new RestError(400, '', 'Wrong DOCUMENT_ID!');
      const id = automation.workflowId();
      automation.started.push({
        id,
        templateId,
        documentId: [module, entity, element],
        parameters: mapOf(params.PARAMETERS) as Record<string, unknown>,
        at: ctx.state.now(),
        startedBy: ctx.user.id,
        running: !template.completesAtOnce,
      });
      return ok(id);
    },
  },
  'bizproc.workflow.instances': instances,
  'bizproc.workflow.instance.list': instances,
};
