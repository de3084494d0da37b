import { z } from 'zod';
import type { Database } from '@/db/client';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { ForbiddenError, InvalidRequestError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { changeImport, currentImportView, type ImportView, startImport } from './import-control';

/** The settings frame's import panel: anyone may watch; only the CRM's admins start, pause or resume. */

const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), days: z.number().int().min(0).max(3650).optional() }),
  z.object({ action: z.enum(['pause', 'resume', 'cancel']) }),
]);

type Deps = { database: Database; enqueue(job: EnqueueRequest): Promise<string | null> };

export async function importForClaims(deps: Pick<Deps, 'database'>, claims: EmbedClaims) {
  return { import: await currentImportView(deps.database.db, { tenantId: claims.tenantId }) };
}

export async function importActionForClaims(
  deps: Deps,
  claims: EmbedClaims,
  body: unknown,
): Promise<{ import: ImportView }> {
  if (!claims.admin) throw new ForbiddenError('Only an administrator of the CRM can run an import');
  const parsed = actionSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Say start, pause, resume or cancel');
  const control = { db: deps.database.db, enqueue: deps.enqueue };
  const request = parsed.data;
  const view =
    request.action === 'start'
      ? await startImport(control, { tenantId: claims.tenantId, days: request.days })
      : await changeImport(control, { tenantId: claims.tenantId, action: request.action });
  return { import: view };
}
