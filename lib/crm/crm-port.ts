import type { CampaignDelivery, MailingFields } from '@/lib/domain/campaign-delivery';
import type { Kopecks } from '@/lib/domain/money';
import type { CrmCalendarMirror } from './crm-calendar';

/**
 * The one interface feature code uses for both CRMs (DESIGN.md "Layout": neither adapter knows the
 * other; feature code knows only CrmPort, so every feature works in both). Terms are the domain's,
 * never a CRM's: money in kopecks, phones as digits, birth dates as YYYY-MM-DD, times as ISO 8601
 * in UTC, ids as strings. Every method may send several entities in one request (Bitrix24 `batch`
 * of ≤50, amoCRM writes of ≤50 entities); an adapter splits larger inputs itself.
 *
 * Writes that create are made idempotent by an external key (Bitrix24 ORIGIN_ID / xmlId, amoCRM a
 * field of ours): an adapter looks the key up before creating, so a retried job never makes a
 * second deal or product.
 */

export type CrmKind = 'bitrix24' | 'amocrm';

export interface ChildSummary {
  name: string;
  /** YYYY-MM-DD, or null when Lime does not know it. */
  birthDate: string | null;
}

/** What a manager sees of Lime on a contact (the fields created at install). */
export interface LimeContactFields {
  limeClientId: string;
  cardNumber: string | null;
  category: 'adult' | 'child';
  children: ChildSummary[];
  deposit: Kopecks | null;
  bonus: number | null;
  /** ISO 8601. */
  lastVisitAt: string | null;
}

export interface CrmContactInput {
  firstName: string;
  lastName: string | null;
  /** Digits only (lib/domain/phone); written as the CRM's mobile type. */
  phone: string | null;
  /** Written as the CRM's private (home) type. */
  email: string | null;
  birthDate: string | null;
  lime: LimeContactFields | null;
  responsibleUserId: string | null;
}

export interface CrmContact {
  id: string;
  firstName: string;
  lastName: string | null;
  phones: string[];
  emails: string[];
  birthDate: string | null;
  limeClientId: string | null;
  responsibleUserId: string | null;
  /** ISO 8601, as the CRM reports the last change. */
  updatedAt: string | null;
}

/** What matching needs of a contact: its ids, phones, e-mails and our Lime client field. */
export interface CrmContactKeys {
  id: string;
  phones: string[];
  emails: string[];
  limeClientId: string | null;
}

export interface CrmContactScanPage {
  contacts: CrmContactKeys[];
  /** Where the next page starts; null after the last. */
  next: string | null;
}

export interface CrmStage {
  id: string;
  name: string;
  /** 'process' while open, 'success' / 'failure' when closed. */
  semantics: 'process' | 'success' | 'failure';
  sort: number;
}

export interface CrmPipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: CrmStage[];
}

export interface CrmUser {
  id: string;
  name: string;
  email: string | null;
  active: boolean;
}

export interface CrmProductInput {
  /** Our key for the product (the Lime good id), unique per tenant. */
  externalKey: string;
  name: string;
  price: Kopecks;
  active: boolean;
}

export interface CrmProductRow {
  /** The CRM product id, or null for a free-text line. */
  productId: string | null;
  name: string;
  price: Kopecks;
  quantity: number;
}

export interface CrmDealInput {
  /** Our key for the deal (e.g. "lime-check:123"), unique per tenant: re-delivery never makes a second deal. */
  externalKey: string;
  title: string;
  pipelineId: string;
  stageId: string;
  contactId: string | null;
  amount: Kopecks;
  responsibleUserId: string | null;
  limeCheckId?: string | null;
  /** The deal's field "Lime: pre-order": the pre-order as Lime's staff know it (its number, e.g. П-12). */
  limePreorderId?: string | null;
  /** ISO 8601. */
  eventAt?: string | null;
  hall?: string | null;
  products: CrmProductRow[];
}

/** What `updateDeal` changes of a deal; an absent field stays as the CRM has it. */
export interface CrmDealPatch {
  /** A stage of the deal's own pipeline: the CRMs refuse a stage of another. */
  stageId?: string;
  amount?: Kopecks;
  /** Replaces every row. */
  products?: CrmProductRow[];
  limePreorderId?: string | null;
  /** ISO 8601. */
  eventAt?: string | null;
  /** The hall field, as CrmDealInput writes it. */
  hall?: string | null;
  /**
   * This contact becomes the deal's main contact (the deal's other contacts stay, no longer main);
   * null takes the main contact off the deal. A contact the CRM does not have is
   * CrmEntityNotFoundError('contact').
   */
  contactId?: string | null;
}

/** A deal without its product rows (what lists need). */
export interface CrmDealSummary {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  /** The main contact first. */
  contactIds: string[];
  amount: Kopecks;
  externalKey: string | null;
}

export interface CrmDeal extends CrmDealSummary {
  products: CrmProductRow[];
}

export interface UpsertResult {
  id: string;
  created: boolean;
}

/**
 * A Lime client new to the CRM, as a lead (the tenant setting `newClientsAsLeads`). The client's
 * own responsible user is not asked for: the lead's is used for everything the call creates.
 */
export interface CrmLeadInput {
  /** Our key for the lead (e.g. "lime-client:123"), unique per tenant: a second call finds the first lead. */
  externalKey: string;
  title: string;
  /** The client: Bitrix24 writes it into the lead itself, amoCRM makes it a new contact of the lead. */
  contact: Omit<CrmContactInput, 'responsibleUserId'>;
  /**
   * Where the lead lands, as listPipelines names it (amoCRM; absent: the main pipeline's first
   * stage). Bitrix24 leads have no pipelines and their statuses are not deal stages, so there both
   * are ignored and the lead starts in the portal's first status.
   */
  pipelineId?: string | null;
  stageId?: string | null;
  /** The lead's responsible user (and, in amoCRM, its contact's); null: the CRM's default, the integration's user. */
  responsibleUserId: string | null;
}

export interface CrmLeadResult {
  leadId: string;
  /** amoCRM: the lead's contact; Bitrix24: null (a lead holds the client itself until converted). */
  contactId: string | null;
  /** false: the lead with this key was there already and is returned as it is. */
  created: boolean;
}

export interface CrmTaskInput {
  entity: 'contact' | 'deal';
  id: string;
  /** What the manager is to do; where the CRM gives a task a title (Bitrix24), its first line is the title. */
  text: string;
  /** ISO 8601; both CRMs keep whole seconds. */
  dueAt: string;
  /** Who is to do it; null: the CRM's default, the user the integration acts as. */
  responsibleUserId: string | null;
}

/** A system entry in an entity's timeline (addLogEntry, addLogEntries). */
export interface CrmLogEntry {
  entity: 'contact' | 'deal';
  id: string;
  title: string;
  text: string;
}

export type CrmLogEntryOutcome = 'written' | 'not_found' | 'failed';

/** One deal's move from a stage to the next, as the CRM's history records it. */
export interface CrmStageMove {
  dealId: string;
  /** The deal's main contact now; null when it has none. */
  contactId: string | null;
  fromStageId: string;
  toStageId: string;
  /** The deal's pipeline after the move. */
  pipelineId: string;
  at: Date;
}

/** The moves made from `since` on, and where the next read should start (pass it back as `since`). */
export interface CrmStageMoves {
  moves: CrmStageMove[];
  until: Date;
}

/** What runMailing needs to know of whom it mails. */
export interface CrmMailingTarget {
  /** Our key for what the CRM makes for this send (a deal or lead): a retry finds it instead of making another. */
  key: string;
  contactId: string;
  /** The deal the occasion is about (NPS): the automation runs on it instead of a new one. */
  dealId?: string | null;
  /** The title of a deal or lead made for the message. */
  title: string;
  /**
   * An earlier attempt asked the CRM's automation at this instant and stopped before hearing back
   * (null or absent: none did): the adapter looks for what it set going before asking again.
   */
  askedBefore?: Date | null;
  /** Called just before the automation is asked, so a later attempt knows it may have been. */
  beforeAsking?: () => Promise<void>;
  /** Called when the CRM refused the request before running it: a later attempt need not look. */
  notAsked?: () => Promise<void>;
}

/**
 * What the CRM showed of a delivery: `confirmed` — something observable followed (a deal moved on,
 * a business process got its id); `not_confirmed` — the CRM accepted it and nothing observable
 * followed; `unknown` — an earlier attempt may have set it going and nothing shows whether it did.
 */
export type CrmMailingCheck = 'confirmed' | 'not_confirmed' | 'unknown';

export interface CrmMailingOutcome {
  crmEntityId: string;
  /** Absent where the CRM's adapter checks nothing. */
  check?: CrmMailingCheck;
  /** The business process set going (Bitrix24), for the journal. */
  workflowId?: string;
}

/** The CRM's delivery is for another CRM or cannot work here (e.g. a trigger on a webhook-mode portal). */
export class CrmMailingUnsupportedError extends Error {
  readonly code = 'CRM_MAILING_UNSUPPORTED' as const;
  constructor(reason: string) {
    super(reason);
    this.name = 'CrmMailingUnsupportedError';
  }
}

/** The CRM refused to run the mailing as set up (a template or trigger gone, no right): trying again will not help. */
export class CrmMailingRefusedError extends Error {
  readonly code = 'CRM_MAILING_REFUSED' as const;
  constructor(reason: string) {
    super(reason);
    this.name = 'CrmMailingRefusedError';
  }
}

/** The CRM has no entity with this id (never had, or it was deleted): trying again will not help. */
export class CrmEntityNotFoundError extends Error {
  readonly code = 'CRM_ENTITY_NOT_FOUND' as const;
  constructor(
    readonly entity: 'contact' | 'deal',
    readonly id: string,
  ) {
    super(`The CRM has no ${entity} ${id}`);
    this.name = 'CrmEntityNotFoundError';
  }
}

export interface CrmPort {
  readonly kind: CrmKind;
  /** Contact ids whose phone or e-mail equals one given (exact, extensions ignored). */
  findContactIds(query: { phones?: string[]; emails?: string[] }): Promise<string[]>;
  getContacts(ids: string[]): Promise<CrmContact[]>;
  /**
   * Every contact's keys, a page at a time in id order (Bitrix24: up to 2,500 a batch request;
   * amoCRM: 250 a request), so an import matches thousands of clients without a search for each.
   */
  scanContacts(cursor: string | null): Promise<CrmContactScanPage>;
  /**
   * Contacts a manager looks for (at most `limit`, default 20): by name — words found anywhere in
   * the first or last name, case aside — or, when the query is a phone (only digits and + ( ) - .
   * and spaces, at least 7 digits), by phone in any format. A partial phone (its last 7+ digits)
   * finds it where the CRM searches inside numbers (amoCRM); Bitrix24 matches whole numbers only.
   */
  searchContacts(query: string, limit?: number): Promise<CrmContact[]>;
  /**
   * Creates (no id) or updates (id) contacts; results in input order. A create first looks for a
   * contact made before for the same Lime client, unless the caller vouches it has none (`unseen`:
   * a scan of every contact found none), which saves amoCRM a search per contact.
   */
  upsertContacts(
    items: { id: string | null; input: CrmContactInput; unseen?: boolean }[],
  ): Promise<UpsertResult[]>;
  /** Creates products by external key or updates the one with that key; results in input order. */
  upsertProducts(items: CrmProductInput[]): Promise<UpsertResult[]>;
  /**
   * A new client as a lead (Bitrix24: a CRM lead holding the client's name, phone, e-mail and
   * birth date; amoCRM: a lead with the client as a new contact, in one request), idempotent by
   * `externalKey`: a second call with the same key returns the first lead, unchanged (created: false).
   */
  createLead(input: CrmLeadInput): Promise<CrmLeadResult>;
  /** Creates the deal with this external key, or updates it; its product rows are replaced. */
  upsertDeal(input: CrmDealInput): Promise<UpsertResult>;
  /**
   * Changes a deal by its CRM id — one a manager or another flow made, which has no key of ours —
   * in what the patch names only (title, contacts and responsible stay). A deal the CRM does not
   * have is CrmEntityNotFoundError.
   */
  updateDeal(id: string, patch: CrmDealPatch): Promise<void>;
  getDeal(id: string): Promise<CrmDeal | null>;
  /** Many deals at once, without product rows, in input order; ids the CRM does not have are left out. */
  getDealSummaries(ids: string[]): Promise<CrmDealSummary[]>;
  /** A note in the entity's timeline (Bitrix24 comment, amoCRM note). */
  addNote(target: { entity: 'contact' | 'deal'; id: string; text: string }): Promise<void>;
  /**
   * A system entry in the timeline with a title (Bitrix24 log message, amoCRM service note): what
   * happened in Lime (a pass, a bonus credit), as opposed to a manager's note.
   */
  addLogEntry(target: CrmLogEntry): Promise<void>;
  /**
   * Many system entries at once, as addLogEntry writes one (Bitrix24: a batch per 50; amoCRM: one
   * request per 50 notes), in input order: `written`; `not_found` when the CRM has no such entity;
   * `failed` when it refused otherwise (the others are written all the same, so a caller retries
   * only the failed ones). A call that fails as a whole (the CRM unreachable) throws.
   */
  addLogEntries(entries: CrmLogEntry[]): Promise<CrmLogEntryOutcome[]>;
  /**
   * A task for a manager on the entity (amoCRM task of type "call"; Bitrix24 to-do activity), due at
   * `dueAt`. An entity the CRM does not have is CrmEntityNotFoundError. Not idempotent: neither CRM
   * keys a task by an id of ours, so a caller that must not make two records the task first.
   */
  addTask(target: CrmTaskInput): Promise<{ id: string }>;
  listPipelines(): Promise<CrmPipeline[]>;
  listUsers(): Promise<CrmUser[]>;
  /**
   * Deal stage moves recorded from `since` on (Bitrix24 crm.stagehistory.list; amoCRM
   * /api/v4/events of type lead_status_changed), each from the stage the deal was in just before:
   * A→B→C is A→B and B→C, never A→C, even when A→B happened before `since`. A creation is not a
   * move. Moves at `since` itself may come again in the next read (callers key occasions by the move).
   */
  stageMoves(since: Date): Promise<CrmStageMoves>;
  /**
   * Writes what a message inserts into the contact's fields of ours (absent: left alone; null:
   * cleared). A contact the CRM does not have is CrmEntityNotFoundError.
   */
  writeContactFields(contactId: string, fields: MailingFields): Promise<void>;
  /**
   * Sets the CRM's own automation going for one message (docs/mailings.md): a Bitrix24 trigger on the
   * target's deal or on a deal made for it in the chosen pipeline and stage, a Bitrix24 business
   * process on the contact, an amoCRM lead made for the contact in the chosen status. What it makes
   * is keyed by `target.key` (a retry finds it). A Bitrix24 business process is not keyed: after an
   * attempt that stopped unheard (`target.askedBefore`) the running workflows are looked at instead,
   * and none is started again. The outcome says what the CRM showed (`check`). A delivery this CRM
   * cannot run is CrmMailingUnsupportedError; a refusal of the CRM CrmMailingRefusedError; both final.
   */
  runMailing(delivery: CampaignDelivery, target: CrmMailingTarget): Promise<CrmMailingOutcome>;
  /**
   * The business-process templates for contacts an admin may choose for a mailing (Bitrix24
   * bizproc.workflow.template.list; empty where the portal refuses). amoCRM has none: undefined.
   */
  readonly listWorkflowTemplates?: () => Promise<{ id: string; name: string }[]>;
  /** The CRM's own booking calendar, where it has one (Bitrix24 booking.v1; amoCRM: undefined). */
  readonly calendar?: CrmCalendarMirror;
}
