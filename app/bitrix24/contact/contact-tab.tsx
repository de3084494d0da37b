'use client';

import { useEffect, useState } from 'react';
import type { Locale } from '@/lib/i18n';
import { getDictionary } from '@/lib/i18n';
import type { ClientCard } from '@/lib/sync/client-card';
import { fetchEmbedded, useEmbedToken } from '../_components/use-embed-session';
import { type EmbedHost, useHostFrame } from '../_components/use-host-frame';
import { ClientCardView } from './client-card-view';

type State =
  | { phase: 'loading' }
  | { phase: 'ready'; card: ClientCard }
  | { phase: 'error'; message: string };

/** The Lime tab of a Bitrix24 contact: the client, children, balances, last operations. */
export function ContactTab({ locale, host = 'bitrix24' }: { locale: Locale; host?: EmbedHost }) {
  const t = getDictionary(locale).limeCard;
  const token = useEmbedToken();
  const [state, setState] = useState<State>({ phase: 'loading' });
  useHostFrame(host);
  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      setState({ phase: 'error', message: t.noSession });
      return;
    }
    fetchEmbedded<ClientCard>('/api/embed/contact-card', token)
      .then((card) => setState({ phase: 'ready', card }))
      .catch((error: Error) => setState({ phase: 'error', message: error.message }));
  }, [token, t.noSession]);

  return (
    <main className="bg-page p-3 text-fg" data-testid="lime-contact-tab" data-phase={state.phase}>
      {state.phase === 'loading' && <p className="p-4 text-sm text-description">{t.loading}</p>}
      {state.phase === 'error' && (
        <section className="rounded-lg bg-surface p-4" role="alert">
          <h1 className="text-xl text-fg">{t.errorTitle}</h1>
          <p className="mt-1 text-sm text-description">{state.message}</p>
        </section>
      )}
      {state.phase === 'ready' && <ClientCardView card={state.card} locale={locale} />}
    </main>
  );
}
