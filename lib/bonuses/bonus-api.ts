import { z } from 'zod';
import type { Database } from '@/db/client';
import { getBonusCredit, listContactCredits } from '@/db/queries/bonus-credits';
import { getClientBalances } from '@/db/queries/lime-client-card';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { bonusErrorWords } from '@/lib/i18n/bonus-errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import type { CrmCallDeps } from '@/lib/sync/crm-call';
import { assertAmount, assertMayCreditOne, getBonusRules, mayCreditOne } from './bonus-rules';
import { cardClient } from './card-client';
import { requestCredit } from './credit-service';
import { BonusRefusedError } from './errors';
import { type CreditView, creditView } from './views';

/**
 * The card's bonus button (issue 8), in the contact card (its contact) and the deal card (its main
 * contact), answered from the embed token's claims only. The form makes a request id (a UUID) once
 * per opening and sends it with every try, so a double click or a resend is one credit
 * (`manual:contact:<contact>:<request>`); the credit is then sent to Lime by a job.
 */

export type BonusApiDeps = CrmCallDeps & { enqueue(job: EnqueueRequest): Promise<string | null> };

export const CARD_REASONS = ['manual', 'birthday', 'child_birthday'] as const;
const RECENT_CREDITS = 10;

const creditSchema = z.object({
  requestId: z.uuid(),
  /** Kopecks. */
  amount: z.number().int(),
  reason: z.enum(CARD_REASONS).default('manual'),
  comment: z.string().trim().max(500).nullish(),
  /** The child whose birthday it is (child_birthday): one of the client's children. */
  childId: z.number().int().positive().nullish(),
});

export interface BonusPanel {
  mayCredit: boolean;
  maxAmountKopecks: number;
  reasons: readonly (typeof CARD_REASONS)[number][];
  contactId: string;
  client: {
    id: number;
    name: string;
    bonusKopecks: number | null;
    children: { id: number; name: string; birthDate: string | null }[];
  };
  /** The latest credits asked for from this contact's cards. */
  credits: CreditView[];
}

/** GET /api/embed/bonuses — the form's facts; `?id=` one credit (its asker's or an admin's) to follow. */
export async function bonusPanelForClaims(
  deps: CrmCallDeps,
  claims: EmbedClaims,
  query: URLSearchParams,
): Promise<BonusPanel | { credit: CreditView }> {
  const db = deps.database.db;
  const id = query.get('id');
  if (id !== null) return { credit: await creditForAsker(deps.database, claims, id) };
  const rules = await getBonusRules(db, claims.tenantId);
  const card = await cardClient(deps, claims);
  const balances = await getClientBalances(db, {
    tenantId: claims.tenantId,
    connectionId: card.connectionId,
    clientId: card.client.id,
  });
  const credits = await listContactCredits(db, {
    tenantId: claims.tenantId,
    contactId: card.contactId,
    limit: RECENT_CREDITS,
  });
  return {
    mayCredit: mayCreditOne(claims, rules),
    maxAmountKopecks: rules.maxAmountKopecks,
    reasons: CARD_REASONS,
    contactId: card.contactId,
    client: {
      id: card.client.id,
      name: card.client.displayName,
      bonusKopecks: balances?.bonusKopecks ?? null,
      children: card.children,
    },
    credits: credits.map(creditView),
  };
}

async function creditForAsker(database: Database, claims: EmbedClaims, id: string): Promise<CreditView> {
  const words = bonusErrorWords(claims.locale);
  const row = z.uuid().safeParse(id).success
    ? await getBonusCredit(database.db, { tenantId: claims.tenantId, id })
    : null;
  if (!row || (!claims.admin && row.requestedBy !== claims.userId))
    throw new NotFoundError(words.creditNotFound);
  return creditView(row);
}

/** POST /api/embed/bonuses — credit the card's client: {requestId, amount, reason?, comment?, childId?}. */
export async function creditForClaims(
  deps: BonusApiDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<{ credit: CreditView; already: boolean }> {
  const words = bonusErrorWords(claims.locale);
  const parsed = creditSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(words.form);
  const request = parsed.data;
  const rules = await getBonusRules(deps.database.db, claims.tenantId);
  assertMayCreditOne(claims, rules);
  assertAmount(claims, rules, request.amount);
  const card = await cardClient(deps, claims);
  let relatedClientId: number | null = null;
  if (request.reason === 'child_birthday') {
    if (!request.childId) throw new BonusRefusedError(words.childNeeded);
    if (!card.children.some((c) => c.id === request.childId))
      throw new BonusRefusedError(words.notTheirChild);
    relatedClientId = request.childId;
  }
  const { credit, already } = await requestCredit(deps, {
    tenantId: claims.tenantId,
    key: bonusKeys.manualForContact(card.contactId, request.requestId),
    connectionId: card.connectionId,
    clientId: card.client.id,
    relatedClientId,
    crmContactId: card.contactId,
    amountKopecks: request.amount,
    reason: request.reason,
    comment: request.comment || null,
    requestedBy: claims.userId,
  });
  return { credit: creditView(credit), already };
}
