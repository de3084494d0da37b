import { dedupeKeyOf, listUnprocessedInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import { getBonusRules } from '@/lib/bonuses/bonus-rules';
import { activeLimeConnectionId, contactClient } from '@/lib/bonuses/card-client';
import { requestCredit } from '@/lib/bonuses/credit-service';
import { BonusRefusedError } from '@/lib/bonuses/errors';
import { Bitrix24ApiError } from '@/lib/crm/bitrix24/errors';
import type { Bitrix24Rest } from '@/lib/crm/bitrix24/rest';
import { ROBOT_REASONS } from '@/lib/crm/bitrix24/robot-setup';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { formatRubles, rublesToKopecks } from '@/lib/domain/money';
import { NotFoundError } from '@/lib/http/errors';
import { type BonusErrorWords, bonusErrorWords } from '@/lib/i18n/bonus-errors';
import type { Locale } from '@/lib/i18n/pick-locale';
import { type RobotWords, robotWords } from '@/lib/i18n/robot-words';
import { getSetting } from '@/lib/settings/settings';
import { type Bitrix24Deps, portalRest } from './deps';
import { ROBOT_CREDIT_JOB, ROBOT_INBOX_KIND, ROBOT_REPLY_JOB } from './job-names';
import { type StoredRobotRun, storedRobotRunSchema } from './robot';

/**
 * The stored runs of the bonus robot → credits (docs/bitrix24-robot.md). Each run credits the
 * client of the document's contact — the contact itself, or a deal's or lead's main contact — the
 * amount of its `amount` property (rubles), through the card's credit path: one credit per run
 * (`robot:<workflow>:<token digest>`, so a POST sent again finds the first), sent to Lime by its job
 * in the Lime lane, on the contact's timeline and in the journal. The workflow hears the outcome
 * once the credit has settled (the credit job sends the reply); a run that cannot be credited — a
 * company, no contact, no Lime client, an amount over the limit — is answered at once, in words.
 */

const ROWS_PER_RUN = 50;
const DOCUMENT = /^(CONTACT|DEAL|LEAD)_(\d+)$/;

export const robotReplyJob = (tenantId: string, inboxId: number, refusal?: string) => ({
  kind: ROBOT_REPLY_JOB,
  tenantId,
  payload: refusal === undefined ? { inboxId } : { inboxId, refusal },
});

/** The run's credit key: its workflow and a digest of its event token. */
export const robotCreditKey = (run: StoredRobotRun) =>
  bonusKeys.robotRun(run.workflowId, dedupeKeyOf(run.eventToken).slice(0, 32));

class RobotRefusal extends Error {
  readonly code = 'ROBOT_REFUSED' as const;
}

interface Words {
  robot: RobotWords;
  bonus: BonusErrorWords;
  locale: Locale;
}

/** The `amount` property as a workflow gives it: "500", "500,50", a money field's "1500|RUB", a list. */
function amountOf(value: unknown, words: Words): number {
  const first = Array.isArray(value) ? value[0] : value;
  const text =
    String(first ?? '')
      .split('|')[0]
      ?.trim() ?? '';
  try {
    return rublesToKopecks(text);
  } catch {
    throw new RobotRefusal(words.robot.amountInvalid(text));
  }
}

async function mainContact(rest: Bitrix24Rest, entity: 'deal' | 'lead', id: string, words: Words) {
  let record: { CONTACT_ID?: string | number | null } | null;
  try {
    record = await rest.call(`crm.${entity}.get`, { id });
  } catch (error) {
    // The portal answers 400 for an id it does not have (or the user may not read).
    if (error instanceof Bitrix24ApiError && error.status === 400) record = null;
    else throw error;
  }
  if (!record) throw new RobotRefusal(entity === 'deal' ? words.bonus.dealGone : words.robot.leadGone);
  const contactId = String(record.CONTACT_ID ?? '');
  if (contactId === '' || contactId === '0') {
    throw new RobotRefusal(entity === 'deal' ? words.bonus.dealHasNoContact : words.robot.leadHasNoContact);
  }
  return contactId;
}

/** The contact a run credits: the document itself, or its main contact; anything else is refused. */
async function documentContact(deps: Bitrix24Deps, tenantId: string, run: StoredRobotRun, words: Words) {
  const [module, , documentId] = run.documentId;
  const match = module === 'crm' ? DOCUMENT.exec(documentId) : null;
  if (!match) throw new RobotRefusal(words.robot.notAPerson);
  const [, entity, id] = match as unknown as [string, string, string];
  if (entity === 'CONTACT') return id;
  return mainContact(await portalRest(deps, tenantId), entity === 'DEAL' ? 'deal' : 'lead', id, words);
}

/** One run: its credit requested (null), or why it cannot be (words for the workflow's log). */
async function creditRun(
  deps: Bitrix24Deps,
  tenantId: string,
  inboxId: number,
  run: StoredRobotRun,
  words: Words,
): Promise<string | null> {
  const db = deps.database.db;
  try {
    const amount = amountOf(run.properties.amount, words);
    const rules = await getBonusRules(db, tenantId);
    if (amount < 1 || amount > rules.maxAmountKopecks) {
      return words.bonus.amount(
        formatRubles(1, words.locale),
        formatRubles(rules.maxAmountKopecks, words.locale),
      );
    }
    const connectionId = await activeLimeConnectionId(db, tenantId, words.bonus);
    const contactId = await documentContact(deps, tenantId, run, words);
    const crmDeps = { ...deps, bitrix24App: deps.app };
    const card = await contactClient(crmDeps, { tenantId, connectionId, contactId, words: words.bonus });
    const reason = ROBOT_REASONS.find((r) => r === run.properties.reason) ?? 'mass';
    const comment =
      typeof run.properties.comment === 'string' ? run.properties.comment.trim().slice(0, 500) : '';
    const { credit, already } = await requestCredit(
      deps,
      {
        tenantId,
        key: robotCreditKey(run),
        connectionId,
        clientId: card.client.id,
        crmContactId: contactId,
        amountKopecks: amount,
        reason,
        comment: comment || null,
        requestedBy: run.userId,
      },
      { whenSettled: { kind: ROBOT_REPLY_JOB, payload: { inboxId } } },
    );
    // The same run posted again after its credit settled: answered now (a pending one answers when done).
    if (already && credit.status !== 'pending') await deps.enqueue(robotReplyJob(tenantId, inboxId));
    return null;
  } catch (error) {
    if (
      error instanceof RobotRefusal ||
      error instanceof BonusRefusedError ||
      error instanceof NotFoundError
    ) {
      return error.message;
    }
    throw error;
  }
}

export async function creditRobotRuns(
  deps: Bitrix24Deps,
  tenantId: string,
): Promise<{ runs: number; refused: number; more: boolean }> {
  const db = deps.database.db;
  const rows = await listUnprocessedInbox(db, {
    tenantId,
    source: 'bitrix24',
    kindPrefix: ROBOT_INBOX_KIND,
    limit: ROWS_PER_RUN,
  });
  const locale = await getSetting(db, { tenantId, key: 'locale' });
  const words: Words = { robot: robotWords(locale), bonus: bonusErrorWords(locale), locale };
  let refused = 0;
  for (const row of rows) {
    const run = storedRobotRunSchema.parse(row.payload);
    const refusal = await creditRun(deps, tenantId, row.id, run, words);
    if (refusal !== null) {
      refused++;
      await appendJournal(db, {
        tenantId,
        direction: 'crm_to_lime',
        operation: 'bitrix24.robot',
        status: 'skipped',
        entity: 'document',
        entityId: run.documentId[2],
        error: refusal,
        details: { workflowId: run.workflowId, code: run.code, document: run.documentId },
      });
      await deps.enqueue(robotReplyJob(tenantId, row.id, refusal));
    }
    await markInboxProcessed(db, { tenantId, ids: [row.id] });
  }
  const more = rows.length === ROWS_PER_RUN;
  if (more) await deps.enqueue({ kind: ROBOT_CREDIT_JOB, tenantId, payload: {} });
  return { runs: rows.length, refused, more };
}
