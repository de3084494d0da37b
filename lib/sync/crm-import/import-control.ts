import type { Db } from '@/db/client';
import {
  countImportable,
  getCurrentImport,
  type ImportRow,
  insertImport,
  setImportStatus,
} from '@/db/queries/crm-imports';
import { listLimeConnections } from '@/db/queries/lime-connections';
import { getTenantById } from '@/db/queries/tenants';
import type { ImportCounts, ImportPhase, ImportStatus } from '@/db/schema-sync';
import { ConflictError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';

/**
 * Starting, pausing and resuming a tenant's initial import, and what its progress bar shows: done
 * of total, the rate over the time it ran (pauses excluded) and the time left at that rate.
 */

export const CRM_IMPORT_JOBS = { bitrix24: 'crm.import.bitrix24', amocrm: 'crm.import.amocrm' } as const;
export const DEFAULT_IMPORT_DAYS = 90;

export class ImportConflictError extends ConflictError {
  readonly reason = 'IMPORT_CONFLICT' as const;
}

export class NoLimeConnectionError extends ConflictError {
  readonly reason = 'NO_LIME_CONNECTION' as const;
  constructor() {
    super('Connect Lime before importing');
  }
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  phase: ImportPhase;
  totals: ImportCounts & { children: number };
  done: ImportCounts;
  /** Of every item (goods, clients, transactions), 0…1. */
  fraction: number;
  /** Items a second while running; null before the first second of work. */
  rate: number | null;
  /** Seconds left at that rate; null when unknown or finished. */
  etaSeconds: number | null;
  transactionsSince: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: Record<string, number>;
  error: string | null;
}

interface Enqueue {
  enqueue(job: EnqueueRequest): Promise<unknown>;
}

export async function importJobFor(db: Db, tenantId: string, importId: string): Promise<EnqueueRequest> {
  const tenant = await getTenantById(db, { tenantId });
  const kind = tenant?.kind === 'amocrm' ? CRM_IMPORT_JOBS.amocrm : CRM_IMPORT_JOBS.bitrix24;
  return { kind, tenantId, payload: { importId } };
}

export async function startImport(
  deps: { db: Db } & Enqueue,
  params: { tenantId: string; days?: number; now?: Date },
): Promise<ImportView> {
  const connection = (await listLimeConnections(deps.db, { tenantId: params.tenantId })).find(
    (c) => c.status === 'active',
  );
  if (!connection) throw new NoLimeConnectionError();
  const now = params.now ?? new Date();
  const transactionsSince = new Date(now.getTime() - (params.days ?? DEFAULT_IMPORT_DAYS) * 86_400_000);
  const scope = { tenantId: params.tenantId, connectionId: connection.id };
  const { children, ...totals } = await countImportable(deps.db, { ...scope, transactionsSince });
  const row = await insertImport(deps.db, { ...scope, transactionsSince, totals, children });
  if (!row) throw new ImportConflictError('An import is already running or paused');
  await deps.enqueue(await importJobFor(deps.db, params.tenantId, row.id));
  return importView(row);
}

export async function changeImport(
  deps: { db: Db } & Enqueue,
  params: { tenantId: string; action: 'pause' | 'resume' | 'cancel' },
): Promise<ImportView> {
  const current = await getCurrentImport(deps.db, { tenantId: params.tenantId });
  const transition: Record<typeof params.action, { from: ImportStatus[]; to: ImportStatus }> = {
    pause: { from: ['running'], to: 'paused' },
    resume: { from: ['paused'], to: 'running' },
    cancel: { from: ['running', 'paused'], to: 'cancelled' },
  };
  const { from, to } = transition[params.action];
  const row =
    current &&
    (await setImportStatus(deps.db, { tenantId: params.tenantId, importId: current.id, from, to }));
  if (!row) throw new ImportConflictError(`No import to ${params.action}`);
  if (to === 'running') await deps.enqueue(await importJobFor(deps.db, params.tenantId, row.id));
  return importView(row);
}

export async function currentImportView(db: Db, params: { tenantId: string }): Promise<ImportView | null> {
  const row = await getCurrentImport(db, params);
  return row ? importView(row) : null;
}

export function importView(row: ImportRow, now = Date.now()): ImportView {
  const children = Number(row.outcome.children ?? 0);
  const { children: _, ...outcome } = row.outcome;
  const total = row.totals.goods + row.totals.clients + row.totals.transactions;
  const done = row.done.goods + row.done.clients + row.done.transactions;
  const activeMs = row.activeMs + (row.resumedAt ? Math.max(0, now - row.resumedAt.getTime()) : 0);
  const rate = activeMs >= 1_000 && done > 0 ? done / (activeMs / 1_000) : null;
  const finished = row.status === 'done' || row.status === 'cancelled';
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    totals: { ...row.totals, children },
    done: row.done,
    fraction:
      finished || total === 0 ? (row.status === 'done' ? 1 : done / Math.max(total, 1)) : done / total,
    rate,
    etaSeconds: !finished && rate ? Math.ceil(Math.max(0, total - done) / rate) : null,
    transactionsSince: row.transactionsSince.toISOString(),
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    outcome,
    error: row.error,
  };
}
