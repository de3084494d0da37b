import { z } from 'zod';
import { listRunFailures } from '@/db/queries/bonus-credits';
import { getBonusRun, listBonusRuns } from '@/db/queries/bonus-runs';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import { getActiveLimeConnection, type LimeConnectionRow } from '@/db/queries/lime-connections';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { audienceFilterSchema } from '@/lib/domain/bonus-audience';
import { InvalidRequestError, NotFoundError } from '@/lib/http/errors';
import { bonusErrorWords } from '@/lib/i18n/bonus-errors';
import {
  type AudiencePreview,
  audienceQuery,
  previewFilter,
  previewSelection,
  resolveSelection,
} from './audience';
import type { BonusApiDeps } from './bonus-api';
import { assertAmount, assertMayRunMass, getBonusRules } from './bonus-rules';
import { BonusRefusedError } from './errors';
import { startBonusRun } from './mass-run';
import { type RunView, runView } from './views';

/**
 * Mass crediting (issue 8), admins only: over a filter of the Lime mirror (both CRMs), or over the
 * rows ticked in an amoCRM list (the embed token's `selection`). Preview (how many, a few names),
 * start (the form's run id makes a second start the same run), progress and the report by GET.
 */

const RECENT_RUNS = 10;
const REPORT_FAILURES = 100;
export const RUN_REASONS = ['mass', 'birthday'] as const;

const audienceSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('filter'), filter: z.unknown() }),
  z.object({ source: z.literal('selection') }),
]);

const postSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('preview'), audience: audienceSchema }),
  z.object({
    action: z.literal('start'),
    runId: z.uuid(),
    audience: audienceSchema,
    /** Kopecks, for each person. */
    amount: z.number().int(),
    reason: z.enum(RUN_REASONS).default('mass'),
    comment: z.string().trim().max(500).nullish(),
  }),
]);

export interface RunReport extends RunView {
  failures: { clientId: number; name: string | null; error: string | null }[];
}

export interface RunsPanel {
  mayRun: boolean;
  maxAmountKopecks: number;
  reasons: readonly (typeof RUN_REASONS)[number][];
  /** The amoCRM list rows the frame was opened for, if any. */
  selection: { type: 'contact' | 'lead'; count: number } | null;
  runs: RunView[];
}

/** GET /api/embed/bonuses/runs — the latest runs; `?id=` one run's progress and report. */
export async function runsForClaims(
  deps: Pick<BonusApiDeps, 'database'>,
  claims: EmbedClaims,
  query: URLSearchParams,
): Promise<RunsPanel | { run: RunReport }> {
  const db = deps.database.db;
  const id = query.get('id');
  if (id !== null) {
    assertMayRunMass(claims);
    const row = z.uuid().safeParse(id).success
      ? await getBonusRun(db, { tenantId: claims.tenantId, id })
      : null;
    if (!row) throw new NotFoundError(bonusErrorWords(claims.locale).runNotFound);
    const failed = await listRunFailures(db, {
      tenantId: claims.tenantId,
      runId: row.id,
      limit: REPORT_FAILURES,
    });
    const names = new Map(
      (
        await listMirrorClients(db, {
          tenantId: claims.tenantId,
          connectionId: row.connectionId,
          ids: failed.map((f) => f.clientId),
        })
      ).map((c) => [c.id, c.displayName] as const),
    );
    return {
      run: {
        ...runView(row, claims.locale),
        failures: failed.map((f) => ({
          clientId: f.clientId,
          name: names.get(f.clientId) ?? null,
          error: f.error,
        })),
      },
    };
  }
  const rules = await getBonusRules(db, claims.tenantId);
  const runs = claims.admin ? await listBonusRuns(db, { tenantId: claims.tenantId, limit: RECENT_RUNS }) : [];
  return {
    mayRun: claims.admin,
    maxAmountKopecks: rules.maxAmountKopecks,
    reasons: RUN_REASONS,
    selection: claims.selection ? { type: claims.selection.type, count: claims.selection.ids.length } : null,
    runs: runs.map((r) => runView(r, claims.locale)),
  };
}

function parseFilter(claims: EmbedClaims, raw: unknown) {
  const parsed = audienceFilterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InvalidRequestError(
      bonusErrorWords(claims.locale).filter(`${where}${issue?.message ?? 'invalid'}`),
    );
  }
  return parsed.data;
}

async function activeConnection(
  deps: Pick<BonusApiDeps, 'database'>,
  claims: EmbedClaims,
): Promise<LimeConnectionRow> {
  const connection = await getActiveLimeConnection(deps.database.db, { tenantId: claims.tenantId });
  if (!connection) throw new BonusRefusedError(bonusErrorWords(claims.locale).noLime);
  return connection;
}

/** POST /api/embed/bonuses/runs — {action: 'preview', audience} | {action: 'start', runId, audience, amount, reason?, comment?}. */
export async function runActionForClaims(
  deps: BonusApiDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<AudiencePreview | { run: RunView; created: boolean }> {
  const words = bonusErrorWords(claims.locale);
  assertMayRunMass(claims);
  const parsed = postSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(words.runForm);
  const request = parsed.data;
  const db = deps.database.db;
  if (request.action === 'start')
    assertAmount(claims, await getBonusRules(db, claims.tenantId), request.amount);
  const filter = request.audience.source === 'filter' ? parseFilter(claims, request.audience.filter) : null;
  const connection = await activeConnection(deps, claims);
  const selection = filter ? null : await resolveSelection(deps, claims, connection.id);
  const scope = { tenantId: claims.tenantId, connectionId: connection.id };
  if (request.action === 'preview') {
    return filter
      ? previewFilter(db, audienceQuery({ ...scope, zone: connection.timeZone, at: new Date(), filter }))
      : previewSelection(selection as NonNullable<typeof selection>);
  }
  if (selection && selection.clients.length === 0) throw new BonusRefusedError(words.nobody);
  const { run, created } = await startBonusRun(
    deps,
    {
      id: request.runId,
      ...scope,
      audience: filter
        ? { source: 'filter', filter }
        : {
            source: 'selection',
            type: selection?.type ?? 'contact',
            ids: selection?.ids ?? [],
            clients: (selection?.clients ?? []).map(({ clientId, contactId }) => ({ clientId, contactId })),
          },
      amountKopecks: request.amount,
      reason: request.reason,
      comment: request.comment || null,
      requestedBy: claims.userId,
      skipped: selection?.skipped ?? [],
    },
    words.runChanged,
  );
  return { run: runView(run, claims.locale), created };
}
