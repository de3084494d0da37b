'use client';

import type { Locale } from '@/lib/i18n';
import type { JournalDictionary } from '@/lib/i18n/journal-dictionary';
import type { JournalItem } from '@/lib/sync/journal/journal-api';
import { Button } from './fields';

/** Status badges in the host's look (b24ui badge: 20 px pill, 12 px bold; success / alert / warning). */
const BADGE: Record<JournalItem['status'], string> = {
  ok: 'bg-success text-white',
  skipped: 'bg-surface-3 text-label',
  error: 'bg-danger text-white',
  retrying: 'bg-warning text-white',
  dead: 'bg-danger text-white',
};

export function when(at: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(at));
}

function countsOf(entry: JournalItem, t: JournalDictionary): string {
  return Object.entries(entry.counts)
    .filter(([key, value]) => t.counts[key] && value > 0)
    .map(([key, value]) => `${t.counts[key]}: ${value}`)
    .join(', ');
}

/** One operation: when, which way, what (in words), its status, the error in plain words, retry. */
export function JournalRow(props: {
  entry: JournalItem;
  t: JournalDictionary;
  locale: Locale;
  canRetry: boolean;
  retry: 'idle' | 'busy' | 'done';
  onRetry(): void;
}) {
  const { entry, t } = props;
  const counts = countsOf(entry, t);
  return (
    <li
      className="border-t border-divider py-3 first:border-t-0"
      data-testid="journal-row"
      data-status={entry.status}
      data-kind={entry.kind}
      data-operation={entry.operation}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <time className="text-description tabular-nums" dateTime={entry.at}>
          {when(entry.at, props.locale)}
        </time>
        <span className="text-label">{t.directions[entry.direction]}</span>
        <span className="min-w-0 break-words font-medium text-fg">
          {t.operations[entry.operation] ?? entry.operation}
          {entry.entityId && <span className="font-normal text-description"> #{entry.entityId}</span>}
        </span>
        <span
          className={`inline-flex h-5 items-center rounded-full px-2 text-xs font-bold ${BADGE[entry.status]}`}
        >
          {t.statuses[entry.status]}
        </span>
        {counts && <span className="text-description">{counts}</span>}
      </div>
      {entry.problem && (
        <div className="mt-1 space-y-1 text-sm">
          <p className="break-words text-fg" data-testid="journal-problem">
            {entry.problem.text}
          </p>
          <details className="text-xs text-description">
            <summary className="cursor-pointer select-none">{t.details}</summary>
            <p className="mt-1 break-all font-mono">{entry.problem.detail}</p>
          </details>
        </div>
      )}
      {props.canRetry && entry.retryable && (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Button
            tone="secondary"
            disabled={props.retry !== 'idle'}
            onClick={props.onRetry}
            data-testid="journal-retry"
          >
            {props.retry === 'busy' ? t.retrying : t.retry}
          </Button>
          {props.retry === 'done' && (
            <span className="text-sm text-success" role="status">
              {t.retryQueued}
            </span>
          )}
        </div>
      )}
    </li>
  );
}
