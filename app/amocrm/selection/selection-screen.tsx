'use client';

import { formatRubles, kopecks } from '@/lib/domain/money';
import { getDictionary, type Locale } from '@/lib/i18n';
import type { SelectionRow, SelectionView } from '@/lib/sync/selection';
import { LoadState } from '../../bitrix24/_components/load-state';
import { useEmbedToken, useTokenData } from '../../bitrix24/_components/use-embed-session';
import { useHostFrame } from '../../bitrix24/_components/use-host-frame';
import { SelectionCredit } from '../../bitrix24/bonuses/selection-credit';

/**
 * Rows ticked in an amoCRM list, each with its Lime client: a bar of how many were found in Lime, then
 * one line per row (a table on wide screens, stacked on a phone), then the bonus credit to them.
 */
export function SelectionScreen({ locale }: { locale: Locale }) {
  const t = getDictionary(locale).selection;
  const token = useEmbedToken();
  const state = useTokenData<SelectionView>(token, '/api/embed/selection', t.noSession);
  useHostFrame('amocrm');
  return (
    <main className="space-y-3 bg-page p-3 text-fg" data-testid="lime-selection" data-phase={state.phase}>
      <LoadState state={state} loading={t.loading} errorTitle={t.errorTitle} />
      {state.phase === 'ready' && <SelectionTable view={state.data} locale={locale} />}
      {state.phase === 'ready' && token && state.data.matched > 0 && (
        <SelectionCredit token={token} locale={locale} />
      )}
    </main>
  );
}

function SelectionTable({ view, locale }: { view: SelectionView; locale: Locale }) {
  const t = getDictionary(locale).selection;
  const total = view.rows.length;
  const share = total === 0 ? 0 : Math.round((view.matched / total) * 100);
  return (
    <section className="rounded-lg bg-surface p-4">
      <h1 className="text-xl text-fg" data-testid="lime-selection-title">
        {t.title(total, view.type)}
      </h1>
      <div className="mt-2 flex items-center gap-3 text-sm text-description">
        <div
          className="h-2 w-40 overflow-hidden rounded-full bg-divider"
          role="img"
          aria-label={t.matched(view.matched, total)}
        >
          <div className="h-full rounded-full bg-success" style={{ width: `${share}%` }} />
        </div>
        <span data-testid="lime-selection-matched">{t.matched(view.matched, total)}</span>
        {view.missing > 0 && <span>{t.missing(view.missing)}</span>}
      </div>
      <table className="mt-3 w-full border-collapse text-sm">
        <thead className="hidden text-left text-xs uppercase tracking-wide text-description sm:table-header-group">
          <tr>
            <th className="py-1 pr-3 font-semibold">{view.type === 'lead' ? t.lead : t.contact}</th>
            <th className="py-1 pr-3 font-semibold">{t.client}</th>
            <th className="py-1 pr-3 text-right font-semibold">{t.bonus}</th>
            <th className="py-1 pr-3 text-right font-semibold">{t.deposit}</th>
            <th className="py-1 font-semibold">{t.lastVisit}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <Row key={row.id} row={row} type={view.type} locale={locale} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Row({ row, type, locale }: { row: SelectionRow; type: SelectionView['type']; locale: Locale }) {
  const t = getDictionary(locale).selection;
  const money = (value: number | null) => (value === null ? '—' : formatRubles(kopecks(value), locale));
  const visit = row.client?.lastVisitAt
    ? new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium' }).format(
        new Date(row.client.lastVisitAt),
      )
    : t.never;
  const cell = 'block py-0.5 sm:table-cell sm:py-1.5 sm:pr-3';
  return (
    <tr className="block border-t border-divider py-2 sm:table-row sm:py-0" data-testid="lime-selection-row">
      <td className={cell}>
        <div className="text-fg">{row.title}</div>
        {type === 'lead' && (
          <div className="text-xs text-description">{row.contact ? row.contact.name : t.noContact}</div>
        )}
      </td>
      {row.client ? (
        <>
          <td className={cell}>
            <span className="text-fg">{row.client.name}</span>
            {row.client.children > 0 && (
              <span className="ml-2 text-xs text-description">
                {t.children}: {row.client.children}
              </span>
            )}
          </td>
          <td className={`${cell} sm:text-right`}>
            <span className="text-description sm:hidden">{t.bonus}: </span>
            {money(row.client.bonus)}
          </td>
          <td className={`${cell} sm:text-right`}>
            <span className="text-description sm:hidden">{t.deposit}: </span>
            {money(row.client.deposit)}
          </td>
          <td className={cell}>
            <span className="text-description sm:hidden">{t.lastVisit}: </span>
            {visit}
          </td>
        </>
      ) : (
        <td className={`${cell} text-description`} colSpan={4}>
          {t.notInLime}
        </td>
      )}
    </tr>
  );
}
