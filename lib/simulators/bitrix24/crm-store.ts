import { DEFAULT_STAGES, type FieldSpec, fieldsOf, hasMultiFields, stageId } from './crm-fields';
import { applyMultiFields } from './crm-multifields';
import { applyDealRules, applyLeadRules } from './crm-rules';
import { intval, isMap, isPhpArray, strval } from './php';
import { coreError, crmError } from './rest-error';
import type { CrmEntity, CrmRecord, PhpMap, PhpValue } from './types';
import type { UserFields } from './user-fields';
import { parseDateInput } from './wire-time';

/**
 * Contacts, deals and leads as the CRM keeps them, changed the way crm.contact.* / crm.deal.* /
 * crm.lead.* change them: unknown and read-only keys in `fields` are ignored, defaults filled on
 * add (contact type CLIENT, source CALL, OPENED/EXPORT Y, the caller as ASSIGNED_BY_ID; deals:
 * pipeline 0, its first stage, TYPE_ID SALE, the portal currency, "Deal #N"; leads: status NEW,
 * the portal currency, "Lead #N"), CATEGORY_ID ignored on update, the stage rules of crm-rules.ts,
 * required user fields enforced, and every successful write reported to `onChange` (the event
 * machinery decides who hears about it).
 */

export interface Actor {
  userId: number;
  /** The client_id of the REST caller (our app), null for changes made in the portal's UI. */
  clientId: string | null;
  /** auth_connector passed with the REST call ('' when none). */
  connectorId: string;
}

export type CrmAction = 'ADD' | 'UPDATE' | 'DELETE';

export interface WriteOptions {
  /** crm.item.update may move a deal to another pipeline; crm.deal.update ignores CATEGORY_ID. */
  allowCategoryChange?: boolean;
}

/** A product row of a deal (crm.item.productrow.*), numbers as the item API returns them. */
export interface ProductRow {
  id: number;
  ownerId: number;
  ownerType: 'D';
  productId: number;
  productName: string;
  price: number;
  priceAccount: number;
  priceExclusive: number;
  priceNetto: number;
  priceBrutto: number;
  quantity: number;
  discountTypeId: number;
  discountRate: number;
  discountSum: number;
  taxRate: number | null;
  taxIncluded: 'Y' | 'N';
  taxName: string;
  customized: 'Y' | 'N';
  measureCode: number;
  measureName: string;
  sort: number;
  xmlId: string;
  type: number;
  storeId: number | null;
}

/**
 * One row of the stage history (crm.stagehistory.list): a deal or lead created (1), moved to an
 * intermediate (2) or a final (3) stage, or to another pipeline (5), with where it now is.
 */
export interface StageHistoryEntry {
  id: number;
  entity: 'DEAL' | 'LEAD';
  typeId: 1 | 2 | 3 | 5;
  ownerId: number;
  createdAt: Date;
  categoryId: number;
  stageId: string;
  semantic: 'P' | 'S' | 'F';
}

export interface DealCategory {
  id: number;
  name: string;
  sort: number;
}

export interface CrmStoreDeps {
  now: () => Date;
  zone: string;
  region: 'ru' | 'com';
  userFields: UserFields;
  onChange: (entity: CrmEntity, action: CrmAction, id: number, actor: Actor) => void;
}

const LABEL: Record<CrmEntity, string> = { CONTACT: 'Contact', DEAL: 'Deal', LEAD: 'Lead' };
/** Written by the entity's rules (crm-rules.ts), never as plain scalars. */
const RULED = new Set(['CONTACT_ID', 'STAGE_ID', 'STATUS_ID']);

export class CrmStore {
  readonly contacts = new Map<number, CrmRecord>();
  readonly deals = new Map<number, CrmRecord>();
  readonly leads = new Map<number, CrmRecord>();
  readonly categories: DealCategory[] = [{ id: 0, name: 'General', sort: 100 }];
  /** Product rows by deal id, in the order they were saved. */
  readonly productRows = new Map<number, ProductRow[]>();
  private nextId: Record<CrmEntity, number> = { CONTACT: 1, DEAL: 1, LEAD: 1 };
  private nextRowId = 1;
  private nextMultiId = 1;
  private nextCategoryId = 1;
  private nextHistoryId = 1;
  /** Every creation and stage change of deals and leads, oldest first. */
  readonly stageHistory: StageHistoryEntry[] = [];
  private readonly deletedStages = new Set<string>();

  constructor(private readonly deps: CrmStoreDeps) {}

  table(entity: CrmEntity): Map<number, CrmRecord> {
    return entity === 'CONTACT' ? this.contacts : entity === 'DEAL' ? this.deals : this.leads;
  }

  stagesOf(categoryId: number): [string, 'P' | 'S' | 'F', string][] {
    return DEFAULT_STAGES.map(([code, semantic, name]): [string, 'P' | 'S' | 'F', string] => [
      stageId(categoryId, code),
      semantic,
      name,
    ]).filter(([id]) => !this.deletedStages.has(id));
  }

  /**
   * A manager deletes a deal stage in the pipeline's settings. Bitrix24 will not delete a stage that
   * still holds deals, nor the pipeline's first (its start) or its closing stages.
   */
  deleteStage(id: string): void {
    const category = this.categories.find((c) => this.stagesOf(c.id).some(([s]) => s === id));
    const stages = category ? this.stagesOf(category.id) : [];
    const index = stages.findIndex(([s]) => s === id);
    if (!category || index <= 0 || stages[index]?.[1] !== 'P')
      throw new Error(`Bitrix24 refuses to delete the stage ${id}`);
    if ([...this.deals.values()].some((d) => d.fields.STAGE_ID === id))
      throw new Error(`Bitrix24 refuses to delete the stage ${id}: it holds deals`);
    this.deletedStages.add(id);
  }

  addCategory(name: string): number {
    const id = this.nextCategoryId++;
    this.categories.push({ id, name, sort: 100 + id * 100 });
    return id;
  }

  get(entity: CrmEntity, id: number): CrmRecord {
    if (!Number.isInteger(id) || id <= 0) throw crmError('ID is not defined or invalid.');
    const record = this.table(entity).get(id);
    if (!record) throw crmError('Not found');
    return record;
  }

  add(
    entity: CrmEntity,
    fieldsParam: PhpValue | undefined,
    actor: Actor,
    options: WriteOptions = {},
  ): number {
    const fields = this.fieldsParam(fieldsParam);
    const now = this.deps.now();
    const record: CrmRecord = {
      entity,
      id: 0,
      fields: {},
      multi: [],
      uf: {},
      contactIds: [],
      createdAt: now,
      modifiedAt: now,
    };
    this.applyScalars(record, fields, false, options);
    record.multi = applyMultiFields([], fields, () => this.nextMultiId++);
    this.applyUserFields(record, fields, true);
    this.applyRules(record, fields, actor.userId, false);
    record.id = this.nextId[entity]++;
    const currency = this.deps.region === 'ru' ? 'RUB' : 'USD';
    const defaults: Record<CrmEntity, Record<string, string>> = {
      CONTACT: { TYPE_ID: 'CLIENT', SOURCE_ID: 'CALL', OPENED: 'Y', EXPORT: 'Y' },
      DEAL: { TYPE_ID: 'SALE', OPENED: 'Y', CURRENCY_ID: currency },
      LEAD: { OPENED: 'Y', CURRENCY_ID: currency },
    };
    for (const [key, value] of Object.entries(defaults[entity])) record.fields[key] ??= value;
    record.fields.ASSIGNED_BY_ID ??= String(actor.userId);
    record.fields.CREATED_BY_ID = String(actor.userId);
    record.fields.MODIFY_BY_ID = String(actor.userId);
    record.fields.DATE_CREATE = now.toISOString();
    record.fields.DATE_MODIFY = now.toISOString();
    record.fields.LAST_ACTIVITY_TIME = now.toISOString();
    record.fields.LAST_ACTIVITY_BY = String(actor.userId);
    if (entity !== 'CONTACT' && !record.fields.TITLE) {
      const ru = this.deps.region === 'ru';
      record.fields.TITLE = `${entity === 'DEAL' ? (ru ? 'Сделка' : 'Deal') : ru ? 'Лид' : 'Lead'} #${record.id}`;
    }
    this.computeFlags(record);
    this.table(entity).set(record.id, record);
    this.recordStage(null, record);
    this.deps.onChange(entity, 'ADD', record.id, actor);
    return record.id;
  }

  update(
    entity: CrmEntity,
    id: number,
    fieldsParam: PhpValue | undefined,
    actor: Actor,
    options: WriteOptions = {},
  ): true {
    if (!Number.isInteger(id) || id <= 0) throw crmError('ID is not defined or invalid.');
    const fields = this.fieldsParam(fieldsParam);
    const current = this.table(entity).get(id);
    if (!current) throw crmError(`${LABEL[entity]} is not found`);
    const draft: CrmRecord = structuredClone(current);
    this.applyScalars(draft, fields, true, options);
    draft.multi = applyMultiFields(draft.multi, fields, () => this.nextMultiId++);
    this.applyUserFields(draft, fields, false);
    this.applyRules(draft, fields, actor.userId, true);
    if (entity === 'DEAL') this.syncOpportunity(draft, false);
    const now = this.deps.now();
    draft.modifiedAt = now;
    draft.fields.DATE_MODIFY = now.toISOString();
    draft.fields.MODIFY_BY_ID = String(actor.userId);
    this.computeFlags(draft);
    this.table(entity).set(id, draft);
    this.recordStage(current, draft);
    this.deps.onChange(entity, 'UPDATE', id, actor);
    return true;
  }

  delete(entity: CrmEntity, id: number, actor: Actor): true {
    if (!Number.isInteger(id) || id <= 0) throw crmError('ID is not defined or invalid.');
    if (!this.table(entity).delete(id)) throw coreError('Element not found');
    if (entity === 'DEAL') this.productRows.delete(id);
    if (entity === 'CONTACT') {
      for (const bound of [...this.deals.values(), ...this.leads.values()]) {
        bound.contactIds = bound.contactIds.filter((c) => c !== id);
        bound.fields.CONTACT_ID = bound.contactIds[0] !== undefined ? String(bound.contactIds[0]) : null;
      }
    }
    this.deps.onChange(entity, 'DELETE', id, actor);
    return true;
  }

  private recordStage(before: CrmRecord | null, after: CrmRecord): void {
    if (after.entity === 'CONTACT') return;
    const key = after.entity === 'DEAL' ? 'STAGE_ID' : 'STATUS_ID';
    const stage = after.fields[key] ?? '';
    const semantic = (after.fields[after.entity === 'DEAL' ? 'STAGE_SEMANTIC_ID' : 'STATUS_SEMANTIC_ID'] ??
      'P') as 'P' | 'S' | 'F';
    const category = Number(after.fields.CATEGORY_ID ?? 0);
    let typeId: StageHistoryEntry['typeId'];
    if (!before) typeId = 1;
    else if (Number(before.fields.CATEGORY_ID ?? 0) !== category) typeId = 5;
    else if ((before.fields[key] ?? '') !== stage) typeId = semantic === 'P' ? 2 : 3;
    else return;
    this.stageHistory.push({
      id: this.nextHistoryId++,
      entity: after.entity,
      typeId,
      ownerId: after.id,
      createdAt: this.deps.now(),
      categoryId: category,
      stageId: stage,
      semantic,
    });
  }

  private fieldsParam(value: PhpValue | undefined): PhpMap {
    if (value === undefined || value === null) return {};
    if (Array.isArray(value)) return {};
    if (!isMap(value)) throw crmError("Parameter 'fields' must be array.");
    return value;
  }

  /**
   * Replaces a deal's product rows (crm.item.productrow.set) and, when the deal's amount is
   * automatic (IS_MANUAL_OPPORTUNITY N), recomputes OPPORTUNITY from them (crm/lib/field/
   * opportunity.php: the sum of price × quantity; back to 0 when the rows were all removed); a
   * changed amount is an update of the deal (its events fire).
   */
  setProductRows(dealId: number, rows: ProductRow[], actor: Actor): void {
    const deal = this.deals.get(dealId);
    if (!deal) throw crmError('Not found');
    const before = deal.fields.OPPORTUNITY;
    const had = (this.productRows.get(dealId) ?? []).length > 0;
    this.productRows.set(dealId, rows);
    this.syncOpportunity(deal, had);
    if (deal.fields.OPPORTUNITY !== before) {
      const now = this.deps.now();
      deal.modifiedAt = now;
      deal.fields.DATE_MODIFY = now.toISOString();
      deal.fields.MODIFY_BY_ID = String(actor.userId);
      this.deps.onChange('DEAL', 'UPDATE', dealId, actor);
    }
  }

  rowId(): number {
    return this.nextRowId++;
  }

  private syncOpportunity(deal: CrmRecord, rowsRemovable: boolean): void {
    if (deal.fields.IS_MANUAL_OPPORTUNITY === 'Y') return;
    const rows = this.productRows.get(deal.id) ?? [];
    if (rows.length > 0) {
      const sum = rows.reduce((total, row) => total + row.price * row.quantity, 0);
      deal.fields.OPPORTUNITY = (Math.round(sum * 100) / 100).toFixed(2);
    } else if (rowsRemovable) deal.fields.OPPORTUNITY = '0.00';
  }

  private applyScalars(record: CrmRecord, fields: PhpMap, updating: boolean, options: WriteOptions): void {
    for (const spec of fieldsOf(record.entity)) {
      if (!spec.writable || !(spec.name in fields)) continue;
      if (updating && spec.immutable && !options.allowCategoryChange) continue;
      if (RULED.has(spec.name)) continue; // crm-rules.ts
      record.fields[spec.name] = this.scalar(spec, fields[spec.name] ?? null);
    }
  }

  private scalar(spec: FieldSpec, value: PhpValue): string | null {
    if (value === null || isPhpArray(value)) return spec.type === 'string' ? '' : null;
    const text = strval(value);
    switch (spec.type) {
      case 'int':
      case 'user':
        return text === '' ? null : String(intval(value));
      case 'double':
        return (Number.isFinite(Number(text)) ? Number(text) : 0).toFixed(2);
      case 'char':
        return text.toUpperCase() === 'Y' || text === '1' || value === true ? 'Y' : 'N';
      case 'date': {
        if (text === '') return '';
        const date = parseDateInput(text, this.deps.zone);
        if (date === null) throw crmError(`Invalid date in the field ${spec.name}: "${text}".`);
        return date;
      }
      default:
        return text;
    }
  }

  private applyUserFields(record: CrmRecord, fields: PhpMap, adding: boolean): void {
    for (const def of this.deps.userFields.of(record.entity)) {
      const present = def.FIELD_NAME in fields;
      if (present)
        record.uf[def.FIELD_NAME] = this.deps.userFields.coerce(
          def,
          fields[def.FIELD_NAME] ?? null,
          this.deps.zone,
        );
      if (def.MANDATORY !== 'Y' || (!present && !adding)) continue;
      const stored = record.uf[def.FIELD_NAME];
      if (
        stored === undefined ||
        stored === null ||
        stored === '' ||
        (Array.isArray(stored) && stored.length === 0)
      ) {
        throw crmError(`The "${def.LABEL || def.FIELD_NAME}" field is required.`);
      }
    }
  }

  private applyRules(record: CrmRecord, fields: PhpMap, userId: number, updating: boolean): void {
    const { zone, region } = this.deps;
    const ctx = { now: this.deps.now(), zone, region, userId, updating };
    if (record.entity === 'LEAD') applyLeadRules(record, fields, ctx);
    if (record.entity !== 'DEAL') return;
    applyDealRules(record, fields, ctx, {
      exists: (categoryId) => this.categories.some((c) => c.id === categoryId),
      stagesOf: (categoryId) => this.stagesOf(categoryId),
    });
  }

  private computeFlags(record: CrmRecord): void {
    if (!hasMultiFields(record.entity)) return;
    const has = (type: string) => (record.multi.some((m) => m.TYPE_ID === type) ? 'Y' : 'N');
    record.fields.HAS_PHONE = has('PHONE');
    record.fields.HAS_EMAIL = has('EMAIL');
    record.fields.HAS_IMOL = record.multi.some((m) => m.TYPE_ID === 'IM' && m.VALUE_TYPE === 'OPENLINE')
      ? 'Y'
      : 'N';
  }
}
