import type { JournalDirection, JournalStatus } from '@/db/schema';
import type { JournalKind } from '@/lib/domain/journal';

/** The sync journal's words (settings panel and plain-words errors); part of `Dictionary`. */

export type JournalCrm = 'bitrix24' | 'amocrm';

export interface JournalDictionary {
  title: string;
  intro: string;
  kindFilter: string;
  statusFilter: string;
  all: string;
  /** The status filter's "error or dead" option. */
  failed: string;
  kinds: Record<JournalKind, string>;
  statuses: Record<JournalStatus, string>;
  directions: Record<JournalDirection, string>;
  /** Operations in words; an operation not listed is shown as it is. */
  operations: Record<string, string>;
  /** Numbers a row's details carry (written, unchanged…). */
  counts: Record<string, string>;
  retry: string;
  retrying: string;
  retryQueued: string;
  more: string;
  refresh: string;
  empty: string;
  loading: string;
  details: string;
  crmNames: Record<JournalCrm, string>;
  limeName: string;
  /** Field names as the CRMs report them (amoCRM paths, Bitrix24 titles) → words. */
  fieldNames: Record<string, string>;
  causes: {
    fieldRefused: (crm: string, fields: string) => string;
    valueRefused: (crm: string) => string;
    rateLimited: (system: string) => string;
    crmAuth: Record<JournalCrm, string>;
    crmBlocked: string;
    entityDeleted: (crm: string) => string;
    limeUnreachable: string;
    limeCapability: string;
    limeAuth: string;
    limeRefused: string;
    skipped: string;
    unknown: string;
  };
}
