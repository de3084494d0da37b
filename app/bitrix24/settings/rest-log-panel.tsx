'use client';

import { useState } from 'react';
import type { Locale } from '@/lib/i18n';
import { restLogWords } from '@/lib/i18n/rest-log-words';
import type { RestLogItem } from '@/lib/rest-log/rest-log-api';
import { CursorList } from './cursor-list';
import { Button, Field, Panel, Select } from './fields';
import { when } from './journal-row';
import { useCursorPages } from './use-cursor-pages';

const PAGE = 20;
type System = '' | RestLogItem['system'];

const BADGE: Record<RestLogItem['outcome'], string> = {
  ok: 'bg-success text-white',
  error: 'bg-danger text-white',
  failed: 'bg-warning text-white',
};

/**
 * The tenant's REST log for CRM administrators (GET /api/embed/rest-log): newest first, by system,
 * each call's bodies under "details"; "show more" pages back. Read-only.
 */
export function RestLogPanel({ locale, token }: { locale: Locale; token: string }) {
  const t = restLogWords(locale);
  const [system, setSystem] = useState<System>('');
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (system) query.set('system', system);
  const pages = useCursorPages<RestLogItem>('/api/embed/rest-log', query, token);
  const { busy, load } = pages;

  return (
    <Panel title={t.title} testId="rest-log-panel">
      <p className="text-sm text-description">{t.intro}</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-40">
          <Field label={t.system}>
            <Select name="restLogSystem" value={system} onChange={(e) => setSystem(e.target.value as System)}>
              <option value="">{t.all}</option>
              {(Object.keys(t.systems) as RestLogItem['system'][]).map((s) => (
                <option key={s} value={s}>
                  {t.systems[s]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button tone="secondary" disabled={busy} onClick={() => void load(null)}>
          {t.refresh}
        </Button>
      </div>
      <CursorList pages={pages} words={t} testIds={{ list: 'rest-log-rows' }}>
        {(entry) => (
          <li
            key={entry.id}
            className="border-t border-divider py-2 first:border-t-0"
            data-testid="rest-log-row"
          >
            <details className="text-sm">
              <summary className="flex cursor-pointer select-none flex-wrap items-center gap-x-3 gap-y-1">
                <time className="text-description tabular-nums" dateTime={entry.at}>
                  {when(entry.at, locale)}
                </time>
                <span className="text-label">{t.systems[entry.system]}</span>
                <span className="min-w-0 break-all font-medium text-fg">
                  {entry.method} {entry.operation}
                </span>
                <span
                  className={`inline-flex h-5 items-center rounded-full px-2 text-xs font-bold ${BADGE[entry.outcome]}`}
                >
                  {entry.status ?? t.outcomes[entry.outcome]}
                </span>
                <span className="text-description tabular-nums">{entry.durationMs} ms</span>
              </summary>
              <div className="mt-2 space-y-2 text-xs text-description">
                <p className="break-all font-mono">{entry.url}</p>
                {entry.error && <p className="break-all text-danger">{entry.error}</p>}
                <p className="font-medium text-label">{t.request}</p>
                <pre className="whitespace-pre-wrap break-all font-mono">{entry.requestBody ?? t.none}</pre>
                <p className="font-medium text-label">{t.response}</p>
                <pre className="whitespace-pre-wrap break-all font-mono">{entry.responseBody ?? t.none}</pre>
              </div>
            </details>
          </li>
        )}
      </CursorList>
    </Panel>
  );
}
