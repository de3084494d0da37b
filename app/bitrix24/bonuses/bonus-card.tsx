'use client';

import { useCallback, useState } from 'react';
import type { BonusPanel } from '@/lib/bonuses/bonus-api';
import type { CreditView } from '@/lib/bonuses/views';
import { formatRubles } from '@/lib/domain/money';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import { bonusWords } from '@/lib/i18n/bonus-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { useTokenData } from '../_components/use-embed-session';
import { Button, Notice } from '../settings/fields';
import { CreditForm, type CreditOutcome } from './credit-form';

const SHOWN_CREDITS = 5;

/**
 * The card's bonus block (the Bitrix24 contact and deal tabs, the amoCRM contact and lead frames):
 * the client's bonus balance, the «Credit bonuses» button for those the settings allow, the form,
 * what came of the last credit, and the client's latest credits. The pages show it only for a card
 * with a Lime client, so a refusal to read it is said in words.
 */
export function BonusCard({ token, locale }: { token: string | null | undefined; locale: Locale }) {
  const t = bonusScreenWords[locale].card;
  const [reload, setReload] = useState(0);
  const state = useTokenData<BonusPanel>(token, '/api/embed/bonuses', t.title, reload);
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<CreditOutcome | null>(null);

  const settled = useCallback((next: CreditOutcome) => {
    setOutcome(next);
    setOpen(false);
    setReload((n) => n + 1);
  }, []);

  if (state.phase === 'error' && token)
    return (
      <section className="rounded-lg bg-surface p-4" data-testid="bonus-card-error">
        <h2 className="text-2xl font-light text-fg">{t.title}</h2>
        <p className="mt-1 text-sm text-description" role="alert">
          {state.message}
        </p>
      </section>
    );
  if (state.phase !== 'ready' || !token) return null;
  const panel = state.data;
  const money = (kopecks: number) => formatRubles(kopecks, locale);
  const done = outcome?.credit.status === 'done' ? outcome.credit : null;
  const balance = done?.balanceAfterKopecks ?? panel.client.bonusKopecks;

  return (
    <section className="rounded-lg bg-surface p-4" data-testid="bonus-card">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h2 className="text-2xl font-light text-fg">{t.title}</h2>
        {balance !== null && (
          <span className="text-sm text-description">
            {t.balance}:{' '}
            <span className="font-medium text-fg tabular-nums" data-testid="bonus-balance">
              {money(balance)}
            </span>
          </span>
        )}
        {panel.mayCredit && !open && (
          <Button
            tone="secondary"
            className="ml-auto"
            data-testid="bonus-open"
            onClick={() => {
              setOutcome(null);
              setOpen(true);
            }}
          >
            {t.open}
          </Button>
        )}
      </div>
      {open && (
        <CreditForm
          token={token}
          locale={locale}
          panel={panel}
          onCancel={() => setOpen(false)}
          onSettled={settled}
        />
      )}
      {outcome && (
        <Notice
          className="mt-3 rounded-sm px-3 py-2"
          testIds={{ ok: 'bonus-result', error: 'bonus-failed' }}
          notice={outcomeNotice(outcome, t, money)}
        />
      )}
      {panel.credits.length > 0 && <RecentCredits credits={panel.credits} locale={locale} />}
    </section>
  );
}

function outcomeNotice(
  { credit, settled }: CreditOutcome,
  t: (typeof bonusScreenWords)[Locale]['card'],
  money: (kopecks: number) => string,
): { ok: boolean; text: string } {
  if (!settled) return { ok: true, text: t.stillPending };
  if (credit.status === 'failed') return { ok: false, text: t.failed(credit.error ?? '—') };
  const balance = credit.balanceAfterKopecks === null ? null : money(credit.balanceAfterKopecks);
  return { ok: true, text: t.done(money(credit.amountKopecks), balance) };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function RecentCredits({ credits, locale }: { credits: CreditView[]; locale: Locale }) {
  const t = bonusScreenWords[locale].card;
  const reasons = bonusWords(locale).reasons;
  const when = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  const tone = { pending: 'text-warning', done: 'text-success', failed: 'text-danger' } as const;
  return (
    <div className="mt-3">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-description">{t.recent}</h3>
      <ul className="mt-1 divide-y divide-divider text-sm" data-testid="bonus-credits">
        {credits.slice(0, SHOWN_CREDITS).map((c) => (
          <li key={c.id} className="grid grid-cols-[1fr_auto] gap-x-3 py-1.5" data-status={c.status}>
            <span className="min-w-0 break-words text-fg">
              {capitalized(reasons[c.reason])}
              {c.comment && <span className="text-description"> · {c.comment}</span>}
            </span>
            <span className="text-right font-medium text-fg tabular-nums">
              {formatRubles(c.amountKopecks, locale)}
            </span>
            <span className="text-xs text-description">{when.format(new Date(c.createdAt))}</span>
            <span className={`text-right text-xs ${tone[c.status]}`} title={c.error ?? undefined}>
              {t.statuses[c.status]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
