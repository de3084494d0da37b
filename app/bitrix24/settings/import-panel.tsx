'use client';

import { useCallback, useEffect, useState } from 'react';
import { importWords } from '@/lib/i18n/import-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { ImportView } from '@/lib/sync/crm-import/import-control';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Panel, Select } from './fields';

const PHASES = ['goods', 'clients', 'transactions'] as const;
const PHASE_COLOURS = { goods: 'bg-[#2fc6f6]', clients: 'bg-primary', transactions: 'bg-[#9dcf00]' } as const;
const POLL_MS = 1_500;
const PERIODS = [0, 30, 90, 365];

/**
 * The initial import in the settings frame: a bar in three parts (goods, clients, operations), each
 * as wide as its share of the work and filled as it is done, with the count, the rate and the time
 * left; pause, resume and cancel for admins; the summary when it ends. Polls while it runs.
 */
export function ImportPanel({ locale, token, admin }: { locale: Locale; token: string; admin: boolean }) {
  const t = importWords[locale];
  const [view, setView] = useState<ImportView | null | undefined>(undefined);
  const [days, setDays] = useState(90);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      fetchEmbedded<{ import: ImportView | null }>('/api/embed/import', token)
        .then((r) => setView(r.import))
        .catch((e: Error) => setError(e.message)),
    [token],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (view?.status !== 'running') return;
    const timer = setTimeout(load, POLL_MS);
    return () => clearTimeout(timer);
  }, [view, load]);

  async function act(body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      const r = await fetchEmbedded<{ import: ImportView }>('/api/embed/import', token, {
        method: 'POST',
        body,
      });
      setView(r.import);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const active = view?.status === 'running' || view?.status === 'paused';
  return (
    <Panel title={t.title} testId="import-panel">
      <p className="text-sm text-description">{t.intro}</p>
      {view === null && <p className="text-sm">{t.never}</p>}
      {view && <ImportProgress view={view} locale={locale} />}
      {view?.error && (
        <p className="rounded-sm bg-soft-orange px-3 py-2 text-sm" role="alert">
          {t.pausedBy} {view.error}
        </p>
      )}
      {!admin && <p className="text-sm text-description">{t.readOnly}</p>}
      {admin && (
        <div className="flex flex-wrap items-end gap-2">
          {!active && (
            <>
              <div className="w-40">
                <Field label={t.period}>
                  <Select
                    name="importDays"
                    value={days}
                    disabled={busy}
                    onChange={(e) => setDays(Number(e.target.value))}
                  >
                    {PERIODS.map((n) => (
                      <option key={n} value={n}>
                        {t.days(n)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Button
                disabled={busy}
                onClick={() => act({ action: 'start', days })}
                data-testid="import-start"
              >
                {view ? t.again : t.start}
              </Button>
            </>
          )}
          {view?.status === 'running' && (
            <Button tone="secondary" disabled={busy} onClick={() => act({ action: 'pause' })}>
              {t.pause}
            </Button>
          )}
          {view?.status === 'paused' && (
            <Button disabled={busy} onClick={() => act({ action: 'resume' })}>
              {t.resume}
            </Button>
          )}
          {active && (
            <Button tone="secondary" disabled={busy} onClick={() => act({ action: 'cancel' })}>
              {t.cancel}
            </Button>
          )}
        </div>
      )}
      {error && (
        <p className="text-sm text-danger" role="alert">
          {error}
        </p>
      )}
    </Panel>
  );
}

function ImportProgress({ view, locale }: { view: ImportView; locale: Locale }) {
  const t = importWords[locale];
  const total = PHASES.reduce((sum, p) => sum + view.totals[p], 0);
  const done = PHASES.reduce((sum, p) => sum + view.done[p], 0);
  const number = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 1 });
  const eta =
    view.etaSeconds === null
      ? null
      : view.etaSeconds >= 90
        ? t.minutes(Math.round(view.etaSeconds / 60))
        : t.seconds(view.etaSeconds);
  return (
    <div className="space-y-2" data-testid="import-progress" data-status={view.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{t.statuses[view.status]}</span>
        <span className="text-description">
          {t.progress(done, total)} · {Math.floor(view.fraction * 100)}%
          {view.status === 'running' && view.rate !== null && ` · ${t.rate(number.format(view.rate))}`}
          {view.status === 'running' && eta && ` · ${t.eta(eta)}`}
        </span>
      </div>
      <div
        className="flex h-3 w-full gap-0.5 overflow-hidden rounded-full bg-surface-3"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        {PHASES.filter((p) => view.totals[p] > 0).map((p) => (
          <div key={p} className="h-full bg-stroke" style={{ flexGrow: view.totals[p], flexBasis: 0 }}>
            <div
              className={`h-full ${PHASE_COLOURS[p]} transition-[width]`}
              style={{ width: `${(100 * view.done[p]) / view.totals[p]}%` }}
            />
          </div>
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-description">
        {PHASES.map((p) => (
          <li key={p} className="flex items-center gap-1">
            <span className={`inline-block size-2 rounded-full ${PHASE_COLOURS[p]}`} />
            {t.phases[p]}: {t.progress(view.done[p], view.totals[p])}
          </li>
        ))}
        <li>{t.children(view.totals.children)}</li>
      </ul>
      {view.status === 'done' && (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="import-summary">
          {Object.entries(t.outcome).map(([key, label]) => (
            <div key={key}>
              <dt className="text-xs text-description">{label}</dt>
              <dd className="font-medium">{number.format(view.outcome[key] ?? 0)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
