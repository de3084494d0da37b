'use client';

import { useCallback, useEffect, useState } from 'react';
import type { JournalKind } from '@/lib/domain/journal';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { JournalItem, JournalPage } from '@/lib/sync/journal/journal-api';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Panel, Select } from './fields';
import { JournalRow } from './journal-row';

const PAGE = 20;
const STATUS_FILTERS = ['failed', 'ok', 'skipped', 'retrying'] as const;
type StatusFilter = '' | (typeof STATUS_FILTERS)[number];
/** After a retry the list is read again at once and once more when the job has likely run. */
const AFTER_RETRY_MS = 4_000;

/**
 * The sync journal in the settings of both CRMs: every operation newest first, filtered by what it
 * concerns and its status, each failure in plain words with the raw text under "details", and a
 * retry for admins on failed rows; "show more" pages back. Looks like its host through the tokens.
 */
export function JournalPanel({ locale, token, admin }: { locale: Locale; token: string; admin: boolean }) {
  const t = getDictionary(locale).journal;
  const [kind, setKind] = useState<'' | JournalKind>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [entries, setEntries] = useState<JournalItem[] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [retries, setRetries] = useState<Record<number, 'busy' | 'done'>>({});

  const load = useCallback(
    async (before: number | null) => {
      setBusy(true);
      setError(null);
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (kind) query.set('kind', kind);
      if (status) query.set('status', status);
      if (before) query.set('before', String(before));
      try {
        const page = await fetchEmbedded<JournalPage>(`/api/embed/journal?${query}`, token);
        setEntries((shown) => (before ? [...(shown ?? []), ...page.entries] : page.entries));
        setCursor(page.nextCursor);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [token, kind, status],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  async function retry(id: number) {
    setRetries((r) => ({ ...r, [id]: 'busy' }));
    setError(null);
    try {
      await fetchEmbedded('/api/embed/journal/retry', token, { method: 'POST', body: { id } });
      setRetries((r) => ({ ...r, [id]: 'done' }));
      await load(null);
      setTimeout(() => void load(null), AFTER_RETRY_MS);
    } catch (e) {
      setRetries(({ [id]: _, ...rest }) => rest);
      setError((e as Error).message);
    }
  }

  return (
    <Panel title={t.title} testId="journal-panel">
      <p className="text-sm text-description">{t.intro}</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-40">
          <Field label={t.kindFilter}>
            <Select
              name="journalKind"
              value={kind}
              onChange={(e) => setKind(e.target.value as '' | JournalKind)}
            >
              <option value="">{t.all}</option>
              {(Object.keys(t.kinds) as JournalKind[]).map((k) => (
                <option key={k} value={k}>
                  {t.kinds[k]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="min-w-0 flex-1 basis-40">
          <Field label={t.statusFilter}>
            <Select
              name="journalStatus"
              value={status}
              onChange={(e) => setStatus(e.target.value as StatusFilter)}
            >
              <option value="">{t.all}</option>
              {STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {s === 'failed' ? t.failed : t.statuses[s]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button
          tone="secondary"
          disabled={busy}
          onClick={() => void load(null)}
          data-testid="journal-refresh"
        >
          {t.refresh}
        </Button>
      </div>
      {error && (
        <p className="text-sm text-danger" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="text-sm text-description">{t.loading}</p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-description">{t.empty}</p>
      ) : (
        <ul className="min-w-0" data-testid="journal-rows">
          {entries.map((entry) => (
            <JournalRow
              key={entry.id}
              entry={entry}
              t={t}
              locale={locale}
              canRetry={admin}
              retry={retries[entry.id] ?? 'idle'}
              onRetry={() => void retry(entry.id)}
            />
          ))}
        </ul>
      )}
      {cursor !== null && (
        <Button tone="secondary" disabled={busy} onClick={() => void load(cursor)} data-testid="journal-more">
          {t.more}
        </Button>
      )}
    </Panel>
  );
}
