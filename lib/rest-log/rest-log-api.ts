import { z } from 'zod';
import type { Database } from '@/db/client';
import { listRestLog, type RestLogRow } from '@/db/queries/rest-log';
import { REST_LOG_SYSTEMS } from '@/db/schema-rest-log';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { ForbiddenError, InvalidRequestError } from '@/lib/http/errors';

/** GET /api/embed/rest-log: the frame's tenant's recent REST calls, for its CRM's administrators. */

const querySchema = z.object({
  system: z.enum(REST_LOG_SYSTEMS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export type RestLogItem = Omit<RestLogRow, 'tenantId' | 'at'> & { at: string };

export interface RestLogPage {
  entries: RestLogItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: number | null;
}

export async function listRestLogForClaims(
  deps: { database: Database },
  claims: EmbedClaims,
  query: unknown,
): Promise<RestLogPage> {
  if (!claims.admin) throw new ForbiddenError('Only an administrator of the CRM can read the REST log');
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequestError(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const { system, limit, before } = parsed.data;
  const rows = await listRestLog(deps.database.db, {
    tenantId: claims.tenantId,
    system,
    limit,
    beforeId: before,
  });
  return {
    entries: rows.map(({ tenantId: _tenant, at, ...row }) => ({ ...row, at: at.toISOString() })),
    nextCursor: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
  };
}
