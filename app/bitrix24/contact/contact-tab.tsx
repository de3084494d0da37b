'use client';

import type { Locale } from '@/lib/i18n';
import { getDictionary } from '@/lib/i18n';
import type { ClientCard } from '@/lib/sync/client-card';
import { LoadState } from '../_components/load-state';
import { useEmbedToken, useTokenData } from '../_components/use-embed-session';
import { type EmbedHost, useHostFrame } from '../_components/use-host-frame';
import { BonusCard } from '../bonuses/bonus-card';
import { ClientCardView } from './client-card-view';

/** The Lime tab of a Bitrix24 contact (and the amoCRM contact's frame): bonuses, the client, children, balances, last operations. */
export function ContactTab({ locale, host = 'bitrix24' }: { locale: Locale; host?: EmbedHost }) {
  const t = getDictionary(locale).limeCard;
  const token = useEmbedToken();
  const state = useTokenData<ClientCard>(token, '/api/embed/contact-card', t.noSession);
  useHostFrame(host);

  return (
    <main className="space-y-3 bg-page p-3 text-fg" data-testid="lime-contact-tab" data-phase={state.phase}>
      <LoadState state={state} loading={t.loading} errorTitle={t.errorTitle} />
      {state.phase === 'ready' && state.data.client && <BonusCard token={token} locale={locale} />}
      {state.phase === 'ready' && <ClientCardView card={state.data} locale={locale} />}
    </main>
  );
}
