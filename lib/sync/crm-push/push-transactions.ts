import type { Database } from '@/db/client';
import type { OutboxEntry } from '@/db/queries/crm-outbox';
import { listMirrorTransactions } from '@/db/queries/crm-push-reads';
import { claimEffect, releaseEffect } from '@/db/queries/effects';
import { findLinksByLime, upsertLink } from '@/db/queries/links';
import type { CrmDealInput, CrmPort } from '@/lib/crm/crm-port';
import type { LimeTransactionLine } from '@/lib/domain/lime';
import { kopecks } from '@/lib/domain/money';
import type { SettingValue } from '@/lib/settings/registry';
import { connectedSince, contactsOfClients, productRowsOf } from './deal-parts';
import { writeHash } from './hash';

/**
 * Lime transactions → the CRM (DESIGN.md item 3): a purchase or a deposit top-up is one deal per
 * check with every line as a product row, in the pipeline and stage chosen for its kind; a pass
 * (turnstile, validator) is a deal in its own pipeline or an entry in the contact's timeline, as the
 * tenant chose. The deal carries our key (`lime-tx:<id>`), so a re-delivery updates it and never
 * makes a second; a timeline entry is claimed by an idempotency key before it is written. Only what
 * happened after the Lime connection was made goes this way: history is the import's.
 */

type Flows = SettingValue<'crmFlows'>;
type MirrorTransaction = Awaited<ReturnType<typeof listMirrorTransactions>>[number];

export const transactionKey = (id: number) => `lime-tx:${id}`;

const TITLES: Record<string, (tx: MirrorTransaction) => string> = {
  purchase: (tx) => `Покупка в Лайме, чек ${tx.checkId ?? tx.id}`,
  deposit_topup: (tx) => `Пополнение депозита, чек ${tx.checkId ?? tx.id}`,
  pass: (tx) => `Проход: ${(tx.servicePoint as { name?: string } | null)?.name ?? 'Лайм'}`,
};

export async function pushTransactions(
  deps: { database: Database; crm: CrmPort },
  params: {
    tenantId: string;
    connectionId: string;
    entries: OutboxEntry[];
    flows: Flows;
    responsibleUserId: string | null;
    /** The import's start of history; by default, when the Lime connection was made. */
    since?: Date;
  },
): Promise<{ deals: number; timeline: number; unchanged: number; skipped: number }> {
  const { db } = deps.database;
  const scope = { tenantId: params.tenantId, connectionId: params.connectionId };
  const since = params.since ? params.since.getTime() : await connectedSince(db, scope);
  const all = await listMirrorTransactions(db, { ...scope, ids: params.entries.map((e) => e.limeId) });
  const transactions = all.filter((tx) => new Date(tx.occurredAt).getTime() >= since);
  const stats = { deals: 0, timeline: 0, unchanged: 0, skipped: all.length - transactions.length };
  // Deals written before with the same content (a re-delivery, a second import) are not written again.
  const written = await findLinksByLime(db, {
    tenantId: params.tenantId,
    limeType: 'transaction',
    crmEntity: 'deal',
    limeIds: transactions.map((tx) => String(tx.id)),
  });
  const contactOf = await contactsOfClients(
    db,
    scope,
    transactions.map((tx) => tx.clientId),
  );
  const rowsOf = await productRowsOf(
    db,
    params.tenantId,
    transactions.map((tx) => tx.lines as LimeTransactionLine[]),
  );
  for (const tx of transactions) {
    const target = targetOf(params.flows, tx.type);
    const contactId = tx.clientId === null ? null : (contactOf.get(tx.clientId) ?? null);
    if (target === 'timeline') {
      if (!contactId) {
        stats.skipped++;
        continue;
      }
      const key = `${transactionKey(tx.id)}:timeline`;
      if (!(await claimEffect(db, { tenantId: params.tenantId, key, kind: 'crm-timeline' }))) continue;
      try {
        await deps.crm.addLogEntry({
          entity: 'contact',
          id: contactId,
          title: TITLES.pass?.(tx) ?? 'Лайм',
          text: `${new Date(tx.occurredAt).toISOString()}: ${(Number(tx.totalKopecks) / 100).toFixed(2)} ₽`,
        });
      } catch (error) {
        await releaseEffect(db, { tenantId: params.tenantId, key });
        throw error;
      }
      stats.timeline++;
      continue;
    }
    if (!target) {
      stats.skipped++;
      continue;
    }
    const input: CrmDealInput = {
      externalKey: transactionKey(tx.id),
      title: TITLES[tx.type]?.(tx) ?? `Лайм, операция ${tx.id}`,
      pipelineId: target.pipelineId,
      stageId: target.stageId,
      contactId,
      amount: kopecks(Number(tx.totalKopecks)),
      responsibleUserId: params.responsibleUserId,
      limeCheckId: tx.checkId === null ? null : String(tx.checkId),
      eventAt: new Date(tx.occurredAt).toISOString(),
      products: rowsOf(tx.lines as LimeTransactionLine[]),
    };
    const hash = writeHash(input);
    if (written.get(String(tx.id))?.lastHash === hash) {
      stats.unchanged++;
      continue;
    }
    const deal = await deps.crm.upsertDeal(input);
    await upsertLink(db, {
      tenantId: params.tenantId,
      limeType: 'transaction',
      limeId: String(tx.id),
      crmEntity: 'deal',
      crmId: deal.id,
      lastHash: hash,
    });
    stats.deals++;
  }
  return stats;
}

function targetOf(flows: Flows, type: string): { pipelineId: string; stageId: string } | 'timeline' | null {
  if (type === 'purchase') return flows.purchase;
  if (type === 'deposit_topup') return flows.depositTopup;
  if (type === 'pass') return flows.pass.mode === 'timeline' ? 'timeline' : flows.pass.target;
  return null;
}
