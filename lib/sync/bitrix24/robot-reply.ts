import { getInboxRow } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import {
  finishRobotReplies,
  leaseReadyRobotReplies,
  type ReadyRobotReply,
  recordRobotReply,
  releaseRobotReplies,
} from '@/db/queries/robot-replies';
import { Bitrix24ApiError } from '@/lib/crm/bitrix24/errors';
import { BATCH_LIMIT, type BatchCommands, type Bitrix24Rest } from '@/lib/crm/bitrix24/rest';
import { formatRubles, kopecksToRubles } from '@/lib/domain/money';
import type { Locale } from '@/lib/i18n/pick-locale';
import { type RobotWords, robotWords } from '@/lib/i18n/robot-words';
import { getSetting } from '@/lib/settings/settings';
import { type Bitrix24Deps, portalRest } from './deps';
import { type StoredRobotRun, storedRobotRunSchema } from './robot';
import { robotCreditKey } from './robot-credit';

/**
 * The robot runs' answers to their workflows (bizproc.event.send, docs/bitrix24-robot.md): the
 * return values the robot declares — `status` (credited, refused, failed), `creditedAmount` and
 * `balance` in rubles, `error` — and a LOG_MESSAGE in the portal's language, sent with the install's
 * tokens, never the POST's. Every answer that is ready (its credit settled, or the run refused) goes
 * at once, 50 commands to a `batch` request: 500 runs cost ten requests, not five hundred at the
 * portal's 2 a second. Each is leased while it is sent and finished when the portal has answered, so
 * it is sent once. A command the portal refused with ACCESS_DENIED (the answer went already, the
 * workflow was stopped or timed out) is done: nothing more to say. Any other failed command is sent
 * again alone; if the portal cannot be reached, the rest are given back and the job tries again.
 */

const BATCHES_PER_JOB = 10;
const LEASE_SECONDS = 120;

export interface ReplyStats {
  answered: number;
  notWaiting: number;
  /** Portal requests made. */
  requests: number;
  /** Ready answers may be left: another job should go on. */
  more: boolean;
}

interface Reply {
  inboxId: number;
  key: string | null;
  run: StoredRobotRun;
  values: { status: string; creditedAmount: number; balance: number | ''; error: string };
  logMessage: string;
}

function replyOf(ready: ReadyRobotReply, words: RobotWords, locale: Locale): Reply {
  const run = storedRobotRunSchema.parse(ready.payload);
  const credit = ready.credit;
  const values: Reply['values'] =
    ready.refusal !== null
      ? { status: 'refused', creditedAmount: 0, balance: '', error: ready.refusal }
      : credit?.status === 'done'
        ? {
            status: 'credited',
            creditedAmount: kopecksToRubles(credit.amountKopecks),
            balance: credit.balanceAfterKopecks === null ? '' : kopecksToRubles(credit.balanceAfterKopecks),
            error: '',
          }
        : { status: 'failed', creditedAmount: 0, balance: '', error: credit?.error ?? '' };
  const logMessage =
    values.status === 'credited'
      ? words.credited(
          formatRubles(Math.round(values.creditedAmount * 100), locale),
          values.balance === '' ? null : formatRubles(Math.round(values.balance * 100), locale),
        )
      : values.status === 'failed'
        ? words.failed(values.error)
        : values.error;
  return { inboxId: ready.inboxId, key: ready.creditKey, run, values, logMessage };
}

const isGone = (code: string) => code === 'ACCESS_DENIED';

const eventSend = (reply: Reply): [string, Record<string, unknown>] => [
  'bizproc.event.send',
  { EVENT_TOKEN: reply.run.eventToken, RETURN_VALUES: reply.values, LOG_MESSAGE: reply.logMessage },
];

/** Sends one batch of answers; returns which were answered and which no longer waited. */
async function sendBatch(
  rest: Bitrix24Rest,
  replies: Reply[],
  stats: ReplyStats,
): Promise<{ answered: Reply[]; gone: Reply[] }> {
  const commands: BatchCommands = {};
  for (const reply of replies) commands[`r${reply.inboxId}`] = eventSend(reply);
  stats.requests++;
  const outcome = await rest.batch(commands);
  const answered: Reply[] = [];
  const gone: Reply[] = [];
  for (const reply of replies) {
    const failure = outcome.errors[`r${reply.inboxId}`];
    if (!failure) answered.push(reply);
    else if (isGone(String(failure.error))) gone.push(reply);
    else {
      // This command alone failed: sent again alone, so the others are not sent twice.
      stats.requests++;
      try {
        await rest.call(...eventSend(reply));
        answered.push(reply);
      } catch (error) {
        if (!(error instanceof Bitrix24ApiError && isGone(error.bitrixCode))) throw error;
        gone.push(reply);
      }
    }
  }
  return { answered, gone };
}

export async function answerRobotRuns(deps: Bitrix24Deps, tenantId: string): Promise<ReplyStats> {
  const db = deps.database.db;
  const stats: ReplyStats = { answered: 0, notWaiting: 0, requests: 0, more: false };
  const locale = await getSetting(db, { tenantId, key: 'locale' });
  const words = robotWords(locale);
  let rest: Bitrix24Rest | null = null;
  for (let round = 0; round < BATCHES_PER_JOB; round++) {
    const ready = await leaseReadyRobotReplies(db, {
      tenantId,
      limit: BATCH_LIMIT,
      leaseSeconds: LEASE_SECONDS,
    });
    if (ready.length === 0) return stats;
    const replies = ready.map((r) => replyOf(r, words, locale));
    // A run that does not wait for an answer (USE_SUBSCRIPTION N) gets none.
    const silent = replies.filter((r) => r.run.useSubscription === 'N');
    const waiting = replies.filter((r) => r.run.useSubscription !== 'N');
    let sent: { answered: Reply[]; gone: Reply[] } = { answered: [], gone: [] };
    if (waiting.length > 0) {
      rest ??= await portalRest(deps, tenantId);
      try {
        sent = await sendBatch(rest, waiting, stats);
      } catch (error) {
        await releaseRobotReplies(db, { tenantId, inboxIds: ready.map((r) => r.inboxId) });
        throw error;
      }
    }
    const ids = (list: Reply[]) => list.map((r) => r.inboxId);
    await finishRobotReplies(db, { tenantId, inboxIds: ids(sent.answered), status: 'answered' });
    await finishRobotReplies(db, {
      tenantId,
      inboxIds: [...ids(sent.gone), ...ids(silent)],
      status: 'not_waiting',
    });
    stats.answered += sent.answered.length;
    stats.notWaiting += sent.gone.length + silent.length;
    await journal(deps, tenantId, sent);
  }
  return { ...stats, more: true };
}

async function journal(
  deps: Bitrix24Deps,
  tenantId: string,
  sent: { answered: Reply[]; gone: Reply[] },
): Promise<void> {
  const entry = (reply: Reply) => ({
    tenantId,
    direction: 'lime_to_crm' as const,
    operation: 'bitrix24.robot',
    entity: 'document',
    entityId: reply.run.documentId[2],
  });
  const details = (reply: Reply) => ({
    workflowId: reply.run.workflowId,
    code: reply.run.code,
    status: reply.values.status,
    ...(reply.key && reply.values.status !== 'refused' ? { key: reply.key } : {}),
  });
  for (const reply of sent.answered)
    await appendJournal(deps.database.db, {
      ...entry(reply),
      status: 'ok',
      details: { ...details(reply), logMessage: reply.logMessage },
    });
  for (const reply of sent.gone)
    await appendJournal(deps.database.db, {
      ...entry(reply),
      status: 'skipped',
      error: 'The workflow no longer waits for this answer (answered already, stopped or timed out)',
      details: details(reply),
    });
}

/** A reply job sent before answers were batched names its run: its answer is recorded, if it was not. */
export async function recordEarlierReply(
  deps: Bitrix24Deps,
  tenantId: string,
  params: { inboxId: number; refusal?: string },
): Promise<void> {
  const db = deps.database.db;
  const { inboxId, refusal } = params;
  if (refusal !== undefined) return recordRobotReply(db, { tenantId, inboxId, refusal });
  const row = await getInboxRow(db, { tenantId, id: inboxId });
  const run = row && storedRobotRunSchema.safeParse(row.payload);
  if (run?.success) await recordRobotReply(db, { tenantId, inboxId, creditKey: robotCreditKey(run.data) });
}
