import { z } from 'zod';

/**
 * The sync journal in domain terms: the stable "entity kind" a manager filters by (derived from the
 * operation, or named by the writer in `details.kind`), what a failed row carries to be retried,
 * and the facts of an error worth keeping next to its raw message. Pure: no I/O.
 */

export const JOURNAL_KINDS = [
  'products',
  'contacts',
  'deals',
  'preorders',
  'bonuses',
  'mailings',
  'lime-clients',
  'lime-events',
  'import',
  'connection',
  'sync',
] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** Rows no rule claims (job failures, reconciles, retries without a kind). */
export const FALLBACK_KIND: JournalKind = 'sync';

export interface JournalKindRule {
  kind: JournalKind;
  /** Operations named exactly. */
  operations?: readonly string[];
  /** Operations starting with one of these. */
  prefixes?: readonly string[];
}

/** First match wins; the database filter (db/queries/journal.ts) is built from the same list. */
export const JOURNAL_KIND_RULES: readonly JournalKindRule[] = [
  { kind: 'products', operations: ['crm.products.upsert'] },
  { kind: 'preorders', prefixes: ['crm.preorder', 'lime.preorder'] },
  { kind: 'bonuses', prefixes: ['lime.bonus', 'bonus.'] },
  { kind: 'mailings', prefixes: ['crm.mailing', 'mailing.', 'nps.'] },
  { kind: 'contacts', operations: ['crm.contacts.upsert'], prefixes: ['contact.'] },
  // amoCRM's leads are its deals.
  { kind: 'deals', operations: ['crm.deals.upsert'], prefixes: ['deal.', 'lead.'] },
  { kind: 'lime-clients', prefixes: ['lime.client.'] },
  { kind: 'import', prefixes: ['crm.import'] },
  { kind: 'lime-events', prefixes: ['lime.'] },
  {
    kind: 'connection',
    operations: [
      'bitrix24.setup',
      'bitrix24.uninstall',
      'bitrix24.webhook.connect',
      'amocrm.connect',
      'amocrm.disconnect',
    ],
  },
];

export function isJournalKind(value: unknown): value is JournalKind {
  return typeof value === 'string' && (JOURNAL_KINDS as readonly string[]).includes(value);
}

export function journalKindOf(row: { operation: string; details?: unknown }): JournalKind {
  const named = (row.details as { kind?: unknown } | null | undefined)?.kind;
  if (isJournalKind(named)) return named;
  const rule = JOURNAL_KIND_RULES.find(
    (r) => r.operations?.includes(row.operation) || r.prefixes?.some((p) => row.operation.startsWith(p)),
  );
  return rule?.kind ?? FALLBACK_KIND;
}

/** What a failed row carries to be tried again: a job of the tenant's lane and its payload. */
export const journalRetrySchema = z.object({
  job: z.string().min(1).max(100),
  payload: z.unknown().default({}),
});
export type JournalRetry = z.output<typeof journalRetrySchema>;

/** The facts of an error kept in `details` (the raw message stays in `error`). */
export interface JournalErrorFacts {
  /** The error class's literal code (BITRIX24_API_ERROR, LIME_UNREACHABLE, …). */
  errorCode?: string;
  httpStatus?: number;
  /** Bitrix24's own `error` (CRM_FIELD_ERROR_VALUE_NOT_VALID, QUERY_LIMIT_EXCEEDED, …). */
  crmCode?: string;
  /** The fields the CRM refused (amoCRM's validation paths). */
  fields?: string[];
}

const factsSchema = z.object({
  errorCode: z.string().optional(),
  httpStatus: z.number().int().optional(),
  crmCode: z.string().optional(),
  fields: z.array(z.string()).optional(),
});

/** Reads the facts back from a row's details (anything else there is ignored). */
export function errorFactsIn(details: unknown): JournalErrorFacts {
  const parsed = factsSchema.safeParse(details ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * The facts of a thrown error, by the public fields of our error classes (a literal `code`, the
 * HTTP `status`, Bitrix24's `bitrixCode`, amoCRM's `fieldErrors`), without importing them.
 */
export function errorFactsOf(error: unknown): JournalErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as { code?: unknown; status?: unknown; bitrixCode?: unknown; fieldErrors?: unknown };
  const facts: JournalErrorFacts = {};
  if (typeof e.code === 'string') facts.errorCode = e.code;
  if (typeof e.status === 'number' && Number.isInteger(e.status)) facts.httpStatus = e.status;
  if (typeof e.bitrixCode === 'string' && e.bitrixCode !== '') facts.crmCode = e.bitrixCode;
  if (Array.isArray(e.fieldErrors)) {
    const fields = e.fieldErrors
      .map((f) => (f as { path?: unknown }).path)
      .filter((p): p is string => typeof p === 'string');
    if (fields.length > 0) facts.fields = [...new Set(fields)];
  }
  return facts;
}

/** What a writer stores for a failure: the raw message and, in details, its facts and the retry. */
export function journalFailure(
  error: unknown,
  retry?: JournalRetry,
): { error: string; details: JournalErrorFacts & { retry?: JournalRetry } } {
  return {
    error: error instanceof Error ? error.message : String(error),
    details: { ...errorFactsOf(error), ...(retry ? { retry } : {}) },
  };
}
