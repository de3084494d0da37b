import { DateTime } from 'luxon';
import { LEAD_STATUSES } from './crm-fields';
import { intval, isPhpArray, strval } from './php';
import { crmError } from './rest-error';
import type { CrmRecord, PhpMap } from './types';

/**
 * What the CRM does besides storing the fields of a deal or a lead (CCrmDeal / CCrmLead): the stage
 * must be one of the entity's stages (deals: of their pipeline; leads: of the STATUS directory), its
 * semantic fills STAGE_SEMANTIC_ID / STATUS_SEMANTIC_ID and closes the record, a move records who
 * moved it and when, CONTACT_IDS (or the deprecated CONTACT_ID) bind contacts, and an add fills the
 * defaults the docs' answers show.
 */

type Stages = readonly (readonly [string, 'P' | 'S' | 'F', string])[];

export interface RuleContext {
  now: Date;
  zone: string;
  region: 'ru' | 'com';
  userId: number;
  updating: boolean;
}

/** The stage a write asks for (or keeps, or the first one on an add) and its semantic. */
function placeStage(
  record: CrmRecord,
  fields: PhpMap,
  key: 'STAGE_ID' | 'STATUS_ID',
  stages: Stages,
  ctx: RuleContext,
  refuse: (wanted: string) => never,
): 'P' | 'S' | 'F' {
  const previous = record.fields[key] ?? null;
  if (key in fields) {
    const wanted = strval(fields[key]);
    if (!stages.some(([s]) => s === wanted)) refuse(wanted);
    record.fields[key] = wanted;
  } else if (!ctx.updating) record.fields[key] = stages[0]?.[0] ?? 'NEW';
  if (previous !== record.fields[key]) {
    record.fields.MOVED_BY_ID = String(ctx.userId);
    record.fields.MOVED_TIME = ctx.now.toISOString();
  }
  return stages.find(([s]) => s === record.fields[key])?.[1] ?? 'P';
}

/** CONTACT_IDS replaces the bound contacts; CONTACT_ID alone puts one first (or, 0, unbinds all). */
function bindContacts(record: CrmRecord, fields: PhpMap): void {
  if ('CONTACT_IDS' in fields && isPhpArray(fields.CONTACT_IDS)) {
    record.contactIds = Object.values(fields.CONTACT_IDS)
      .map((v) => intval(v))
      .filter((v) => v > 0);
  } else if ('CONTACT_ID' in fields) {
    const one = intval(fields.CONTACT_ID ?? 0);
    record.contactIds = one > 0 ? [one, ...record.contactIds.filter((c) => c !== one)] : [];
  }
  record.fields.CONTACT_ID = record.contactIds[0] !== undefined ? String(record.contactIds[0]) : null;
}

export function applyDealRules(
  record: CrmRecord,
  fields: PhpMap,
  ctx: RuleContext,
  pipeline: { exists(categoryId: number): boolean; stagesOf(categoryId: number): Stages },
): void {
  const categoryId = intval(record.fields.CATEGORY_ID ?? 0);
  if (!pipeline.exists(categoryId)) throw crmError(`Pipeline ${categoryId} is not found.`);
  record.fields.CATEGORY_ID = String(categoryId);
  const semantic = placeStage(record, fields, 'STAGE_ID', pipeline.stagesOf(categoryId), ctx, (wanted) => {
    throw crmError(`Stage "${wanted}" is not found in pipeline ${categoryId}.`);
  });
  record.fields.STAGE_SEMANTIC_ID = semantic;
  record.fields.CLOSED = semantic === 'P' ? 'N' : 'Y';
  bindContacts(record, fields);
  if (ctx.updating) return;
  const today = DateTime.fromJSDate(ctx.now).setZone(ctx.zone);
  record.fields.BEGINDATE ||= today.toISODate();
  record.fields.CLOSEDATE ||= today.plus({ days: 7 }).toISODate();
  record.fields.OPPORTUNITY ??= '0.00';
  record.fields.TAX_VALUE ??= '0.00';
  record.fields.IS_MANUAL_OPPORTUNITY ??= 'N';
  record.fields.COMPANY_ID ??= '0';
  Object.assign(record.fields, {
    IS_NEW: 'Y',
    IS_RECURRING: 'N',
    IS_RETURN_CUSTOMER: 'N',
    IS_REPEATED_APPROACH: 'N',
  });
}

/**
 * A lead: STATUS_ID one of LEAD_STATUSES (default the first, NEW), STATUS_SEMANTIC_ID from it and
 * DATE_CLOSED set when it leaves the open statuses; IS_RETURN_CUSTOMER is Y once a contact or a
 * company is bound (crm-lead-add.md: it cannot be set, it follows CONTACT_ID / COMPANY_ID).
 */
export function applyLeadRules(record: CrmRecord, fields: PhpMap, ctx: RuleContext): void {
  const before = record.fields.STATUS_SEMANTIC_ID ?? null;
  const semantic = placeStage(record, fields, 'STATUS_ID', LEAD_STATUSES, ctx, (wanted) => {
    throw crmError(`Status "${wanted}" is not found.`);
  });
  record.fields.STATUS_SEMANTIC_ID = semantic;
  if (semantic === 'P') record.fields.DATE_CLOSED = '';
  else if (before !== semantic) record.fields.DATE_CLOSED = ctx.now.toISOString();
  bindContacts(record, fields);
  const company = intval(record.fields.COMPANY_ID ?? 0);
  record.fields.IS_RETURN_CUSTOMER = record.contactIds.length > 0 || company > 0 ? 'Y' : 'N';
  if (ctx.updating) return;
  record.fields.OPPORTUNITY ??= '0.00';
  record.fields.IS_MANUAL_OPPORTUNITY ??= 'N';
}
