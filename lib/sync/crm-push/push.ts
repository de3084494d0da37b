import type { Logger } from 'pino';
import { clearOutbox, type OutboxEntry, type OutboxKind, takeOutbox } from '@/db/queries/crm-outbox';
import { appendJournal } from '@/db/queries/journal';
import type { CrmPort } from '@/lib/crm/crm-port';
import { journalFailure } from '@/lib/domain/journal';
import { getSetting } from '@/lib/settings/settings';
import type { CrmDeps } from '../crm-for-tenant';
import { crmForTenant } from '../crm-for-tenant';
import { CRM_PUSH_JOBS } from './job-names';
import { pushClients } from './push-clients';
import { pushGoods } from './push-goods';
import { pushPreorders } from './push-preorders';
import { pushTransactions } from './push-transactions';

/**
 * Drains a tenant's CRM outbox into its CRM: goods first (deals link them), then clients (deals
 * link their contacts), then transactions, then pre-orders, 50 a round (one Bitrix24 batch, one amoCRM write). Each round is journalled; a mark is cleared only
 * after its write, so a crash or a refused round leaves it for the job's retry.
 */

export const PUSH_BATCH = 50;

export interface PushStats {
  goods: number;
  clients: number;
  created: number;
  unchanged: number;
  deals: number;
  timeline: number;
  leads: number;
  preorders: number;
}

export async function pushOutboxToCrm(
  deps: CrmDeps & { log: Logger; crm?: CrmPort },
  params: { tenantId: string },
): Promise<PushStats> {
  const crm = deps.crm ?? (await crmForTenant(deps, params.tenantId));
  const { db } = deps.database;
  const stats: PushStats = {
    goods: 0,
    clients: 0,
    created: 0,
    unchanged: 0,
    deals: 0,
    timeline: 0,
    leads: 0,
    preorders: 0,
  };
  const responsibleUserId = await getSetting(db, { tenantId: params.tenantId, key: 'responsibleUserId' });
  const flows = await getSetting(db, { tenantId: params.tenantId, key: 'crmFlows' });
  const newClientsAsLeads = await getSetting(db, { tenantId: params.tenantId, key: 'newClientsAsLeads' });
  const stages = await getSetting(db, { tenantId: params.tenantId, key: 'preorderStages' });
  for (const kind of ['good', 'client', 'transaction', 'preorder'] as const) {
    for (;;) {
      const entries = await takeOutbox(db, { tenantId: params.tenantId, kind, limit: PUSH_BATCH });
      if (entries.length === 0) break;
      for (const [connectionId, group] of byConnection(entries)) {
        const scope = { tenantId: params.tenantId, connectionId, entries: group };
        try {
          if (kind === 'good') {
            const r = await pushGoods({ database: deps.database, crm }, scope);
            stats.goods += r.written;
            stats.unchanged += r.unchanged;
            await journal(deps, params.tenantId, kind, { written: r.written, unchanged: r.unchanged });
          } else if (kind === 'client') {
            const r = await pushClients(
              { database: deps.database, crm },
              { ...scope, responsibleUserId, newClientsAsLeads },
            );
            stats.clients += r.written;
            stats.created += r.created;
            stats.leads += r.leads;
            stats.unchanged += r.unchanged;
            await journal(deps, params.tenantId, kind, r);
          } else if (kind === 'transaction') {
            const r = await pushTransactions(
              { database: deps.database, crm },
              { ...scope, flows, responsibleUserId },
            );
            stats.deals += r.deals;
            stats.timeline += r.timeline;
            await journal(deps, params.tenantId, kind, r);
          } else {
            const r = await pushPreorders(
              { database: deps.database, crm },
              { ...scope, flows, stages, responsibleUserId },
            );
            stats.preorders += r.deals;
            stats.unchanged += r.unchanged;
            await journal(deps, params.tenantId, kind, { ...r });
          }
        } catch (error) {
          await journal(deps, params.tenantId, kind, { count: group.length }, { error, crm: crm.kind });
          throw error;
        }
        await clearOutbox(db, { tenantId: params.tenantId, entries: group });
      }
    }
  }
  return stats;
}

function byConnection(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const e of entries) groups.set(e.connectionId, [...(groups.get(e.connectionId) ?? []), e]);
  return groups;
}

async function journal(
  deps: CrmDeps,
  tenantId: string,
  kind: OutboxKind,
  details: Record<string, number>,
  failure?: { error: unknown; crm: CrmPort['kind'] },
) {
  // A refused round keeps its marks: sending the push job again is its retry.
  const failed = failure && journalFailure(failure.error, { job: CRM_PUSH_JOBS[failure.crm], payload: {} });
  await appendJournal(deps.database.db, {
    tenantId,
    direction: 'lime_to_crm',
    operation: {
      good: 'crm.products.upsert',
      client: 'crm.contacts.upsert',
      transaction: 'crm.deals.upsert',
      preorder: 'crm.preorder-deals.upsert',
    }[kind],
    status: failed ? 'error' : 'ok',
    details: { ...details, ...failed?.details },
    ...(failed ? { error: failed.error } : {}),
  });
}
