import type { RunReport } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';

/** A run as it goes (a progress bar) and as it ended: credited, already done, failed with reasons, skipped rows. */
export function RunReportView({ run, locale }: { run: RunReport; locale: Locale }) {
  const t = bonusScreenWords[locale].mass;
  const processed = run.credited + run.failed;
  const share = run.total ? Math.min(100, Math.round((processed / run.total) * 100)) : 0;
  const finished = run.status === 'done' || run.status === 'interrupted';
  return (
    <div className="space-y-3" data-testid="bonus-run" data-status={run.status}>
      {run.total === null ? (
        <p className="text-sm text-description" role="status">
          {t.preparing}
        </p>
      ) : (
        <div className="space-y-1">
          <div
            className="h-2 w-full overflow-hidden rounded-full bg-divider"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={run.total}
            aria-valuenow={processed}
            aria-label={t.progress(processed, run.total)}
          >
            <div
              className={`h-full rounded-full transition-[width] ${run.failed ? 'bg-warning' : 'bg-success'}`}
              style={{ width: `${share}%` }}
            />
          </div>
          <p className="text-sm text-description" data-testid="bonus-run-progress">
            {t.progress(processed, run.total)} · {t.statuses[run.status]}
          </p>
        </div>
      )}
      {run.problem && (
        <p className="rounded-sm bg-soft-orange px-3 py-2 text-sm text-fg" role="alert">
          {run.problem}
        </p>
      )}
      {finished && (
        <section data-testid="bonus-run-report">
          <h3 className="text-xl text-fg">{t.reportTitle}</h3>
          <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {(
              [
                ['credited', t.credited, run.credited],
                ['already', t.already, run.already],
                ['failed', t.failed, run.failed],
                ['skipped', t.skippedRows, run.skipped.length],
              ] as const
            ).map(([key, label, value]) => (
              <div key={key} className="rounded-sm bg-surface-3 px-3 py-2" data-testid={`bonus-run-${key}`}>
                <dt className="text-xs text-description">{label}</dt>
                <dd className="text-2xl font-light text-fg tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {(run.failures.length > 0 || run.skipped.length > 0) && (
            <ul className="mt-2 divide-y divide-divider text-sm" data-testid="bonus-run-problems">
              {run.failures.map((f) => (
                <li key={`f${f.clientId}`} className="py-1.5">
                  <span className="text-fg">{f.name ?? `#${f.clientId}`}</span>
                  <span className="text-danger"> — {f.error ?? '—'}</span>
                </li>
              ))}
              {run.skipped.map((s) => (
                <li key={`s${s.id}`} className="py-1.5">
                  <span className="text-fg">{s.name || `#${s.id}`}</span>
                  <span className="text-description"> — {s.reasonText}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
