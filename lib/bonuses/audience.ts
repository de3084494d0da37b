import { DateTime } from 'luxon';
import type { Db } from '@/db/client';
import { type AudienceQuery, countAudience, sampleAudience } from '@/db/queries/bonus-audience';
import { listMirrorClients } from '@/db/queries/crm-push-reads';
import type { BonusRunSkip } from '@/db/schema-bonuses';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { type AudienceFilter, childAgeRange } from '@/lib/domain/bonus-audience';
import { birthDatesForAges } from '@/lib/domain/bonus-keys';
import { bonusErrorWords } from '@/lib/i18n/bonus-errors';
import { type CrmCallDeps, crmOf, viaCrm } from '@/lib/sync/crm-call';
import { getSelection } from '@/lib/sync/selection';
import { BonusRefusedError } from './errors';

/**
 * A run's people: a filter over the Lime mirror, read in the venue's calendar (the Lime connection's
 * zone) on the day the run was asked for; or the rows a user ticked in an amoCRM list (the embed
 * token's `selection`), each through its contact to its Lime client as the list page shows them.
 */

export const PREVIEW_NAMES = 5;

export function audienceQuery(params: {
  tenantId: string;
  connectionId: string;
  zone: string;
  /** The moment the run was asked for: "today" and the children's ages are of that day. */
  at: Date;
  filter: AudienceFilter;
}): AudienceQuery {
  const { filter, zone } = params;
  const dayStart = (day: string) => DateTime.fromISO(day, { zone }).startOf('day');
  const today = DateTime.fromJSDate(params.at, { zone }).toISODate() as string;
  const ages = childAgeRange(filter);
  const born = ages ? birthDatesForAges(today, ages.from, ages.to) : null;
  return {
    tenantId: params.tenantId,
    connectionId: params.connectionId,
    ...(filter.category ? { category: filter.category } : {}),
    ...(born ? { childBorn: { after: born.bornAfter, onOrBefore: born.bornOnOrBefore } } : {}),
    ...(filter.birthMonth === undefined ? {} : { birthMonth: filter.birthMonth }),
    ...(filter.lastVisitFrom ? { lastVisitFrom: dayStart(filter.lastVisitFrom).toJSDate() } : {}),
    ...(filter.lastVisitBefore ? { lastVisitBefore: dayStart(filter.lastVisitBefore).toJSDate() } : {}),
    ...(filter.bonusFrom === undefined ? {} : { bonusFrom: filter.bonusFrom }),
    ...(filter.bonusTo === undefined ? {} : { bonusTo: filter.bonusTo }),
    ...(filter.spendFrom && filter.spendTo
      ? {
          spend: {
            from: dayStart(filter.spendFrom).toJSDate(),
            to: dayStart(filter.spendTo).plus({ days: 1 }).toJSDate(),
            min: filter.spendMin ?? 1,
            ...(filter.spendMax === undefined ? {} : { max: filter.spendMax }),
          },
        }
      : {}),
  };
}

export interface AudiencePreview {
  count: number;
  /** The first few by name. */
  sample: { clientId: number; name: string }[];
  /** List rows that cannot be credited (selection only). */
  skipped: BonusRunSkip[];
}

export async function previewFilter(db: Db, query: AudienceQuery): Promise<AudiencePreview> {
  const [count, sample] = await Promise.all([
    countAudience(db, query),
    sampleAudience(db, query, PREVIEW_NAMES),
  ]);
  return { count, sample: sample.map((s) => ({ clientId: s.id, name: s.name })), skipped: [] };
}

export interface ResolvedSelection {
  type: 'contact' | 'lead';
  ids: string[];
  /** In the list's order; a client ticked twice (two leads of one contact) appears twice. */
  clients: { clientId: number; contactId: string; name: string }[];
  skipped: BonusRunSkip[];
}

/** The ticked rows' Lime clients (of the active connection), and the rows that have none. */
export async function resolveSelection(
  deps: CrmCallDeps,
  claims: EmbedClaims,
  connectionId: string,
): Promise<ResolvedSelection> {
  const words = bonusErrorWords(claims.locale);
  if (!claims.selection) throw new BonusRefusedError(words.noSelection);
  const { type, ids } = claims.selection;
  const crm = await crmOf(deps, claims.tenantId);
  const view = await viaCrm(
    { dealGone: words.dealGone, contactGone: words.contactGone, crmFailed: words.crmFailed },
    () => getSelection({ database: deps.database, crm }, { tenantId: claims.tenantId, type, ids }),
  );
  const known = new Set(
    (
      await listMirrorClients(deps.database.db, {
        tenantId: claims.tenantId,
        connectionId,
        ids: view.rows.flatMap((r) => (r.client ? [r.client.id] : [])),
      })
    ).map((c) => c.id),
  );
  const clients: ResolvedSelection['clients'] = [];
  const skipped: BonusRunSkip[] = [];
  const seen = new Set<string>();
  for (const row of view.rows) {
    seen.add(row.id);
    if (!row.contact) skipped.push({ id: row.id, name: row.title, reason: 'no_contact' });
    else if (!row.client || !known.has(row.client.id))
      skipped.push({ id: row.id, name: row.title, reason: 'no_client' });
    else clients.push({ clientId: row.client.id, contactId: row.contact.id, name: row.client.name });
  }
  for (const id of ids) if (!seen.has(id)) skipped.push({ id, name: '', reason: 'no_contact' });
  return { type, ids, clients, skipped };
}

export function previewSelection(selection: ResolvedSelection): AudiencePreview {
  const distinct = new Map(selection.clients.map((c) => [c.clientId, c.name] as const));
  return {
    count: distinct.size,
    sample: [...distinct].slice(0, PREVIEW_NAMES).map(([clientId, name]) => ({ clientId, name })),
    skipped: selection.skipped,
  };
}
