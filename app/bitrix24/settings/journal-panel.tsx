'use client';

import { useState } from 'react';
import type { JournalKind } from '@/lib/domain/journal';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { JournalItem } from '@/lib/sync/journal/journal-api';
import { fetchEmbedded } from '../_components/use-embed-session';
import { CursorList } from './cursor-list';
import { Button, Field, Panel, Select } from './fields';
import { JournalRow } from './journal-row';
import { useCursorPages } from './use-cursor-pages';

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
  const [retries, setRetries] = useState<Record<number, 'busy' | 'done'>>({});
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (kind) query.set('kind', kind);
  if (status) query.set('status', status);
  const pages = useCursorPages<JournalItem>('/api/embed/journal', query, token);
  const { busy, setError, load } = pages;

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
      <CursorList pages={pages} words={t} testIds={{ list: 'journal-rows', more: 'journal-more' }}>
        {(entry) => (
          <JournalRow
            key={entry.id}
            entry={entry}
            t={t}
            locale={locale}
            canRetry={admin}
            retry={retries[entry.id] ?? 'idle'}
            onRetry={() => void retry(entry.id)}
          />
        )}
      </CursorList>
    </Panel>
  );
}
