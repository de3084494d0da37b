import { z } from 'zod';
import type { Database } from '@/db/client';
import { getSend } from '@/db/queries/campaign-sends';
import { getCampaign } from '@/db/queries/campaigns';
import { getNpsAnswerForSend, insertNpsAnswer, type NpsAnswerRow } from '@/db/queries/nps-answers';
import { NpsTokenError, type NpsTokenProblem, openNpsToken } from '@/lib/auth/nps-token';
import type { SecretBox } from '@/lib/crypto/secret-box';
import type { Locale } from '@/lib/i18n';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting } from '@/lib/settings/settings';
import { crmLaneJobFor } from '@/lib/sync/crm-push/jobs';
import { NPS_CRM_JOBS } from './nps-job-names';

/**
 * The public NPS page's two moves (issue 8). Its link names one send, sealed (lib/auth/nps-token.ts):
 * a tampered or expired link shows a clear page and changes nothing. An answer (0–10 and a comment)
 * is stored first — one per send, a second submit finds the first — and only then is the CRM's
 * write queued (the contact's NPS field and a timeline entry, lib/mailings/nps-crm-write.ts).
 */

export interface NpsDeps {
  database: Database;
  secrets: SecretBox;
  now(): Date;
}

export type NpsPageState =
  | { kind: NpsTokenProblem; locale: Locale | null }
  | { kind: 'form'; locale: Locale }
  | { kind: 'answered'; locale: Locale; score: number; comment: string | null };

export const npsFormSchema = z.object({
  score: z.coerce.number().int().min(0).max(10),
  comment: z
    .string()
    .max(2000)
    .optional()
    .transform((c) => (c?.trim() ? c.trim() : null)),
});

interface Opened {
  tenantId: string;
  locale: Locale;
  send: NonNullable<Awaited<ReturnType<typeof getSend>>>;
}

/** The send a token names, or the page's problem. A send or campaign deleted since reads as invalid. */
async function open(deps: NpsDeps, token: string): Promise<Opened | { problem: NpsTokenProblem }> {
  let claims: ReturnType<typeof openNpsToken>;
  try {
    claims = openNpsToken(deps.secrets, token, deps.now());
  } catch (error) {
    if (error instanceof NpsTokenError) return { problem: error.problem };
    throw error;
  }
  const db = deps.database.db;
  const send = await getSend(db, { tenantId: claims.tenantId, id: claims.sendId });
  const campaign = send && (await getCampaign(db, { tenantId: claims.tenantId, id: send.campaignId }));
  if (!send || campaign?.kind !== 'nps') return { problem: 'invalid' };
  return {
    tenantId: claims.tenantId,
    send,
    locale: await getSetting(db, { tenantId: claims.tenantId, key: 'locale' }),
  };
}

const answeredState = (locale: Locale, answer: NpsAnswerRow): NpsPageState => ({
  kind: 'answered',
  locale,
  score: answer.score,
  comment: answer.comment,
});

export async function npsPageState(deps: NpsDeps, token: string): Promise<NpsPageState> {
  const opened = await open(deps, token);
  if ('problem' in opened) return { kind: opened.problem, locale: null };
  const answer = await getNpsAnswerForSend(deps.database.db, {
    tenantId: opened.tenantId,
    sendId: opened.send.id,
  });
  return answer ? answeredState(opened.locale, answer) : { kind: 'form', locale: opened.locale };
}

/**
 * Records the answer (the first one stays) and queues its CRM write; the page to show next and
 * whether this answer was the one recorded. A form without a score in 0–10 changes nothing.
 */
export async function answerNps(
  deps: NpsDeps & { enqueue(job: EnqueueRequest): Promise<string | null> },
  token: string,
  form: unknown,
): Promise<{ state: NpsPageState; recorded: boolean }> {
  const opened = await open(deps, token);
  if ('problem' in opened) return { state: { kind: opened.problem, locale: null }, recorded: false };
  const parsed = npsFormSchema.safeParse(form);
  if (!parsed.success) return { state: await npsPageState(deps, token), recorded: false };
  const db = deps.database.db;
  const { send, tenantId } = opened;
  const made = await insertNpsAnswer(db, {
    tenantId,
    sendId: send.id,
    clientId: send.clientId,
    contactId: send.contactId,
    score: parsed.data.score,
    comment: parsed.data.comment,
    answeredAt: deps.now(),
  });
  if (made) {
    const job = await crmLaneJobFor(db, tenantId, NPS_CRM_JOBS, deps.now().getTime());
    if (job) await deps.enqueue(job);
    return { state: answeredState(opened.locale, made), recorded: true };
  }
  const first = await getNpsAnswerForSend(db, { tenantId, sendId: send.id });
  return {
    state: first ? answeredState(opened.locale, first) : { kind: 'form', locale: opened.locale },
    recorded: false,
  };
}
