import { createHash } from 'node:crypto';
import type { Job, JobResult, JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { appendJournal } from '@/db/queries/journal';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { journalFailure } from '@/lib/domain/journal';
import { getMetrics } from '@/lib/metrics/registry';
import { DEAD_LETTER_QUEUE, laneQueueName, TARGETS, type Target } from './targets';

/**
 * Lanes (DESIGN.md "One queue: pg-boss"): one pg-boss queue per target with policy `singleton` and
 * singletonKey = tenant. pg-boss enforces "one active job per (queue, key)" with a unique index
 * (job_i2) and skips keys that have an active job when fetching, across all processes. A job
 * waiting out its retry back-off is not active, so it never blocks its lane; once its retries are
 * spent it moves to the dead-letter queue, visible, and the lane goes on.
 */

export interface LaneEnvelope {
  kind: string;
  tenantId: string;
  payload: unknown;
}

/** What every job may use besides the database: set once when the workers start. */
export interface JobServices {
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  /** Our CRM apps' credentials and public URL; absent in tests that run no CRM jobs. */
  crm?: CrmAppServices;
  enqueue(job: EnqueueRequest): Promise<string | null>;
}

export interface CrmAppServices {
  appUrl: string;
  bitrix24: { clientId: string; clientSecret: string } | null;
  amocrm?: { clientId: string; clientSecret: string; redirectUri: string } | null;
  /** Extra trusted CAs (PEM) for https CRM hosts (tests' simulators, private CAs). */
  ca?: string;
}

export interface EnqueueRequest {
  kind: string;
  tenantId: string;
  payload: unknown;
  startAfter?: Date | number;
  /** A deterministic id makes a send a no-op while a job with that id exists. */
  id?: string;
}

export interface JobContext<P> {
  tenantId: string;
  payload: P;
  jobId: string;
  attempt: number;
  isLastAttempt: boolean;
  signal: AbortSignal;
  database: Database;
  log: Logger;
  services: JobServices;
}

export interface JobDefinition<P = unknown> {
  target: Target;
  payload: z.ZodType<P>;
  run(ctx: JobContext<P>): Promise<void>;
}

export type JobRegistry = Record<string, JobDefinition<unknown>>;

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export interface LaneQueueOptions {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax: number;
  expireInSeconds: number;
  heartbeatSeconds: number;
  retentionSeconds: number;
  deleteAfterSeconds: number;
}

export const DEFAULT_LANE_OPTIONS: LaneQueueOptions = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 900,
  heartbeatSeconds: 30,
  retentionSeconds: 14 * 24 * 3600,
  deleteAfterSeconds: 7 * 24 * 3600,
};

export type LaneOptions = Partial<LaneQueueOptions>;

export class UnknownJobKindError extends Error {
  readonly code = 'UNKNOWN_JOB_KIND' as const;
  constructor(kind: string) {
    super(`No job is registered under the kind "${kind}"`);
    this.name = 'UnknownJobKindError';
  }
}

export async function ensureLaneQueues(boss: PgBoss, options: LaneOptions = {}): Promise<void> {
  const { retryDelayMax, ...rest } = { ...DEFAULT_LANE_OPTIONS, ...options };
  // pg-boss accepts a maximum delay only together with exponential back-off.
  const queueOptions = rest.retryBackoff ? { ...rest, retryDelayMax } : rest;
  if (!(await boss.getQueue(DEAD_LETTER_QUEUE))) {
    await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: 30 * 24 * 3600 });
  }
  for (const target of TARGETS) {
    const name = laneQueueName(target);
    if (await boss.getQueue(name)) continue;
    await boss.createQueue(name, { ...queueOptions, policy: 'singleton', deadLetter: DEAD_LETTER_QUEUE });
  }
}

/**
 * A job id shared by every send of `kind` for a tenant within one window: sends in the same second
 * (a burst of webhooks or pings) coalesce into one job, while a later send makes a new one.
 */
export function coalescedJobId(kind: string, tenantId: string, now = Date.now(), windowMs = 1000): string {
  const hex = createHash('sha256')
    .update(`${kind}:${tenantId}:${Math.floor(now / windowMs)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The job that reads what a burst of inbound requests stored: one per tenant and window, shared by
 * every send in the window, and not started before the window ends. A send made after that job
 * ran falls in a later window, so a row stored before its send is always read by a job that
 * starts after it (a job of the current window, coalescedJobId's, would make a send a no-op once
 * it had finished, and the row would wait for the minute's sweep).
 */
export function windowJob(kind: string, tenantId: string, now = Date.now(), windowMs = 1000): EnqueueRequest {
  const next = (Math.floor(now / windowMs) + 1) * windowMs;
  return {
    kind,
    tenantId,
    payload: {},
    id: coalescedJobId(kind, tenantId, next, windowMs),
    startAfter: new Date(next),
  };
}

export async function enqueue(
  boss: PgBoss,
  registry: JobRegistry,
  job: EnqueueRequest,
): Promise<string | null> {
  const definition = registry[job.kind];
  if (!definition) throw new UnknownJobKindError(job.kind);
  const payload = definition.payload.parse(job.payload);
  const envelope: LaneEnvelope = { kind: job.kind, tenantId: job.tenantId, payload };
  return boss.send(laneQueueName(definition.target), envelope, {
    singletonKey: job.tenantId,
    startAfter: job.startAfter,
    id: job.id,
  });
}

async function runOne(
  job: JobWithMetadata<LaneEnvelope>,
  target: Target,
  registry: JobRegistry,
  deps: { database: Database; log: Logger; services: JobServices },
): Promise<JobResult> {
  const metrics = getMetrics();
  const { kind, tenantId } = job.data;
  const definition = registry[kind];
  const isLastAttempt = job.retryCount >= job.retryLimit;
  const log = deps.log.child({ jobId: job.id, kind, tenantId, attempt: job.retryCount + 1 });
  if (!definition || definition.target !== target) {
    log.error('job of an unknown kind sent to the dead-letter queue');
    metrics.jobsTotal.inc({ target, kind, outcome: 'dead' });
    return { id: job.id, status: 'deadletter', output: { error: `unknown job kind ${kind}` } };
  }
  const parsed = definition.payload.safeParse(job.data.payload);
  if (!parsed.success) {
    log.error({ issues: parsed.error.issues }, 'job payload invalid; not retried');
    metrics.jobsTotal.inc({ target, kind, outcome: 'dead' });
    return { id: job.id, status: 'deadletter', output: { error: 'invalid payload' } };
  }
  const stopTimer = metrics.jobSeconds.startTimer({ target, kind });
  try {
    await definition.run({
      tenantId,
      payload: parsed.data,
      jobId: job.id,
      attempt: job.retryCount + 1,
      isLastAttempt,
      signal: job.signal,
      database: deps.database,
      log,
      services: deps.services,
    });
    metrics.jobsTotal.inc({ target, kind, outcome: 'completed' });
    return { id: job.id, status: 'completed' };
  } catch (error) {
    // The journal's "retry" sends the same job again (its payload as this run parsed it).
    const failure = journalFailure(error, { job: kind, payload: parsed.data });
    const message = failure.error;
    log.warn({ err: error }, isLastAttempt ? 'job failed for the last time' : 'job failed; will retry');
    metrics.jobsTotal.inc({ target, kind, outcome: isLastAttempt ? 'dead' : 'failed' });
    await appendJournal(deps.database.db, {
      tenantId,
      direction: 'internal',
      operation: kind,
      status: isLastAttempt ? 'dead' : 'retrying',
      error: message,
      jobId: job.id,
      details: failure.details,
    }).catch((journalError: unknown) => log.error({ err: journalError }, 'could not journal a job failure'));
    return { id: job.id, status: 'failed', output: { error: message } };
  } finally {
    stopTimer();
  }
}

export async function startLaneWorkers(
  boss: PgBoss,
  registry: JobRegistry,
  deps: {
    database: Database;
    log: Logger;
    services: JobServices;
    concurrency?: number;
    pollingIntervalSeconds?: number;
  },
): Promise<void> {
  for (const target of TARGETS) {
    await boss.work(
      laneQueueName(target),
      {
        localConcurrency: deps.concurrency ?? 4,
        batchSize: 1,
        includeMetadata: true,
        perJobResults: true,
        pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 1,
      },
      async (jobs: JobWithMetadata<LaneEnvelope>[]) =>
        Promise.all(jobs.map((job) => runOne(job, target, registry, deps))),
    );
  }
}

export type { Job };
