import { dedupeKeyOf, listUnprocessedInbox, markInboxProcessed } from '@/db/queries/inbox';
import { appendJournal } from '@/db/queries/journal';
import { recordRobotReply } from '@/db/queries/robot-replies';
import { getBonusRules } from '@/lib/bonuses/bonus-rules';
import { activeLimeConnectionId, contactClient } from '@/lib/bonuses/card-client';
import { requestCredit } from '@/lib/bonuses/credit-service';
import { BonusRefusedError } from '@/lib/bonuses/errors';
import { type BatchCommands, batchAll } from '@/lib/crm/bitrix24/rest';
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
 * client of the document's contact — the contact itself, or a deal's or lead's main contact (the
 * deals and leads of up to 50 runs read in one batch) — the
 * amount of its `amount` property (rubles), through the card's credit path: one credit per run
 * (`robot:<workflow>:<token digest>`, so a POST sent again finds the first), sent to Lime by its job
 * in the Lime lane, on the contact's timeline and in the journal. The workflow hears the outcome
 * once the credit has settled (the credit job sends for the answers, robot-reply.ts, which go in
 * batches); a run that cannot be credited — a company, no contact, no Lime client, an amount over
 * the limit — is answered at once, in words.
 */

const ROWS_PER_RUN = 50;
const DOCUMENT = /^(CONTACT|DEAL|LEAD)_(\d+)$/;

/** Sends every answer that is ready (robot-reply.ts), in batches. */
export const robotRepliesJob = (tenantId: string) => ({ kind: ROBOT_REPLY_JOB, tenantId, payload: {} });

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

type DocumentRef = { entity: 'CONTACT' | 'DEAL' | 'LEAD'; id: string };

/** A CRM contact, deal or lead the run is about; null for anything else (a company, an SPA item). */
function documentOf(run: StoredRobotRun): DocumentRef | null {
  const [module, , documentId] = run.documentId;
  const match = module === 'crm' ? DOCUMENT.exec(documentId) : null;
  return match ? { entity: match[1] as DocumentRef['entity'], id: match[2] as string } : null;
}

/**
 * The main contact (CONTACT_ID) of every deal and lead the runs name, read 50 to a batch: '' for
 * one without a contact; absent for one the portal refused (deleted, or hidden from the installer).
 */
async function mainContacts(deps: Bitrix24Deps, tenantId: string, runs: StoredRobotRun[]) {
  const commands: BatchCommands = {};
  for (const doc of runs.map(documentOf)) {
    if (doc && doc.entity !== 'CONTACT')
      commands[`${doc.entity}_${doc.id}`] = [`crm.${doc.entity.toLowerCase()}.get`, { id: doc.id }];
  }
  const found = new Map<string, string>();
  if (Object.keys(commands).length === 0) return found;
  const outcome = await batchAll<{ CONTACT_ID?: string | number | null }>(
    await portalRest(deps, tenantId),
    commands,
  );
  for (const [key, record] of Object.entries(outcome.results)) {
    const contactId = String(record?.CONTACT_ID ?? '');
    found.set(key, contactId === '0' ? '' : contactId);
  }
  return found;
}

/** The contact a run credits: the document itself, or its main contact; anything else is refused. */
function documentContact(run: StoredRobotRun, contacts: Map<string, string>, words: Words): string {
  const doc = documentOf(run);
  if (!doc) throw new RobotRefusal(words.robot.notAPerson);
  if (doc.entity === 'CONTACT') return doc.id;
  const deal = doc.entity === 'DEAL';
  const contactId = contacts.get(`${doc.entity}_${doc.id}`);
  if (contactId === undefined) throw new RobotRefusal(deal ? words.bonus.dealGone : words.robot.leadGone);
  if (contactId === '')
    throw new RobotRefusal(deal ? words.bonus.dealHasNoContact : words.robot.leadHasNoContact);
  return contactId;
}

/** One run: its credit requested (null), or why it cannot be (words for the workflow's log). */
async function creditRun(
  deps: Bitrix24Deps,
  tenantId: string,
  inboxId: number,
  run: StoredRobotRun,
  context: { words: Words; contacts: Map<string, string> },
): Promise<string | null> {
  const { words } = context;
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
    const contactId = documentContact(run, context.contacts, words);
    const crmDeps = { ...deps, bitrix24App: deps.app };
    const card = await contactClient(crmDeps, { tenantId, connectionId, contactId, words: words.bonus });
    const reason = ROBOT_REASONS.find((r) => r === run.properties.reason) ?? 'mass';
    const comment =
      typeof run.properties.comment === 'string' ? run.properties.comment.trim().slice(0, 500) : '';
    const key = robotCreditKey(run);
    // Before the credit is asked for, so its settling always finds the answer to send.
    await recordRobotReply(db, { tenantId, inboxId, creditKey: key });
    const { credit, already } = await requestCredit(
      deps,
      {
        tenantId,
        key,
        connectionId,
        clientId: card.client.id,
        crmContactId: contactId,
        amountKopecks: amount,
        reason,
        comment: comment || null,
        requestedBy: run.userId,
      },
      { whenSettled: { kind: ROBOT_REPLY_JOB, payload: {} } },
    );
    // The same run posted again after its credit settled: answered now (a pending one answers when done).
    if (already && credit.status !== 'pending') await deps.enqueue(robotRepliesJob(tenantId));
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
  const runs = rows.map((row) => ({ row, run: storedRobotRunSchema.parse(row.payload) }));
  const contacts = await mainContacts(
    deps,
    tenantId,
    runs.map((r) => r.run),
  );
  let refused = 0;
  for (const { row, run } of runs) {
    const refusal = await creditRun(deps, tenantId, row.id, run, { words, contacts });
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
      await recordRobotReply(db, { tenantId, inboxId: row.id, refusal });
    }
    await markInboxProcessed(db, { tenantId, ids: [row.id] });
  }
  // The refused are answered together, in batches.
  if (refused > 0) await deps.enqueue(robotRepliesJob(tenantId));
  const more = rows.length === ROWS_PER_RUN;
  if (more) await deps.enqueue({ kind: ROBOT_CREDIT_JOB, tenantId, payload: {} });
  return { runs: rows.length, refused, more };
}
