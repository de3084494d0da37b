import { z } from 'zod';
import type { Database } from '@/db/client';
import { appendJournal, getJournalEntry, type JournalEntry, listJournalPage } from '@/db/queries/journal';
import type { JournalDirection, JournalStatus } from '@/db/schema';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { JOURNAL_KINDS, type JournalKind, journalKindOf, journalRetrySchema } from '@/lib/domain/journal';
import { ConflictError, InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { coalescedJobId, type EnqueueRequest, UnknownJobKindError } from '@/lib/queue/lanes';
import { requireAdmin } from '../settings-api';
import { type PlainError, plainError } from './plain-error';

/**
 * The sync journal in the settings of both CRMs (DESIGN.md item 7): a tenant's operations newest
 * first, filtered by entity kind, status and direction, each failure in plain words; an admin
 * retries a failed one — its job (what the writer stored in `details.retry`) is sent again in the
 * tenant's lane and a "retry requested" row says so. Everything is scoped by the embed token's
 * tenant: another tenant's row is simply not found.
 */

export const RETRY_OPERATION = 'journal.retry';
const FAILED: JournalStatus[] = ['error', 'dead'];
const STATUSES = ['ok', 'skipped', 'error', 'retrying', 'dead'] as const;
const DIRECTIONS = ['lime_to_crm', 'crm_to_lime', 'inbound', 'internal'] as const;

const querySchema = z.object({
  kind: z.enum(JOURNAL_KINDS).optional(),
  /** One status, or `failed` for error and dead. */
  status: z.enum([...STATUSES, 'failed']).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type JournalQuery = z.input<typeof querySchema>;

export interface JournalItem {
  id: number;
  at: string;
  direction: JournalDirection;
  kind: JournalKind;
  operation: string;
  entity: string | null;
  entityId: string | null;
  status: JournalStatus;
  /** The numbers the row's details carry (written, unchanged, …). */
  counts: Record<string, number>;
  problem: PlainError | null;
  /** A failed row whose job can be sent again. */
  retryable: boolean;
}

export interface JournalPage {
  admin: boolean;
  entries: JournalItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: number | null;
}

const retryOf = (row: JournalEntry) =>
  FAILED.includes(row.status)
    ? journalRetrySchema.safeParse((row.details as { retry?: unknown } | null)?.retry)
    : null;

const NOT_COUNTS = new Set(['httpStatus', 'retryOf']);

function countsOf(details: unknown): Record<string, number> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return {};
  return Object.fromEntries(
    Object.entries(details).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && !NOT_COUNTS.has(entry[0]),
    ),
  );
}

function itemOf(row: JournalEntry, claims: EmbedClaims): JournalItem {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    direction: row.direction,
    kind: journalKindOf(row),
    operation: row.operation,
    entity: row.entity,
    entityId: row.entityId,
    status: row.status,
    counts: countsOf(row.details),
    problem: plainError(row, { crm: claims.crm, locale: claims.locale }),
    retryable: retryOf(row)?.success === true,
  };
}

export async function listJournalForClaims(
  deps: { database: Database },
  claims: EmbedClaims,
  query: unknown,
): Promise<JournalPage> {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequestError(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const q = parsed.data;
  const rows = await listJournalPage(deps.database.db, {
    tenantId: claims.tenantId,
    kind: q.kind,
    statuses: q.status === 'failed' ? FAILED : q.status ? [q.status] : undefined,
    direction: q.direction,
    beforeId: q.before,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    admin: claims.admin,
    entries: page.map((row) => itemOf(row, claims)),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

const retryBodySchema = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export interface RetryResult {
  queued: true;
  /** The "retry requested" row. */
  entryId: number;
}

export async function retryJournalEntryForClaims(
  deps: { database: Database; enqueue(job: EnqueueRequest): Promise<string | null> },
  claims: EmbedClaims,
  body: unknown,
): Promise<RetryResult> {
  requireAdmin(claims);
  const parsed = retryBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Name the journal entry to retry by its id');
  const { db } = deps.database;
  const row = await getJournalEntry(db, { tenantId: claims.tenantId, id: parsed.data.id });
  if (!row) throw new NotFoundError('The journal has no such entry');
  const retry = retryOf(row);
  if (!retry) throw new ConflictError('Only a failed operation can be retried');
  if (!retry.success)
    throw new ConflictError('This operation cannot be retried: trying again would not help');
  const { job, payload } = retry.data;
  let jobId: string | null;
  try {
    // null: the same press already sent it.
    jobId = await deps.enqueue({
      kind: job,
      tenantId: claims.tenantId,
      payload,
      // Two presses in the same second send one job.
      id: coalescedJobId(`${RETRY_OPERATION}:${job}`, claims.tenantId),
    });
  } catch (error) {
    if (error instanceof UnknownJobKindError || error instanceof z.ZodError)
      throw new ConflictError('This operation can no longer be retried');
    throw error;
  }
  const entryId = await appendJournal(db, {
    tenantId: claims.tenantId,
    direction: 'internal',
    operation: RETRY_OPERATION,
    status: 'ok',
    entity: row.entity ?? undefined,
    entityId: row.entityId ?? undefined,
    jobId: jobId ?? undefined,
    details: {
      kind: journalKindOf(row),
      retryOf: row.id,
      operation: row.operation,
      job,
      userId: claims.userId,
    },
  });
  return { queued: true, entryId };
}
