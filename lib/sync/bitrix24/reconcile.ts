import { dedupeKeyOf, insertInboxMany } from '@/db/queries/inbox';
import { assertBatchOk } from '@/lib/crm/bitrix24/rest';
import { getSetting, setSetting } from '@/lib/settings/settings';
import { type Bitrix24Deps, portalRest } from './deps';
import { ENTITY_SYNC_JOB, WEBHOOK_RECONCILE_JOB } from './job-names';

/**
 * Webhook mode has no offline queue (app context only), and outgoing webhooks are fire-and-forget:
 * so every minute we list the contacts and deals changed since the last run (DATE_MODIFY, oldest
 * first, a page of 50 each in one batch) and store them in the inbox as changes, like events. Ties
 * on the boundary second are read again (>=) and deduplicated by the inbox.
 */

interface Changed {
  ID: string;
  DATE_MODIFY: string;
}

const PAGE = 50;

export async function reconcileWebhookPortal(
  deps: Bitrix24Deps,
  tenantId: string,
): Promise<{ found: number; stored: number; more: boolean }> {
  const db = deps.database.db;
  const since =
    (await getSetting(db, { tenantId, key: 'bitrix24ReconciledUntil' })) ?? new Date(0).toISOString();
  const rest = await portalRest(deps, tenantId);
  const query = {
    filter: { '>=DATE_MODIFY': since },
    select: ['ID', 'DATE_MODIFY'],
    order: { DATE_MODIFY: 'ASC', ID: 'ASC' },
    start: -1,
  };
  const outcome = await rest.batch<Changed[]>({
    contact: ['crm.contact.list', query],
    deal: ['crm.deal.list', query],
  });
  assertBatchOk(outcome, 'reconcile');
  const rows = (['contact', 'deal'] as const).flatMap((entity) =>
    (outcome.results[entity] ?? []).map((item) => ({
      source: 'bitrix24' as const,
      kind: entity === 'contact' ? 'ONCRMCONTACTUPDATE' : 'ONCRMDEALUPDATE',
      dedupeKey: dedupeKeyOf(`reconcile:${entity}:${item.ID}:${item.DATE_MODIFY}`),
      payload: {
        event: entity === 'contact' ? 'ONCRMCONTACTUPDATE' : 'ONCRMDEALUPDATE',
        entityId: String(item.ID),
        via: 'reconcile',
        at: item.DATE_MODIFY,
      },
    })),
  );
  const stored = await insertInboxMany(db, { tenantId, rows });
  const latest = rows
    .map((r) => r.payload.at)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
  if (latest && Date.parse(latest) > Date.parse(since)) {
    await setSetting(db, { tenantId, key: 'bitrix24ReconciledUntil', value: new Date(latest).toISOString() });
  }
  const more =
    (outcome.results.contact?.length ?? 0) === PAGE || (outcome.results.deal?.length ?? 0) === PAGE;
  if (stored > 0) await deps.enqueue({ kind: ENTITY_SYNC_JOB, tenantId, payload: {} });
  if (more && latest && Date.parse(latest) > Date.parse(since)) {
    await deps.enqueue({ kind: WEBHOOK_RECONCILE_JOB, tenantId, payload: {} });
  }
  return { found: rows.length, stored, more };
}
