import { errorFactsIn, type JournalErrorFacts } from '@/lib/domain/journal';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { JournalCrm } from '@/lib/i18n/journal-dictionary';

/**
 * A stored error in words a park manager understands (ru or en): the CRM refused a field (named,
 * where the CRM's answer names it: Bitrix24's error_description, amoCRM's validation paths), rate
 * limits, lost authorization, a deleted CRM record, Lime unreachable / lacking the operation / not
 * accepting our token, or a plain "failed". The raw message always follows as the detail line.
 *
 * Facts come from the row's details (errorCode, httpStatus, crmCode, fields: written by the writers
 * since the journal panel); older rows are read from the message, whose form our error classes fix
 * (`Bitrix24 <method>: <code> — <description>`, `amoCRM <path>: HTTP <status> — <detail> (<path>: <code>)`).
 */

export type PlainCause =
  | 'field-refused'
  | 'value-refused'
  | 'rate-limited'
  | 'crm-auth'
  | 'crm-blocked'
  | 'entity-deleted'
  | 'lime-unreachable'
  | 'lime-capability'
  | 'lime-auth'
  | 'lime-refused'
  | 'skipped'
  | 'unknown';

export interface PlainError {
  cause: PlainCause;
  text: string;
  /** The raw message, for the details line. */
  detail: string;
}

interface Facts extends JournalErrorFacts {
  /** Bitrix24's error_description. */
  description?: string;
}

const B24_AUTH = new Set([
  'NO_AUTH_FOUND',
  'expired_token',
  'invalid_token',
  'INVALID_CREDENTIALS',
  'PORTAL_DELETED',
  'ACCESS_DENIED',
  'insufficient_scope',
  'user_access_error',
  'invalid_grant',
  'invalid_client',
]);
const B24_RATE = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'OVERLOAD_LIMIT']);
const B24_MISSING = new Set(['NOT_FOUND', 'OWNER_NOT_FOUND', 'ERROR_ENTITY_NOT_FOUND']);

const B24_MESSAGE =
  /^Bitrix24 (?<method>.+?): (?:HTTP (?<status>\d{3})|(?<code>\S+))(?: — (?<description>[\s\S]*))?$/;
const AMO_MESSAGE =
  /^amoCRM (?<path>\S+): HTTP (?<status>\d{3})(?: — (?<detail>[\s\S]*?))?(?: \((?<fields>[^()]+)\))?$/;

/** Facts read from a message in one of our error classes' forms (rows without stored facts). */
export function factsFromMessage(message: string): Facts {
  if (/^Bitrix24 .+: rate limited until /.test(message)) return { errorCode: 'BITRIX24_RATE_LIMITED' };
  if (/^Bitrix24 refused the refresh/.test(message)) return { errorCode: 'BITRIX24_REINSTALL_REQUIRED' };
  if (/^amoCRM .+: rate limited until /.test(message)) return { errorCode: 'AMOCRM_RATE_LIMITED' };
  if (/^amoCRM .+: the account answers 403/.test(message)) return { errorCode: 'AMOCRM_BLOCKED' };
  if (/^amoCRM refused the refresh/.test(message)) return { errorCode: 'AMOCRM_RECONNECT_REQUIRED' };
  if (/^The CRM has no (contact|deal) /.test(message)) return { errorCode: 'CRM_ENTITY_NOT_FOUND' };
  if (/^Lime has no .+ \(404\)/.test(message)) return { errorCode: 'LIME_CAPABILITY_MISSING' };
  const b24 = B24_MESSAGE.exec(message)?.groups;
  if (b24) {
    return {
      errorCode: 'BITRIX24_API_ERROR',
      ...(b24.status ? { httpStatus: Number(b24.status) } : {}),
      ...(b24.code ? { crmCode: b24.code } : {}),
      ...(b24.description ? { description: b24.description } : {}),
    };
  }
  const amo = AMO_MESSAGE.exec(message)?.groups;
  if (amo) {
    const fields = (amo.fields ?? '')
      .split(', ')
      .map((pair) => pair.split(': ')[0] ?? '')
      .filter(Boolean);
    return {
      errorCode: 'AMOCRM_API_ERROR',
      httpStatus: Number(amo.status),
      ...(fields.length > 0 ? { fields } : {}),
    };
  }
  return {};
}

type Verdict = { cause: PlainCause; fields?: string[]; system?: 'crm' | 'lime' };

/** Bitrix24 names a refused field by its title in the description: `… field "Stage"`, `поля "Стадия"`. */
function bitrix24Fields(description: string | undefined): string[] {
  return [...(description ?? '').matchAll(/["«]([^"»]{1,60})["»]/g)].map((m) => m[1] as string);
}

function bitrix24Verdict(facts: Facts): Verdict {
  const code = facts.crmCode ?? '';
  const status = facts.httpStatus ?? 0;
  if (status === 401 || B24_AUTH.has(code)) return { cause: 'crm-auth' };
  if (status === 503 || status === 429 || B24_RATE.has(code)) return { cause: 'rate-limited', system: 'crm' };
  if (B24_MISSING.has(code) || /^(Element )?not found\.?$/i.test(facts.description ?? ''))
    return { cause: 'entity-deleted' };
  const fields = bitrix24Fields(facts.description);
  return fields.length > 0 ? { cause: 'field-refused', fields } : { cause: 'value-refused' };
}

function amocrmVerdict(facts: Facts): Verdict {
  switch (facts.httpStatus) {
    case 401:
      return { cause: 'crm-auth' };
    case 403:
      return { cause: 'crm-blocked' };
    case 404:
      return { cause: 'entity-deleted' };
    case 429:
      return { cause: 'rate-limited', system: 'crm' };
    case 400:
      return facts.fields?.length
        ? { cause: 'field-refused', fields: facts.fields }
        : { cause: 'value-refused' };
    default:
      return { cause: 'unknown' };
  }
}

const BY_CODE: Record<string, Verdict> = {
  BITRIX24_RATE_LIMITED: { cause: 'rate-limited', system: 'crm' },
  AMOCRM_RATE_LIMITED: { cause: 'rate-limited', system: 'crm' },
  LIME_RATE_LIMITED: { cause: 'rate-limited', system: 'lime' },
  AMOCRM_BLOCKED: { cause: 'crm-blocked' },
  BITRIX24_REINSTALL_REQUIRED: { cause: 'crm-auth' },
  BITRIX24_NOT_INSTALLED: { cause: 'crm-auth' },
  AMOCRM_RECONNECT_REQUIRED: { cause: 'crm-auth' },
  // crmForTenant: the tenant is no longer active (uninstalled, disconnected).
  forbidden: { cause: 'crm-auth' },
  CRM_ENTITY_NOT_FOUND: { cause: 'entity-deleted' },
  LIME_UNREACHABLE: { cause: 'lime-unreachable' },
  LIME_TIMEOUT: { cause: 'lime-unreachable' },
  LIME_SERVER_ERROR: { cause: 'lime-unreachable' },
  LIME_AUTH_FAILED: { cause: 'lime-auth' },
  LIME_FORBIDDEN: { cause: 'lime-auth' },
  LIME_CAPABILITY_MISSING: { cause: 'lime-capability' },
  LIME_REJECTED: { cause: 'lime-refused' },
  LIME_NOT_FOUND: { cause: 'lime-refused' },
  LIME_INVALID_REQUEST: { cause: 'lime-refused' },
  LIME_PROTOCOL_ERROR: { cause: 'lime-refused' },
};

function verdictOf(facts: Facts, message: string): Verdict {
  if (facts.errorCode === 'BITRIX24_API_ERROR') return bitrix24Verdict(facts);
  if (facts.errorCode === 'AMOCRM_API_ERROR') return amocrmVerdict(facts);
  const known = facts.errorCode ? BY_CODE[facts.errorCode] : undefined;
  if (known) return known;
  // What an inbound read records for an entity gone before we read it.
  return /^not found$/i.test(message.trim()) ? { cause: 'entity-deleted' } : { cause: 'unknown' };
}

/** A field as the CRM reports it, in words: known names translated, array indices dropped. */
function fieldWord(field: string, names: Record<string, string>): string {
  const path = field.replace(/\.\d+(?=\.|$)/g, '');
  const parts = path.split('.');
  return names[path] ?? names[parts.slice(0, 2).join('.')] ?? names[parts[0] ?? ''] ?? field;
}

export function plainError(
  row: { error: string | null; details: unknown; status?: string },
  context: { crm: JournalCrm; locale: Locale },
): PlainError | null {
  const message = row.error?.trim() ?? '';
  if (!message) return null;
  const stored = errorFactsIn(row.details);
  const parsed = factsFromMessage(message);
  // Stored facts win; the description (Bitrix24's field title) only ever comes from the message.
  const facts: Facts = stored.errorCode ? { ...parsed, ...stored } : parsed;
  const found = verdictOf(facts, message);
  // A row set aside on purpose (skipped) did not fail: say so rather than "failed".
  const verdict: Verdict =
    found.cause === 'unknown' && row.status === 'skipped' ? { cause: 'skipped' } : found;
  const t = getDictionary(context.locale).journal;
  const crm = t.crmNames[context.crm];
  const text = (() => {
    switch (verdict.cause) {
      case 'field-refused': {
        const words = [...new Set((verdict.fields ?? []).map((f) => fieldWord(f, t.fieldNames)))];
        return t.causes.fieldRefused(crm, words.map((w) => `«${w}»`).join(', '));
      }
      case 'value-refused':
        return t.causes.valueRefused(crm);
      case 'rate-limited':
        return t.causes.rateLimited(verdict.system === 'lime' ? t.limeName : crm);
      case 'crm-auth':
        return t.causes.crmAuth[context.crm];
      case 'crm-blocked':
        return t.causes.crmBlocked;
      case 'entity-deleted':
        return t.causes.entityDeleted(crm);
      case 'lime-unreachable':
        return t.causes.limeUnreachable;
      case 'lime-capability':
        return t.causes.limeCapability;
      case 'lime-auth':
        return t.causes.limeAuth;
      case 'lime-refused':
        return t.causes.limeRefused;
      case 'skipped':
        return t.causes.skipped;
      default:
        return t.causes.unknown;
    }
  })();
  return { cause: verdict.cause, text, detail: message };
}
