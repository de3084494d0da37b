'use client';

import { getDictionary, type Locale } from '@/lib/i18n';
import type { DealCard } from '@/lib/sync/embed-api';
import { LoadState } from '../_components/load-state';
import { openCrmCard } from '../_components/use-bitrix24-frame';
import { useEmbedToken, useTokenData } from '../_components/use-embed-session';
import { type EmbedHost, useHostFrame } from '../_components/use-host-frame';
import { BonusCard } from '../bonuses/bonus-card';
import { ClientCardView } from '../contact/client-card-view';
import { BookingSummary } from './booking-summary';

/**
 * The Lime tab of a Bitrix24 deal (and the amoCRM lead's frame): its booking with the button to the
 * calendar, where the deal came from in Lime, and its contact's Lime card.
 */
export function DealTab({ locale, host = 'bitrix24' }: { locale: Locale; host?: EmbedHost }) {
  const dictionary = getDictionary(locale);
  const t = dictionary.limeCard;
  const token = useEmbedToken();
  const state = useTokenData<DealCard>(token, '/api/embed/deal-card', t.noSession);
  const b24 = useHostFrame(host);

  return (
    <main className="space-y-3 bg-page p-3 text-fg" data-testid="lime-deal-tab" data-phase={state.phase}>
      <LoadState state={state} loading={t.loading} errorTitle={t.errorTitle} />
      {state.phase === 'ready' && (
        <BookingSummary
          token={token}
          locale={locale}
          host={host}
          b24={b24}
          dealTitle={state.data.deal?.title ?? null}
        />
      )}
      {state.phase === 'ready' && state.data.deal?.externalKey && (
        <p className="rounded-lg bg-surface px-4 py-3 text-sm text-description">
          {t.dealFromLime}: <span className="text-fg">{state.data.deal.externalKey}</span>
        </p>
      )}
      {state.phase === 'ready' &&
        (state.data.card ? (
          <>
            {b24 && (
              <button
                type="button"
                className="rounded-sm bg-soft-blue px-4 py-2 text-sm font-medium text-link hover:brightness-95"
                data-testid="open-contact"
                onClick={() => state.data.card && openCrmCard(b24, 'contact', state.data.card.contact.id)}
              >
                {t.openContact}
              </button>
            )}
            {state.data.card.client && <BonusCard token={token} locale={locale} />}
            <ClientCardView card={state.data.card} locale={locale} />
          </>
        ) : (
          <section className="rounded-lg bg-surface p-4">
            <p className="text-sm text-description">{t.dealWithoutContact}</p>
          </section>
        ))}
    </main>
  );
}
