'use client';

import { useState } from 'react';
import type { RunReport } from '@/lib/bonuses/run-api';
import type { RunView } from '@/lib/bonuses/views';
import { formatRubles } from '@/lib/domain/money';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button } from '../settings/fields';
import { RunReportView } from './run-report';

/** The latest mass runs with their outcome; a run's full report opens under its row. */
export function RunList({ token, locale, runs }: { token: string; locale: Locale; runs: RunView[] }) {
  const t = bonusScreenWords[locale].mass;
  const [shown, setShown] = useState<RunReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const when = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  async function toggle(id: string) {
    setProblem(null);
    if (shown?.id === id) return setShown(null);
    try {
      const { run } = await fetchEmbedded<{ run: RunReport }>(`/api/embed/bonuses/runs?id=${id}`, token);
      setShown(run);
    } catch (error) {
      setProblem((error as Error).message);
    }
  }
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-description">{t.runsTitle}</h3>
      {runs.length === 0 ? (
        <p className="mt-1 text-sm text-description">{t.noRuns}</p>
      ) : (
        <ul className="mt-1 divide-y divide-divider text-sm" data-testid="bonus-runs">
          {runs.map((run) => (
            <li key={run.id} className="py-2" data-testid="bonus-run-row" data-status={run.status}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="text-description">{when.format(new Date(run.createdAt))}</span>
                <span className="text-fg">{t.bySource[run.source]}</span>
                <span className="font-medium text-fg tabular-nums">
                  {formatRubles(run.amountKopecks, locale)}
                </span>
                <span className="text-description">
                  {t.statuses[run.status]} · {t.outcome(run)}
                </span>
                <Button tone="plain" className="ml-auto !px-3 !py-1" onClick={() => void toggle(run.id)}>
                  {t.report}
                </Button>
              </div>
              {shown?.id === run.id && (
                <div className="mt-2">
                  <RunReportView run={shown} locale={locale} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="mt-1 text-sm text-danger" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
