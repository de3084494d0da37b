'use client';

import type { RunsPanel } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { useTokenData } from '../_components/use-embed-session';
import { AudiencePreviewLine, useAudiencePreview } from './audience-preview';
import { type RunAudience, RunLauncher } from './run-launcher';
import { RunsGate } from './runs-gate';

const SELECTION: RunAudience = { source: 'selection' };

/**
 * Credit bonuses to the rows ticked in an amoCRM list (the embed token's selection): who would be
 * credited, then the run with its progress and report. Admins only; others are told so in words.
 */
export function SelectionCredit({ token, locale }: { token: string; locale: Locale }) {
  const words = bonusScreenWords[locale];
  const state = useTokenData<RunsPanel>(token, '/api/embed/bonuses/runs', words.mass.title);
  return (
    <section className="space-y-3 rounded-lg bg-surface p-4" data-testid="bonus-selection">
      <h2 className="text-xl text-fg">{words.selection.title}</h2>
      <RunsGate state={state} locale={locale}>
        {(panel) => <SelectionRun token={token} locale={locale} panel={panel} />}
      </RunsGate>
    </section>
  );
}

function SelectionRun({ token, locale, panel }: { token: string; locale: Locale; panel: RunsPanel }) {
  const preview = useAudiencePreview(token, SELECTION);
  return (
    <>
      <p className="text-sm text-description">{bonusScreenWords[locale].selection.intro}</p>
      <AudiencePreviewLine state={preview} locale={locale} />
      <RunLauncher
        token={token}
        locale={locale}
        panel={panel}
        audience={SELECTION}
        count={preview.phase === 'ready' ? preview.preview.count : null}
      />
    </>
  );
}
