import { CRM_DOCUMENTS, type WorkflowTemplate } from './automation-store';
import { pageOf } from './crm-query';
import { changeKeyCase, entriesOf, intval, isMap, isPhpArray, strval } from './php';
import { type MethodContext, type MethodTable, ok } from './rest-context';
import { RestError } from './rest-error';
import type { JsonObject, JsonValue, PhpMap, PhpValue } from './types';
import { isoInZone } from './wire-time';

/**
 * bizproc.workflow.template.list and bizproc.workflow.start (api-reference/bizproc/template/
 * bizproc-workflow-template-list.md, bizproc-workflow-start.md), scope bizproc, administrators only
 * (ACCESS_DENIED "Access denied!"), by app or inbound webhook alike.
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

function passes(template: WorkflowTemplate, filter: PhpMap, zone: string): boolean {
  return Object.entries(filter).every(([key, raw]) => {
    const op = ['!=', '>=', '<=', '=', '!', '>', '<'].find((o) => key.startsWith(o)) ?? '';
    const field = key.slice(op.length).toUpperCase();
    const stored = column(template, field, zone);
    const have = Array.isArray(stored) ? stored.join(',') : String(stored);
    const want = strval(raw);
    const numeric = /^-?\d+$/.test(have) && /^-?\d+$/.test(want);
    const c = numeric ? Number(have) - Number(want) : have.localeCompare(want);
    if (op === '' || op === '=') return c === 0;
    if (op === '!' || op === '!=') return c !== 0;
    return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
  });
}

export const workflowMethods: MethodTable = {
  'bizproc.workflow.template.list': {
    scopes: ['bizproc'],
    handle(ctx) {
      adminOnly(ctx);
      const params = changeKeyCase(ctx.params, true);
      const select = isPhpArray(params.SELECT)
        ? entriesOf(params.SELECT).map(([, v]) => strval(v).toUpperCase())
        : ['ID'];
      const filter = mapOf(params.FILTER);
      const order = Object.entries(mapOf(params.ORDER));
      const zone = ctx.state.zone;
      const rows = ctx.state.automation.templates
        .filter((t) => passes(t, filter, zone))
        .sort((a, b) => {
          for (const [field, direction] of order.length ? order : [['ID', 'ASC'] as const]) {
            const x = column(a, String(field).toUpperCase(), zone);
            const y = column(b, String(field).toUpperCase(), zone);
            const c = /^\d+$/.test(String(x)) ? Number(x) - Number(y) : String(x).localeCompare(String(y));
            if (c !== 0) return strval(direction).toUpperCase() === 'DESC' ? -c : c;
          }
          return 0;
        });
      const page = pageOf(rows, ctx.start, 'item');
      return ok(
        page.rows.map((t) => {
          const row: JsonObject = {};
          for (const field of select.filter((f) => FIELDS.includes(f))) row[field] = column(t, field, zone);
          return row;
        }),
        {
          ...(page.next !== undefined ? { next: page.next } : {}),
          total: rows.length,
        },
      );
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
      });
      return ok(id);
    },
  },
};
