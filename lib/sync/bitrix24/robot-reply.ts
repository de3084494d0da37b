import { getBonusCredit } from '@/db/queries/bonus-credits';
import { getInboxRow } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import { Bitrix24ApiError } from '@/lib/crm/bitrix24/errors';
import { formatRubles, kopecksToRubles } from '@/lib/domain/money';
import { robotWords } from '@/lib/i18n/robot-words';
import { getSetting } from '@/lib/settings/settings';
import { type Bitrix24Deps, portalRest } from './deps';
import { storedRobotRunSchema } from './robot';
import { robotCreditKey } from './robot-credit';

/**
 * A robot run's answer to its workflow (bizproc.event.send, docs/bitrix24-robot.md): the return
 * values the robot declares — `status` (credited, refused, failed), `creditedAmount` and `balance`
 * in rubles, `error` — and a LOG_MESSAGE in the portal's language. Sent with the install's tokens,
 * never the POST's. A token Bitrix24 no longer takes (the answer went already, the workflow was
 * stopped or timed out) is ACCESS_DENIED: nothing more to say, so the job ends.
 */

export type ReplyOutcome = 'answered' | 'not_waiting' | 'pending' | 'gone';

export async function answerRobotRun(
  deps: Bitrix24Deps,
  tenantId: string,
  params: { inboxId: number; refusal?: string },
): Promise<ReplyOutcome> {
  const db = deps.database.db;
  const row = await getInboxRow(db, { tenantId, id: params.inboxId });
  if (!row) return 'gone';
  const run = storedRobotRunSchema.parse(row.payload);
  if (run.useSubscription === 'N') return 'not_waiting';
  const locale = await getSetting(db, { tenantId, key: 'locale' });
  const words = robotWords(locale);
  let values: { status: string; creditedAmount: number; balance: number | ''; error: string };
  let key: string | null = null;
  if (params.refusal !== undefined) {
    values = { status: 'refused', creditedAmount: 0, balance: '', error: params.refusal };
  } else {
    key = robotCreditKey(run);
    const credit = await getBonusCredit(db, { tenantId, key });
    if (!credit || credit.status === 'pending') return 'pending';
    values =
      credit.status === 'done'
        ? {
            status: 'credited',
            creditedAmount: kopecksToRubles(credit.amountKopecks),
            balance: credit.balanceAfterKopecks === null ? '' : kopecksToRubles(credit.balanceAfterKopecks),
            error: '',
          }
        : { status: 'failed', creditedAmount: 0, balance: '', error: credit.error ?? '' };
  }
  const logMessage =
    values.status === 'credited'
      ? words.credited(
          formatRubles(Math.round(values.creditedAmount * 100), locale),
          values.balance === '' ? null : formatRubles(Math.round(values.balance * 100), locale),
        )
      : values.status === 'failed'
        ? words.failed(values.error)
        : values.error;
  const journal = {
    tenantId,
    direction: 'lime_to_crm' as const,
    operation: 'bitrix24.robot',
    entity: 'document',
    entityId: run.documentId[2],
  };
  const details = {
    workflowId: run.workflowId,
    code: run.code,
    status: values.status,
    ...(key ? { key } : {}),
  };
  try {
    await (await portalRest(deps, tenantId)).call('bizproc.event.send', {
      EVENT_TOKEN: run.eventToken,
      RETURN_VALUES: values,
      LOG_MESSAGE: logMessage,
    });
  } catch (error) {
    if (!(error instanceof Bitrix24ApiError && error.bitrixCode === 'ACCESS_DENIED')) throw error;
    await appendJournal(db, {
      ...journal,
      status: 'skipped',
      error: 'The workflow no longer waits for this answer (answered already, stopped or timed out)',
      details,
    });
    return 'not_waiting';
  }
  await appendJournal(db, { ...journal, status: 'ok', details: { ...details, logMessage } });
  return 'answered';
}
