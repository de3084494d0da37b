import type { Database } from '@/db/client';
import {
  type BonusCreditRow,
  getBonusCredit,
  insertBonusCredit,
  leaseBonusCredit,
  type NewBonusCredit,
  reopenFailedCredit,
} from '@/db/queries/bonus-credits';
import type { LimeGateway } from '@/lib/lime/gateway';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { BONUS_CREDIT_JOB } from './job-names';
import { CREDIT_LEASE_SECONDS, type SendOutcome, sendLeasedCredit } from './send-credit';

/**
 * One credit asked for (a card's button; later the birthday scheduler): the row is written under
 * its key — a second request for the same occasion finds the first (`already`) and sends nothing
 * new — and a job in the tenant's Lime lane sends it. A failed credit asked for again is sent again
 * with the same key (Lime, if it did credit it after all, answers with that accrual). A request may
 * name a job to send once the credit has settled — done or failed — (`whenSettled`: the Bitrix24 robot's
 * answer to its workflow).
 */

export interface CreditRequestResult {
  credit: BonusCreditRow;
  /** The occasion's credit existed before this request. */
  already: boolean;
}

/** A job of the same tenant, sent when a credit has settled. */
export interface SettledJob {
  kind: string;
  payload: Record<string, unknown>;
}

export const creditJob = (tenantId: string, creditId: string, whenSettled?: SettledJob): EnqueueRequest => ({
  kind: BONUS_CREDIT_JOB,
  tenantId,
  payload: whenSettled ? { creditId, whenSettled } : { creditId },
});

export async function requestCredit(
  deps: { database: Database; enqueue(job: EnqueueRequest): Promise<string | null> },
  credit: NewBonusCredit,
  options: { whenSettled?: SettledJob } = {},
): Promise<CreditRequestResult> {
  const db = deps.database.db;
  const { row, created } = await insertBonusCredit(db, credit);
  if (created) {
    await deps.enqueue(creditJob(credit.tenantId, row.id, options.whenSettled));
    return { credit: row, already: false };
  }
  const reopened =
    row.status === 'failed' ? await reopenFailedCredit(db, { tenantId: row.tenantId, id: row.id }) : null;
  if (reopened) {
    await deps.enqueue(creditJob(credit.tenantId, row.id, options.whenSettled));
    return { credit: reopened, already: false };
  }
  return { credit: row, already: true };
}

/**
 * The job's work: the credit's lease, then Lime. Nothing to do when the credit is done or failed; a
 * credit another worker holds (it is sending it, or died doing so) is `held` until its lease ends,
 * and the job looks again then. A retried or duplicated job sends nothing twice.
 */
export async function sendCredit(
  deps: { database: Database; gatewayFor(connectionId: string): Promise<LimeGateway> },
  params: { tenantId: string; creditId: string },
): Promise<SendOutcome | { outcome: 'held'; until: Date } | null> {
  const db = deps.database.db;
  const scope = { tenantId: params.tenantId, id: params.creditId };
  const current = await getBonusCredit(db, scope);
  if (current?.status !== 'pending') return null;
  const lime = await deps.gatewayFor(current.connectionId);
  const credit = await leaseBonusCredit(db, { ...scope, leaseSeconds: CREDIT_LEASE_SECONDS });
  if (!credit) {
    const now = await getBonusCredit(db, scope);
    if (now?.status !== 'pending') return null;
    return { outcome: 'held', until: now.leaseUntil ?? new Date() };
  }
  return sendLeasedCredit({ db, lime }, credit);
}
