import type { BonusCreditRow } from '@/db/queries/bonus-credits';
import type { BonusRunRow } from '@/db/queries/bonus-runs';
import type { BonusRunSkip } from '@/db/schema-bonuses';
import type { AudienceFilter } from '@/lib/domain/bonus-audience';
import type { BonusReason } from '@/lib/domain/lime';
import { bonusWords } from '@/lib/i18n/bonus-words';
import type { Locale } from '@/lib/i18n/pick-locale';

/** What the bonus API answers: credits and runs as a page shows them (amounts in kopecks, times ISO). */

export interface CreditView {
  id: string;
  status: BonusCreditRow['status'];
  amountKopecks: number;
  reason: BonusReason;
  comment: string | null;
  clientId: number;
  relatedClientId: number | null;
  contactId: string | null;
  /** Lime's accrual, once done. */
  accrualId: number | null;
  balanceAfterKopecks: number | null;
  /** Why it failed, in Lime's words. */
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  doneAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function creditView(row: BonusCreditRow): CreditView {
  return {
    id: row.id,
    status: row.status,
    amountKopecks: row.amountKopecks,
    reason: row.reason,
    comment: row.comment,
    clientId: row.clientId,
    relatedClientId: row.relatedClientId,
    contactId: row.crmContactId,
    accrualId: row.accrualId,
    balanceAfterKopecks: row.balanceAfterKopecks,
    error: row.error,
    requestedBy: row.requestedBy,
    createdAt: new Date(row.createdAt).toISOString(),
    doneAt: iso(row.doneAt),
  };
}

export interface RunView {
  id: string;
  status: BonusRunRow['status'];
  source: 'filter' | 'selection';
  filter: AudienceFilter | null;
  amountKopecks: number;
  reason: BonusReason;
  comment: string | null;
  /** People to credit (null until the run has written its credits). */
  total: number | null;
  credited: number;
  /** People whose credit of this run existed already (a list naming a client twice). */
  already: number;
  failed: number;
  pending: number;
  /** List rows that could not be credited, with the reason in words. */
  skipped: (BonusRunSkip & { reasonText: string })[];
  /** Why the run stopped, in words (interrupted runs). */
  problem: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function runView(row: BonusRunRow, locale: Locale): RunView {
  const words = bonusWords(locale);
  return {
    id: row.id,
    status: row.status,
    source: row.audience.source,
    filter: row.audience.source === 'filter' ? row.audience.filter : null,
    amountKopecks: row.amountKopecks,
    reason: row.reason,
    comment: row.comment,
    total: row.total,
    credited: row.credited,
    already: row.already,
    failed: row.failed,
    pending: row.total === null ? 0 : Math.max(0, row.total - row.credited - row.failed),
    skipped: row.skipped.map((s) => ({ ...s, reasonText: words.skipReasons[s.reason] })),
    problem: row.status === 'interrupted' ? words.limeUnreachable : null,
    requestedBy: row.requestedBy,
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
