import type { ReactNode } from 'react';
import type { RunsPanel } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { Loaded } from '../_components/use-embed-session';

/** Mass crediting for those who may run it; others (not admins) are told so in words, a failed read too. */
export function RunsGate({
  state,
  locale,
  children,
}: {
  state: Loaded<RunsPanel>;
  locale: Locale;
  children(panel: RunsPanel): ReactNode;
}) {
  if (state.phase === 'error')
    return (
      <p className="text-sm text-danger" role="alert">
        {state.message}
      </p>
    );
  if (state.phase !== 'ready') return null;
  if (!state.data.mayRun)
    return (
      <p className="rounded-sm bg-soft-orange px-3 py-2 text-sm text-fg" data-testid="bonus-mass-admins-only">
        {bonusScreenWords[locale].mass.adminsOnly}
      </p>
    );
  return children(state.data);
}
