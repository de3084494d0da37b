import type { Logger } from 'pino';
import { advanceImport, getActiveImport, type ImportRow, nextImportIds } from '@/db/queries/crm-imports';
import type { OutboxEntry, OutboxKind } from '@/db/queries/crm-outbox';
import { appendJournal } from '@/db/queries/journal';
import type { ImportCounts, ImportPhase } from '@/db/schema-sync';
import type { CrmPort } from '@/lib/crm/crm-port';
import { getSetting } from '@/lib/settings/settings';
import { type CrmDeps, crmForTenant } from '../crm-for-tenant';
import { PUSH_BATCH } from '../crm-push/push';
import { type ClientsPlan, planClients, writeClients } from '../crm-push/push-clients';
import { pushGoods } from '../crm-push/push-goods';
import { pushTransactions } from '../crm-push/push-transactions';
import { ContactIndex } from './contact-index';

/**
 * One slice of a tenant's initial import: rounds of 50 (one Bitrix24 batch, one amoCRM write) from
 * the mirror in Lime id order — goods, then adult clients (children show on their parents), then
 * the transactions since the chosen start — through the same writers as the live push, so keys,
 * hashes and links make a repeated round harmless. The cursor and counts are saved after every
 * round; a slice ends after `sliceMs` so the tenant's live pushes get their turn in the lane, and
 * stops early when the import is paused. New clients come in as contacts even when the tenant
 * wants leads for new clients: the import brings the existing base, not new arrivals.
 */

const PHASES: Exclude<ImportPhase, 'done'>[] = ['goods', 'clients', 'transactions'];
const KIND: Record<Exclude<ImportPhase, 'done'>, OutboxKind> = {
  goods: 'good',
  clients: 'client',
  transactions: 'transaction',
};
export const IMPORT_SLICE_MS = 20_000;

/**
 * The scan of this process's last slice of an import, while every round since ended with its
 * links stored (a failed round drops it; a new process starts without): amoCRM's scan of 10,000
 * contacts is 40 requests, not to be paid every 20 s.
 */
const scanned = new Map<string, ContactIndex>();

export interface ImportSliceResult {
  row: ImportRow | null;
  /** The import is still running and has more to do: send the next slice. */
  more: boolean;
}

export async function runImportSlice(
  deps: CrmDeps & { log: Logger; crm?: CrmPort },
  params: { tenantId: string; sliceMs?: number },
): Promise<ImportSliceResult> {
  const { db } = deps.database;
  let row = await getActiveImport(db, { tenantId: params.tenantId });
  if (row?.status !== 'running') return { row, more: false };
  const importId = row.id;
  const crm = deps.crm ?? (await crmForTenant(deps, params.tenantId));
  const settings = {
    responsibleUserId: await getSetting(db, { tenantId: params.tenantId, key: 'responsibleUserId' }),
    flows: await getSetting(db, { tenantId: params.tenantId, key: 'crmFlows' }),
  };
  const target = { database: deps.database, crm };
  const scope = { tenantId: params.tenantId, connectionId: row.connectionId };
  const idsAfter = (phase: Exclude<ImportPhase, 'done'>, after: number, since: Date) =>
    nextImportIds(db, { ...scope, phase, after, limit: PUSH_BATCH, transactionsSince: since });
  const entriesOf = (phase: Exclude<ImportPhase, 'done'>, ids: number[]): OutboxEntry[] =>
    ids.map((limeId) => ({ ...scope, kind: KIND[phase], limeId, version: 0 }));
  let index = scanned.get(importId) ?? null;
  const claimed = new Set<string>();
  const clientParams = (ids: number[], matcher: ContactIndex) => ({
    ...scope,
    entries: entriesOf('clients', ids),
    responsibleUserId: settings.responsibleUserId,
    matcher,
    claimed,
  });
  let prepared: { after: number; ids: number[]; plan: Promise<ClientsPlan> } | null = null;
  const deadline = Date.now() + (params.sliceMs ?? IMPORT_SLICE_MS);
  try {
    // At least one round a slice, however short.
    for (let first = true; row.phase !== 'done' && (first || Date.now() < deadline); first = false) {
      const phase = row.phase;
      const after = Number(row.cursor ?? 0);
      const ready = prepared?.after === after ? prepared : null;
      prepared = null;
      const ids = ready?.ids ?? (await idsAfter(phase, after, row.transactionsSince));
      const done: ImportCounts = { ...row.done };
      const outcome: Record<string, number> = { ...row.outcome };
      const add = (key: string, n: number) => {
        outcome[key] = (outcome[key] ?? 0) + n;
      };
      if (ids.length === 0) {
        const next = PHASES[PHASES.indexOf(phase) + 1] ?? 'done';
        row = await advanceImport(db, { ...scope, importId, phase: next, cursor: null, done, outcome });
        if (next === 'done' && row) await journalSummary(deps, row);
        if (row?.status !== 'running') break;
        continue;
      }
      const last = ids.at(-1) as number;
      if (phase === 'goods') {
        const r = await pushGoods(target, { ...scope, entries: entriesOf(phase, ids) });
        add('goods', r.written);
        add('unchanged', r.unchanged);
      } else if (phase === 'clients') {
        index ??= await scanContacts(crm, deps.log);
        const plan = await (ready?.plan ?? planClients(target, clientParams(ids, index)));
        // The next round is read from the database while this one waits for the CRM's limit.
        const nextIds = await idsAfter(phase, last, row.transactionsSince);
        if (nextIds.length > 0) {
          const next = planClients(target, clientParams(nextIds, index));
          next.catch(() => undefined); // awaited next round, or dropped with the slice
          prepared = { after: last, ids: nextIds, plan: next };
        }
        const r = await writeClients(target, scope, plan);
        add('created', r.created);
        add('matched', r.matched);
        add('updated', r.written - r.created - r.matched);
        add('unchanged', r.unchanged);
      } else {
        const r = await pushTransactions(target, {
          ...scope,
          entries: entriesOf(phase, ids),
          ...settings,
          since: row.transactionsSince,
        });
        add('deals', r.deals);
        add('timeline', r.timeline);
        add('unchanged', r.unchanged);
        add('skipped', r.skipped);
      }
      done[phase] += ids.length;
      row = await advanceImport(db, { ...scope, importId, phase, cursor: String(last), done, outcome });
      if (row?.status !== 'running') break;
    }
  } catch (error) {
    scanned.delete(importId);
    throw error;
  }
  if (index && row?.status === 'running' && row.phase === 'clients') scanned.set(importId, index);
  else scanned.delete(importId);
  return { row, more: row?.status === 'running' && row.phase !== 'done' };
}

async function scanContacts(crm: CrmPort, log: Logger): Promise<ContactIndex> {
  const scan = await ContactIndex.scan(crm);
  log.debug({ contacts: scan.contacts, pages: scan.pages }, 'CRM contacts scanned');
  return scan.index;
}

async function journalSummary(deps: CrmDeps, row: ImportRow) {
  await appendJournal(deps.database.db, {
    tenantId: row.tenantId,
    direction: 'lime_to_crm',
    operation: 'crm.import',
    status: 'ok',
    entity: 'import',
    entityId: row.id,
    details: { done: row.done, outcome: row.outcome, activeMs: row.activeMs },
  });
}
