'use client';

import { useEffect, useState } from 'react';
import type { AudiencePreview } from '@/lib/bonuses/audience';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { fetchEmbedded } from '../_components/use-embed-session';
import type { RunAudience } from './run-launcher';

const DEBOUNCE_MS = 400;

export type PreviewState =
  | { phase: 'loading' }
  /** `of`: the audience (as JSON) this preview counted. */
  | { phase: 'ready'; preview: AudiencePreview; of: string }
  | { phase: 'error'; message: string };

/** Who a run would credit, asked again a moment after the audience stops changing. */
export function useAudiencePreview(token: string, audience: RunAudience | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ phase: 'loading' });
  const key = JSON.stringify(audience);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the audience's value
  useEffect(() => {
    if (!audience) return;
    let stale = false;
    setState({ phase: 'loading' });
    const timer = setTimeout(() => {
      fetchEmbedded<AudiencePreview>('/api/embed/bonuses/runs', token, {
        method: 'POST',
        body: { action: 'preview', audience },
      })
        .then((preview) => !stale && setState({ phase: 'ready', preview, of: key }))
        .catch((error: Error) => !stale && setState({ phase: 'error', message: error.message }));
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [token, key]);
  return state;
}

/** "17 clients match · for example: …", and the list rows that have no Lime client. */
export function AudiencePreviewLine({ state, locale }: { state: PreviewState; locale: Locale }) {
  const t = bonusScreenWords[locale].mass;
  if (state.phase === 'loading')
    return (
      <p className="text-sm text-description" role="status" data-testid="bonus-preview" data-phase="loading">
        {t.previewing}
      </p>
    );
  if (state.phase === 'error')
    return (
      <p
        className="rounded-sm bg-soft-red px-3 py-2 text-sm text-fg"
        role="alert"
        data-testid="bonus-preview-error"
      >
        {state.message}
      </p>
    );
  const { count, sample, skipped } = state.preview;
  return (
    <div
      className="rounded-sm bg-selection px-3 py-2 text-sm"
      data-testid="bonus-preview"
      data-phase="ready"
      data-of={state.of}
    >
      <p className="font-medium text-fg" data-testid="bonus-preview-count" data-count={count}>
        {count ? t.preview(count) : t.nobody}
      </p>
      {sample.length > 0 && (
        <p className="break-words text-description">
          {t.sample}: {sample.map((s) => s.name).join(', ')}
          {count > sample.length ? '…' : ''}
        </p>
      )}
      {skipped.length > 0 && <p className="text-description">{t.skipped(skipped.length)}</p>}
    </div>
  );
}
