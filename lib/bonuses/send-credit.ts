import type { Db } from '@/db/client';
import {
  type BonusCreditRow,
  markCreditDone,
  markCreditFailed,
  releaseCreditLease,
} from '@/db/queries/bonus-credits';
import { appendJournal } from '@/db/queries/journal';
import { journalFailure } from '@/lib/domain/journal';
import { kopecks } from '@/lib/domain/money';
import { LimeError } from '@/lib/lime/errors';
import type { LimeGateway } from '@/lib/lime/gateway';

/**
 * One leased credit → Lime (BonusAccruals/Insert), its key as the Idempotency-Key and its body
 * built from the row alone, so every try of it is the same request: a try after a lost answer is
 * Lime's replay of the first, never a second accrual. Lime's accrual is recorded on the row and in
 * the journal. A refusal (validation, an unknown client, an installation without accruals) fails
 * the credit with Lime's words; a failure worth trying again gives the lease back and is thrown,
 * for the job to retry.
 */

/** A lease outlives one send with its retries (three tries of at most 15 s each, and back-off). */
export const CREDIT_LEASE_SECONDS = 120;

export type SendOutcome = { outcome: 'credited'; row: BonusCreditRow } | { outcome: 'failed'; error: string };

export async function sendLeasedCredit(
  deps: { db: Db; lime: LimeGateway },
  credit: BonusCreditRow,
): Promise<SendOutcome> {
  const scope = { tenantId: credit.tenantId, id: credit.id };
  try {
    const accrual = await deps.lime.accrueBonus(
      {
        clientId: credit.clientId,
        amount: kopecks(credit.amountKopecks),
        reason: credit.reason,
        relatedClientId: credit.relatedClientId,
        comment: credit.comment,
      },
      { idempotencyKey: credit.key },
    );
    const row = await markCreditDone(deps.db, {
      ...scope,
      accrualId: accrual.id,
      balanceAfterKopecks: accrual.balanceAfter,
    });
    await appendJournal(deps.db, {
      tenantId: credit.tenantId,
      direction: 'crm_to_lime',
      operation: 'lime.bonus.credit',
      status: 'ok',
      entity: 'client',
      entityId: String(credit.clientId),
      details: journalDetails(credit, { accrualId: accrual.id, replayed: accrual.replayed }),
    });
    return { outcome: 'credited', row: row ?? credit };
  } catch (error) {
    if (error instanceof LimeError && !error.retryable) {
      await failCredit(deps.db, credit, error);
      return { outcome: 'failed', error: error.message };
    }
    await releaseCreditLease(deps.db, scope);
    throw error;
  }
}

/** Fails a credit for good, with the reason in its row and in the journal. */
export async function failCredit(db: Db, credit: BonusCreditRow, error: unknown): Promise<void> {
  const failure = journalFailure(error);
  await markCreditFailed(db, { tenantId: credit.tenantId, id: credit.id, error: failure.error });
  await appendJournal(db, {
    tenantId: credit.tenantId,
    direction: 'crm_to_lime',
    operation: 'lime.bonus.credit',
    status: 'error',
    entity: 'client',
    entityId: String(credit.clientId),
    error: failure.error,
    details: { ...failure.details, ...journalDetails(credit, {}) },
  });
}

const journalDetails = (credit: BonusCreditRow, extra: Record<string, unknown>) => ({
  kind: 'bonuses',
  key: credit.key,
  amountKopecks: credit.amountKopecks,
  reason: credit.reason,
  ...(credit.relatedClientId === null ? {} : { relatedClientId: credit.relatedClientId }),
  ...(credit.runId === null ? {} : { runId: credit.runId }),
  ...(credit.requestedBy === null ? {} : { requestedBy: credit.requestedBy }),
  ...extra,
});
