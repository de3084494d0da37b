'use client';

import { useCallback, useEffect, useState } from 'react';
import type { RunReport, RunsPanel } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button } from '../settings/fields';
import { newRequestId, useFollow } from './bonus-form-kit';
import { type CreditDraft, CreditFields, checkAmount, Problem } from './credit-fields';
import { RunReportView } from './run-report';

const API = '/api/embed/bonuses/runs';
type Reason = RunsPanel['reasons'][number];
export type RunAudience = { source: 'filter'; filter: Record<string, unknown> } | { source: 'selection' };

/**
 * Amount, reason and comment of a mass run, then its start — one run id per opening, so a second
 * click or a resend is the same run —, its progress and its report. An interrupted run is started
 * again under the same id: it goes on with the credits still pending.
 */
export function RunLauncher({
  token,
  locale,
  panel,
  audience,
  count,
  onStarted,
  onFinished,
}: {
  token: string;
  locale: Locale;
  panel: RunsPanel;
  audience: RunAudience | null;
  /** People the preview found (null: not known yet). */
  count: number | null;
  onStarted?(): void;
  onFinished?(): void;
}) {
  const t = bonusScreenWords[locale].mass;
  const [runId] = useState(newRequestId);
  const [draft, setDraft] = useState<CreditDraft<Reason>>({ amount: '', reason: 'mass', comment: '' });
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<{ audience: RunAudience; amount: number } | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` follows a resumed run anew
  const read = useCallback(
    () => fetchEmbedded<{ run: RunReport }>(`${API}?id=${runId}`, token).then((r) => r.run),
    [runId, token, attempt],
  );
  const finished = (run: RunReport) => run.status === 'done' || run.status === 'interrupted';
  const followed = useFollow(started ? read : null, finished);
  const ended = followed.value && finished(followed.value) ? followed.value.status : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: told once per end, not per render
  useEffect(() => {
    if (ended) onFinished?.();
  }, [ended]);

  async function start(what: { audience: RunAudience; amount: number }) {
    setSending(true);
    setProblem(null);
    try {
      await fetchEmbedded(API, token, {
        method: 'POST',
        body: {
          action: 'start',
          runId,
          ...what,
          reason: draft.reason,
          comment: draft.comment.trim() || null,
        },
      });
      setStarted(what);
      setAttempt((n) => n + 1);
      onStarted?.();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSending(false);
    }
  }

  function submit() {
    const checked = checkAmount(locale, draft.amount, panel.maxAmountKopecks);
    if ('problem' in checked) {
      setProblem(checked.problem);
      return;
    }
    if (audience) void start({ audience, amount: checked.kopecks });
  }

  const run = followed.value;
  return (
    <div className="space-y-3" data-testid="bonus-run-launcher">
      {!started && (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <CreditFields
            locale={locale}
            name="run"
            amountLabel={t.amountEach}
            maxKopecks={panel.maxAmountKopecks}
            reasons={panel.reasons}
            draft={draft}
            disabled={sending}
            className="grid gap-3 sm:grid-cols-3"
            onChange={setDraft}
          />
          <Button type="submit" busy={sending} disabled={!audience || !count} data-testid="bonus-run-start">
            {count ? t.start(count) : t.nobody}
          </Button>
        </form>
      )}
      <Problem text={problem} testId="bonus-run-problem" />
      {started && run && <RunReportView run={run} locale={locale} />}
      {started && !run && followed.error && (
        <p className="text-sm text-danger" role="alert">
          {followed.error}
        </p>
      )}
      {started && run?.status === 'interrupted' && (
        <Button
          tone="secondary"
          busy={sending}
          onClick={() => void start(started)}
          data-testid="bonus-run-resume"
        >
          {t.resume}
        </Button>
      )}
    </div>
  );
}
