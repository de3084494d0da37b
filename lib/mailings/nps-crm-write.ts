import type { Database } from '@/db/client';
import { claimEffect, releaseEffect } from '@/db/queries/effects';
import { listWaitingNpsAnswers, setNpsCrmStatus } from '@/db/queries/nps-answers';
import { CrmEntityNotFoundError, type CrmPort } from '@/lib/crm/crm-port';
import { npsWords } from '@/lib/i18n/nps-words';
import { getSetting } from '@/lib/settings/settings';

/**
 * NPS answers into the CRM, in the CRM's lane: the score into the contact's NPS field (what CRM
 * filters, reports and templates read) and an entry in its timeline with the comment. The entry
 * is claimed (`nps:<answer>:timeline`) before it is written, so a retried job never writes it twice;
 * an answer without a contact (or whose contact is gone) is marked so and left.
 */

const BATCH = 50;

export async function writeNpsAnswers(
  deps: { database: Database; crm: CrmPort },
  params: { tenantId: string },
): Promise<{ written: number; noContact: number; more: boolean }> {
  const db = deps.database.db;
  const { tenantId } = params;
  const answers = await listWaitingNpsAnswers(db, { tenantId, limit: BATCH });
  const words = npsWords(await getSetting(db, { tenantId, key: 'locale' }));
  const stats = { written: 0, noContact: 0 };
  for (const answer of answers) {
    if (!answer.contactId) {
      await setNpsCrmStatus(db, { tenantId, id: answer.id, status: 'no_contact' });
      stats.noContact++;
      continue;
    }
    const key = `nps:${answer.id}:timeline`;
    try {
      await deps.crm.writeContactFields(answer.contactId, { npsScore: answer.score });
      if (await claimEffect(db, { tenantId, key, kind: 'nps_timeline' })) {
        try {
          await deps.crm.addLogEntry({
            entity: 'contact',
            id: answer.contactId,
            title: words.logTitle,
            text: words.logText(answer.score, answer.comment),
          });
        } catch (error) {
          await releaseEffect(db, { tenantId, key });
          throw error;
        }
      }
    } catch (error) {
      if (!(error instanceof CrmEntityNotFoundError)) throw error;
      await setNpsCrmStatus(db, { tenantId, id: answer.id, status: 'no_contact' });
      stats.noContact++;
      continue;
    }
    await setNpsCrmStatus(db, { tenantId, id: answer.id, status: 'written' });
    stats.written++;
  }
  return { ...stats, more: answers.length === BATCH };
}
