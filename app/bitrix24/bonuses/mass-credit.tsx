'use client';

import { useMemo, useState } from 'react';
import type { RunsPanel } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { AudienceFilterForm, emptyFilter, type FilterDraft, filterOf } from './audience-filter';
import { AudiencePreviewLine, useAudiencePreview } from './audience-preview';
import { type RunAudience, RunLauncher } from './run-launcher';

/**
 * Mass crediting over a filter of the Lime mirror (both CRMs, admins): the filter, a live preview
 * of who matches, then the run — amount, reason, comment, start, progress, report. The filter is
 * locked once the run has started.
 */
export function MassCredit({
  token,
  locale,
  panel,
  onFinished,
}: {
  token: string;
  locale: Locale;
  panel: RunsPanel;
  onFinished(): void;
}) {
  const t = bonusScreenWords[locale].mass;
  const [draft, setDraft] = useState<FilterDraft>(emptyFilter);
  const [started, setStarted] = useState(false);
  const audience = useMemo<RunAudience>(() => ({ source: 'filter', filter: filterOf(draft) }), [draft]);
  const preview = useAudiencePreview(token, audience);
  const count = preview.phase === 'ready' ? preview.preview.count : null;
  return (
    <div className="space-y-3 border-t border-divider pt-3" data-testid="bonus-mass">
      <h3 className="text-xl text-fg">{t.filterTitle}</h3>
      <AudienceFilterForm locale={locale} draft={draft} disabled={started} onChange={setDraft} />
      {!started && <AudiencePreviewLine state={preview} locale={locale} />}
      <RunLauncher
        token={token}
        locale={locale}
        panel={panel}
        audience={audience}
        count={count}
        onStarted={() => setStarted(true)}
        onFinished={onFinished}
      />
    </div>
  );
}
