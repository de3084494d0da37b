import type { Database, Db } from '@/db/client';
import { type BonusCreditRow, listCreditsForTimeline, markCreditTimeline } from '@/db/queries/bonus-credits';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import { claimEffect, releaseEffect } from '@/db/queries/effects';
import type { CrmPort } from '@/lib/crm/crm-port';
import { bonusWords } from '@/lib/i18n/bonus-words';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting } from '@/lib/settings/settings';
import { contactsOfClients } from '@/lib/sync/crm-push/deal-parts';
import { crmLaneJobFor } from '@/lib/sync/crm-push/jobs';
import { BONUS_TIMELINE_JOBS } from './job-names';

/**
 * Every done credit in the CRM: a system entry in its contact's timeline (Bitrix24 log message,
 * amoCRM service note) saying how much, why, by whom, and the balance after. The contact is the one
 * the request came from, else the client's (or, for a child, the parent's) contact in the identity
 * map. Written in the CRM's lane, 50 in one request (a Bitrix24 batch, an amoCRM notes request);
 * each entry is claimed by `<key>:timeline` before it is written, so a retried job never writes it
 * twice; an entry the CRM refused is given back and the job retries it.
 */

/** One Bitrix24 batch, one amoCRM request. */
export const TIMELINE_BATCH = 50;

/** The timeline job of the tenant's CRM (coalesced per second), or null without an active CRM. */
export const timelineJobFor = (db: Db, tenantId: string, now = Date.now()): Promise<EnqueueRequest | null> =>
  crmLaneJobFor(db, tenantId, BONUS_TIMELINE_JOBS, now);

export class TimelineWriteError extends Error {
  readonly code = 'BONUS_TIMELINE_FAILED' as const;
}

export async function writeBonusTimeline(
  deps: { database: Database; crm: CrmPort },
  params: { tenantId: string; limit?: number },
): Promise<{ written: number; noContact: number; more: boolean }> {
  const db = deps.database.db;
  const { tenantId } = params;
  const limit = params.limit ?? TIMELINE_BATCH;
  const credits = await listCreditsForTimeline(db, { tenantId, limit });
  const words = bonusWords(await getSetting(db, { tenantId, key: 'locale' }));
  const stats = { written: 0, noContact: 0, failed: 0 };
  const entries: { credit: BonusCreditRow; contactId: string; key: string }[] = [];
  const children = new Map<number, string>();
  for (const connectionId of new Set(credits.map((c) => c.connectionId))) {
    const batch = credits.filter((c) => c.connectionId === connectionId);
    const scope = { tenantId, connectionId };
    const contacts = await contactsOfClients(
      db,
      scope,
      batch.filter((c) => c.crmContactId === null).map((c) => c.clientId),
    );
    const childIds = batch.flatMap((c) => (c.relatedClientId === null ? [] : [c.relatedClientId]));
    for (const child of await listMirrorClients(db, { ...scope, ids: childIds }))
      children.set(child.id, child.displayName);
    for (const credit of batch) {
      const contactId = credit.crmContactId ?? contacts.get(credit.clientId) ?? null;
      if (!contactId) {
        await markCreditTimeline(db, { tenantId, id: credit.id, status: 'no_contact' });
        stats.noContact++;
        continue;
      }
      const key = `${credit.key}:timeline`;
      if (await claimEffect(db, { tenantId, key, kind: 'crm-timeline' }))
        entries.push({ credit, contactId, key });
      else {
        // Claimed before by a try that died after writing or before: counted as written.
        await markCreditTimeline(db, { tenantId, id: credit.id, status: 'written', contactId });
        stats.written++;
      }
    }
  }
  let outcomes: Awaited<ReturnType<CrmPort['addLogEntries']>>;
  try {
    outcomes = await deps.crm.addLogEntries(
      entries.map(({ credit, contactId }) => ({
        entity: 'contact',
        id: contactId,
        title: words.timelineTitle(credit.amountKopecks),
        text: words.timelineText({
          reason: credit.reason,
          comment: credit.comment,
          requestedBy: credit.requestedBy,
          child: credit.relatedClientId === null ? null : (children.get(credit.relatedClientId) ?? null),
          balanceAfterKopecks: credit.balanceAfterKopecks,
          accrualId: credit.accrualId,
        }),
      })),
    );
  } catch (error) {
    for (const { key } of entries) await releaseEffect(db, { tenantId, key });
    throw error;
  }
  for (const [i, { credit, contactId, key }] of entries.entries()) {
    const outcome = outcomes[i];
    if (outcome === 'written') {
      await markCreditTimeline(db, { tenantId, id: credit.id, status: 'written', contactId });
      stats.written++;
      continue;
    }
    await releaseEffect(db, { tenantId, key });
    if (outcome === 'not_found') {
      await markCreditTimeline(db, { tenantId, id: credit.id, status: 'no_contact' });
      stats.noContact++;
    } else stats.failed++;
  }
  if (stats.failed > 0) {
    throw new TimelineWriteError(
      `The CRM refused ${stats.failed} bonus timeline entries; they are tried again`,
    );
  }
  return { written: stats.written, noContact: stats.noContact, more: credits.length === limit };
}
