import type { Database } from '@/db/client';
import { insertAudienceCredits } from '@/db/queries/bonus-audience';
import {
  insertBonusCredits,
  leaseBonusCredit,
  nextLeaseEnd,
  runCreditCounts,
} from '@/db/queries/bonus-credits';
import {
  type BonusRunRow,
  beginBonusRun,
  finishBonusRun,
  getBonusRun,
  insertBonusRun,
  interruptBonusRun,
  type NewBonusRun,
  resumeBonusRun,
  updateBonusRunTotals,
} from '@/db/queries/bonus-runs';
import { appendJournal } from '@/db/queries/journal';
import { getLimeConnection } from '@/db/queries/lime-connections';
import { bonusKeys } from '@/lib/domain/bonus-keys';
import { NotFoundError } from '@/lib/http/errors';
import type { LimeGateway } from '@/lib/lime/gateway';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { audienceQuery } from './audience';
import { BonusConflictError } from './errors';
import { BONUS_RUN_JOB } from './job-names';
import { CREDIT_LEASE_SECONDS, sendLeasedCredit } from './send-credit';
import { timelineJobFor } from './timeline';

/**
 * A mass run (issue 8): started once per run id — the form makes the id, so a double click or a
 * resent start is the same run —, its people written as credits keyed `mass:<run>:<client>` in one
 * step by whichever worker first moves it from queued to running, then sent to Lime a chunk per job
 * in the tenant's Lime lane (other Lime work goes between chunks). Each credit is sent only under
 * its lease, so workers that overlap never send one twice, and Lime's idempotency covers a worker
 * that died after Lime answered. A run whose Lime stayed unreachable through the job's retries is
 * interrupted; starting it again goes on with the credits still pending.
 */

export const RUN_CHUNK = 25;

type Enqueue = (job: EnqueueRequest) => Promise<string | null>;

export const runJob = (tenantId: string, runId: string, startAfter?: Date): EnqueueRequest => ({
  kind: BONUS_RUN_JOB,
  tenantId,
  payload: { runId },
  ...(startAfter ? { startAfter } : {}),
});

/**
 * Starts a run, or finds the run started before under this id and sets it going again if it has not
 * finished (its job may have been lost; an interrupted one resumes). The same id with another amount,
 * reason or audience source is a conflict (refused with `conflictMessage`).
 */
export async function startBonusRun(
  deps: { database: Database; enqueue: Enqueue },
  run: NewBonusRun,
  conflictMessage: string,
): Promise<{ run: BonusRunRow; created: boolean }> {
  const db = deps.database.db;
  const found = await insertBonusRun(db, run);
  // Another tenant's run id: for this tenant there is no such run (nothing of it is told).
  if (!found) throw new NotFoundError('No such bonus run');
  const { row, created } = found;
  if (
    !created &&
    (row.amountKopecks !== run.amountKopecks ||
      row.reason !== run.reason ||
      row.audience.source !== run.audience.source)
  ) {
    throw new BonusConflictError(conflictMessage);
  }
  if (row.status === 'done') return { run: row, created };
  if (row.status === 'interrupted') await resumeBonusRun(db, { tenantId: row.tenantId, id: row.id });
  await deps.enqueue(runJob(row.tenantId, row.id));
  return { run: (await getBonusRun(db, { tenantId: row.tenantId, id: row.id })) ?? row, created };
}

/** queued → running and the run's credits written, in one transaction; a no-op for anyone second. */
async function writeRunCredits(database: Database, run: BonusRunRow): Promise<void> {
  const scope = { tenantId: run.tenantId, id: run.id };
  const connection = await getLimeConnection(database.db, {
    tenantId: run.tenantId,
    connectionId: run.connectionId,
  });
  await database.db.transaction(async (tx) => {
    if (!(await beginBonusRun(tx, scope))) return;
    const credit = {
      amountKopecks: run.amountKopecks,
      reason: run.reason,
      comment: run.comment,
      requestedBy: run.requestedBy,
      runId: run.id,
    };
    const { audience } = run;
    let listed: number | null = null;
    if (audience.source === 'filter') {
      if (connection) {
        const query = audienceQuery({
          tenantId: run.tenantId,
          connectionId: run.connectionId,
          zone: connection.timeZone,
          at: run.createdAt,
          filter: audience.filter,
        });
        await insertAudienceCredits(tx, query, { ...credit, keyPrefix: bonusKeys.massPrefix(run.id) });
      }
    } else {
      listed = audience.clients.length;
      await insertBonusCredits(
        tx,
        audience.clients.map((c) => ({
          ...credit,
          tenantId: run.tenantId,
          connectionId: run.connectionId,
          key: bonusKeys.mass(run.id, c.clientId),
          clientId: c.clientId,
          crmContactId: c.contactId,
        })),
      );
    }
    const counts = await runCreditCounts(tx, { tenantId: run.tenantId, runId: run.id });
    const total = counts.pending + counts.done + counts.failed;
    await updateBonusRunTotals(tx, { ...scope, total, already: listed === null ? 0 : listed - total });
  });
}

export type ChunkOutcome = 'done' | 'more' | 'waiting' | 'interrupted' | 'idle';

/**
 * One chunk of a run: up to `chunk` credits leased and sent. Then the run is done, or the next chunk
 * is queued (at once, or when the leases other workers hold run out). A Lime that cannot be reached
 * is thrown for the job to retry; on the job's last try the run is interrupted instead.
 */
export async function processRunChunk(
  deps: {
    database: Database;
    gatewayFor(connectionId: string): Promise<LimeGateway>;
    enqueue: Enqueue;
  },
  params: { tenantId: string; runId: string; isLastAttempt: boolean; chunk?: number; leaseSeconds?: number },
): Promise<ChunkOutcome> {
  const db = deps.database.db;
  const scope = { tenantId: params.tenantId, id: params.runId };
  const countsOf = () => runCreditCounts(db, { tenantId: params.tenantId, runId: params.runId });
  let run = await getBonusRun(db, scope);
  if (!run || run.status === 'done' || run.status === 'interrupted') return 'idle';
  if (run.status === 'queued') {
    await writeRunCredits(deps.database, run);
    run = (await getBonusRun(db, scope)) ?? run;
  }
  let credited = 0;
  try {
    const lime = await deps.gatewayFor(run.connectionId);
    for (let i = 0; i < (params.chunk ?? RUN_CHUNK); i++) {
      const credit = await leaseBonusCredit(db, {
        tenantId: params.tenantId,
        runId: params.runId,
        leaseSeconds: params.leaseSeconds ?? CREDIT_LEASE_SECONDS,
      });
      if (!credit) break;
      if ((await sendLeasedCredit({ db, lime }, credit)).outcome === 'credited') credited++;
    }
  } catch (error) {
    const counts = await countsOf();
    await updateBonusRunTotals(db, { ...scope, credited: counts.done, failed: counts.failed });
    if (!params.isLastAttempt) throw error;
    await interruptBonusRun(db, { ...scope, error: error instanceof Error ? error.message : String(error) });
    return 'interrupted';
  } finally {
    if (credited > 0) {
      const timeline = await timelineJobFor(db, params.tenantId);
      if (timeline) await deps.enqueue(timeline);
    }
  }
  const counts = await countsOf();
  if (counts.pending === 0) {
    const done = await finishBonusRun(db, { ...scope, credited: counts.done, failed: counts.failed });
    if (done) await journalRun(deps.database, done);
    return 'done';
  }
  await updateBonusRunTotals(db, { ...scope, credited: counts.done, failed: counts.failed });
  if (counts.free > 0) {
    await deps.enqueue(runJob(params.tenantId, params.runId));
    return 'more';
  }
  const until = await nextLeaseEnd(db, { tenantId: params.tenantId, runId: params.runId });
  await deps.enqueue(
    runJob(params.tenantId, params.runId, new Date((until?.getTime() ?? Date.now()) + 1000)),
  );
  return 'waiting';
}

async function journalRun(database: Database, run: BonusRunRow): Promise<void> {
  await appendJournal(database.db, {
    tenantId: run.tenantId,
    direction: 'crm_to_lime',
    operation: 'lime.bonus.run',
    status: run.failed > 0 || run.skipped.length > 0 ? 'error' : 'ok',
    entity: 'bonus_run',
    entityId: run.id,
    ...(run.failed > 0 ? { error: `${run.failed} of ${run.total ?? 0} credits failed` } : {}),
    details: {
      kind: 'bonuses',
      source: run.audience.source,
      amountKopecks: run.amountKopecks,
      reason: run.reason,
      total: run.total,
      credited: run.credited,
      already: run.already,
      failed: run.failed,
      skipped: run.skipped.length,
      requestedBy: run.requestedBy,
    },
  });
}
