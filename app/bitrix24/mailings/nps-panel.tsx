'use client';

import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { useTokenData } from '../_components/use-embed-session';
import { NpsChart, type NpsView } from './nps-chart';

/** The NPS answers of the last weeks (GET /api/embed/nps), drawn; what failed in the API's words. */
export function NpsPanel({ locale, token }: { locale: Locale; token: string }) {
  const t = mailingWords[locale].nps;
  const loaded = useTokenData<NpsView>(token, '/api/embed/nps', t.empty);
  return (
    <div className="space-y-3" data-testid="nps-panel" data-phase={loaded.phase}>
      <h3 className="text-xl text-fg">{t.title}</h3>
      <p className="text-sm text-description">{t.intro}</p>
      {loaded.phase === 'ready' && <NpsChart view={loaded.data} locale={locale} />}
      {loaded.phase === 'error' && (
        <p className="rounded-sm bg-soft-red px-3 py-2 text-sm text-fg" role="alert">
          {loaded.message}
        </p>
      )}
    </div>
  );
}
