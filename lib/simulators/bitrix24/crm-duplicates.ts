import { entriesOf, isPhpArray, resolveParam, strval } from './php';
import type { MethodTable } from './rest-context';
import { ok } from './rest-context';
import { crmError } from './rest-error';
import type { CrmRecord, JsonObject } from './types';

/**
 * crm.duplicate.findbycomm (crm/classes/general/restservice.php, CCrmDuplicateRestProxy, and
 * crm/lib/integrity/duplicatecommunicationcriterion.php). The portal keeps a match-code index of
 * every phone and e-mail: phones through DuplicateCommunicationCriterion::normalizePhone (main's
 * NormalizePhone: `+8…` becomes `00…`, everything but digits, `#`, `*`, `,` and `;` goes, then
 * with 10+ digits a leading `00` or `011` is dropped, a leading `8` (but not `80`/`81`/`82`)
 * becomes `7`, a leading `0` is dropped; the extension after `;`, `#` or `,` is cut), e-mails
 * trimmed and lower-cased. Each value (string values only — JSON numbers are skipped; a phone
 * repeated in another format or an e-mail repeated exactly is skipped; at most 20 values, the rest
 * silently ignored) finds at most 20 entities, ordered
 * by type and id; the answer maps the type name to ids (numbers) — `{"CONTACT":[275,2297]}` — and
 * is `[]` (an empty PHP array) when nothing matched. `entity_type` DEAL is refused; empty means
 * every type, in the order LEAD, CONTACT (the simulated portal has no companies), and a type with
 * 20 or more hits leaves the types after it out (crm-duplicate-find-by-comm.md "Method Operation
 * Features"). Errors have an empty code.
 */

const MAX_VALUES = 20;
const MAX_PER_VALUE = 20;

/** main/tools.php NormalizePhone($number, 1). */
function normalizeMainPhone(number: string): string {
  let value = number;
  if (value.length >= 10 && value.startsWith('+8')) value = `00${value.slice(1)}`;
  value = value.replace(/[^0-9#*,;]/g, '');
  if (value.length >= 10) {
    const two = value.slice(0, 2);
    if (two === '80' || two === '81' || two === '82') {
      // kept as is
    } else if (two === '00') value = value.slice(2);
    else if (value.startsWith('011')) value = value.slice(3);
    else if (value.startsWith('8')) value = `7${value.slice(1)}`;
    else if (value.startsWith('0')) value = value.slice(1);
  }
  return value;
}

/** DuplicateCommunicationCriterion::normalizePhone: the match code of a phone. */
export function phoneMatchCode(value: string): string {
  if (value === '') return '';
  let result = normalizeMainPhone(value);
  if (result === '') result = value.replace(/[^0-9#*,;]/g, '');
  return result.replace(/(\d+)([;#]*)([\d,]*)/g, '$1');
}

export function emailMatchCode(value: string): string {
  return value.trim().toLowerCase();
}

function matchCode(type: 'PHONE' | 'EMAIL', value: string): string {
  return type === 'PHONE' ? phoneMatchCode(value) : emailMatchCode(value);
}

const ENTITY_TYPES = ['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'INVOICE', 'ORDER'];
const SEARCHED = ['LEAD', 'CONTACT'] as const;

/** Ids of the records (by id) holding a value of `type` with one of the match codes. */
function holders(records: Iterable<CrmRecord>, type: 'PHONE' | 'EMAIL', codes: string[]): number[] {
  const sorted = [...records].sort((a, b) => a.id - b.id);
  const ids: number[] = [];
  for (const code of codes) {
    if (code === '') continue;
    const hits = sorted
      .filter((r) => r.multi.some((m) => m.TYPE_ID === type && matchCode(type, m.VALUE) === code))
      .slice(0, MAX_PER_VALUE);
    for (const hit of hits) if (!ids.includes(hit.id)) ids.push(hit.id);
  }
  return ids;
}

export const duplicateMethods: MethodTable = {
  'crm.duplicate.findbycomm': {
    scopes: ['crm'],
    handle(ctx) {
      const type = strval(resolveParam(ctx.params, 'type')).toUpperCase();
      if (type !== 'EMAIL' && type !== 'PHONE') {
        if (type === '') throw crmError('Communication type is not defined.');
        throw crmError(`Communication type '${type}' is not supported in current context.`);
      }
      const values = resolveParam(ctx.params, 'values');
      if (!isPhpArray(values) || entriesOf(values).length === 0) {
        throw crmError('Communication values is not defined.');
      }
      // resolveMultiPartParam(['entity', 'type']): entity_type, ENTITY_TYPE, entityType…
      const raw =
        ctx.params.entity_type ?? ctx.params.ENTITY_TYPE ?? ctx.params.entityType ?? ctx.params.EntityType;
      const entityType = strval(raw).toUpperCase();
      if (entityType === 'DEAL') throw crmError('Deal is not supported in current context.');
      const known = ENTITY_TYPES.includes(entityType) ? entityType : '';
      // DuplicateCommunicationCriterion::equals: phones compare by match code, e-mails as sent.
      const seen: string[] = [];
      const codes: string[] = [];
      for (const [, value] of entriesOf(values)) {
        if (typeof value !== 'string' || value === '') continue;
        const key = type === 'PHONE' ? phoneMatchCode(value) : value;
        if (seen.includes(key)) continue;
        seen.push(key);
        codes.push(matchCode(type, value));
        if (seen.length >= MAX_VALUES) break;
      }
      const found: JsonObject = {};
      for (const entity of SEARCHED) {
        if (known !== '' && known !== entity) continue;
        const ids = holders(ctx.state.crm.table(entity).values(), type, codes);
        if (ids.length > 0) found[entity] = ids;
        if (ids.length >= MAX_PER_VALUE) break;
      }
      return ok(Object.keys(found).length > 0 ? found : []);
    },
  },
};
