import { z } from 'zod';
import { dedupeKeyOf, insertInboxMany } from '@/db/queries/inbox';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { type AmocrmDeps, accountClient } from './deps';
import { AMOCRM_RECONCILE_JOB, AMOCRM_SYNC_JOB } from './job-names';

/**
 * amoCRM disables a webhook after many failed deliveries, and we may be down: every minute the
 * contacts and leads changed since the last run (`filter[updated_at][from]`, oldest first, 250 a
 * page) go into the inbox as changes. The boundary second is read again and deduplicated.
 */

const PAGE = 250;
const PAGES_PER_RUN = 20;
const itemSchema = z.object({ id: z.number(), updated_at: z.number() }).loose();
const listSchema = z.object({ _embedded: z.record(z.string(), z.array(itemSchema)) });

export async function reconcileAmocrmAccount(
  deps: AmocrmDeps,
  tenantId: string,
): Promise<{ found: number; stored: number; more: boolean }> {
  const db = deps.database.db;
  const since =
    (await getSetting(db, { tenantId, key: 'amocrmReconciledUntil' })) ?? new Date(0).toISOString();
  const from = Math.floor(Date.parse(since) / 1000);
  const client = await accountClient(deps, tenantId);
  let latest = from;
  let more = false;
  const rows = [];
  for (const kind of ['contacts', 'leads'] as const) {
    // Pages of one `from`: many entities may share a second, so the cursor moves only past a full read.
    for (let page = 1; page <= PAGES_PER_RUN; page++) {
      const answer = await client.get(`/api/v4/${kind}`, {
        filter: { updated_at: { from } },
        order: { updated_at: 'asc' },
        limit: PAGE,
        page,
      });
      const items = answer ? (listSchema.parse(answer)._embedded[kind] ?? []) : [];
      for (const item of items) {
        latest = Math.max(latest, item.updated_at);
        rows.push({
          source: 'amocrm' as const,
          kind: `${kind}.update`,
          dedupeKey: dedupeKeyOf(`reconcile:${kind}:${item.id}:${item.updated_at}`),
          payload: { entity: kind, action: 'update', id: String(item.id), via: 'reconcile' },
        });
      }
      if (items.length < PAGE) break;
      if (page === PAGES_PER_RUN) more = true;
    }
  }
  const stored = await insertInboxMany(db, { tenantId, rows });
  if (latest > from)
    await setSetting(db, {
      tenantId,
      key: 'amocrmReconciledUntil',
      value: new Date(latest * 1000).toISOString(),
    });
  if (stored > 0) await deps.enqueue({ kind: AMOCRM_SYNC_JOB, tenantId, payload: {} });
  if (more && latest > from) await deps.enqueue({ kind: AMOCRM_RECONCILE_JOB, tenantId, payload: {} });
  return { found: rows.length, stored, more };
}
