'use client';

import { useCallback, useEffect, useState } from 'react';
import type { BonusPanel } from '@/lib/bonuses/bonus-api';
import type { CreditView } from '@/lib/bonuses/views';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Select } from '../settings/fields';
import { newRequestId, useFollow } from './bonus-form-kit';
import { type CreditDraft, CreditFields, checkAmount, Problem } from './credit-fields';

const API = '/api/embed/bonuses';
type Reason = BonusPanel['reasons'][number];

/** How the form ended: the credit as Lime left it, or still pending when we stopped asking. */
export type CreditOutcome = { credit: CreditView; settled: boolean };

/**
 * The card's bonus form (both CRMs): amount in rubles (checked against the limit before sending),
 * reason — a child's birthday names one of the client's children —, comment. One request id per
 * opening goes with every send, and the button waits while one runs, so a double click is one
 * credit. After the send, the credit is followed until Lime has done or refused it.
 */
export function CreditForm({
  token,
  locale,
  panel,
  onCancel,
  onSettled,
}: {
  token: string;
  locale: Locale;
  panel: BonusPanel;
  onCancel(): void;
  onSettled(outcome: CreditOutcome): void;
}) {
  const t = bonusScreenWords[locale].card;
  const [requestId] = useState(newRequestId);
  const [draft, setDraft] = useState<CreditDraft<Reason>>({ amount: '', reason: 'manual', comment: '' });
  const [childId, setChildId] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [creditId, setCreditId] = useState<string | null>(null);
  const children = panel.client.children;
  const reasons = panel.reasons.filter((r) => r !== 'child_birthday' || children.length > 0);

  const read = useCallback(
    () => fetchEmbedded<{ credit: CreditView }>(`${API}?id=${creditId}`, token).then((r) => r.credit),
    [creditId, token],
  );
  const followed = useFollow(creditId ? read : null, (c) => c.status !== 'pending', 1000, 30);
  useEffect(() => {
    const credit = followed.value;
    if (credit && credit.status !== 'pending') onSettled({ credit, settled: true });
    else if (credit && followed.gaveUp) onSettled({ credit, settled: false });
  }, [followed, onSettled]);

  async function send() {
    const { amount, reason, comment } = draft;
    const amountChecked = checkAmount(locale, amount, panel.maxAmountKopecks);
    if ('problem' in amountChecked) {
      setProblem(amountChecked.problem);
      return;
    }
    const kopecks = amountChecked.kopecks;
    if (reason === 'child_birthday' && !childId) {
      setProblem(t.childNeeded);
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      const { credit } = await fetchEmbedded<{ credit: CreditView }>(API, token, {
        method: 'POST',
        body: {
          requestId,
          amount: kopecks,
          reason,
          comment: comment.trim() || null,
          ...(reason === 'child_birthday' ? { childId: Number(childId) } : {}),
        },
      });
      if (credit.status === 'pending') setCreditId(credit.id);
      else onSettled({ credit, settled: true });
    } catch (error) {
      setProblem((error as Error).message);
      setSending(false);
    }
  }

  const waiting = sending || creditId !== null;
  return (
    <form
      className="mt-3 space-y-3 border-t border-divider pt-3"
      data-testid="bonus-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <CreditFields
        locale={locale}
        name="bonus"
        amountLabel={t.amount}
        maxKopecks={panel.maxAmountKopecks}
        reasons={reasons}
        draft={draft}
        disabled={waiting}
        className="grid gap-3 sm:grid-cols-2 sm:[&>:last-child]:col-span-2"
        onChange={setDraft}
      >
        {draft.reason === 'child_birthday' && (
          <Field label={t.child}>
            <Select name="bonus.child" value={childId} onChange={(e) => setChildId(e.target.value)}>
              <option value="">{t.pickChild}</option>
              {children.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </CreditFields>
      <Problem text={problem} testId="bonus-problem" />
      {creditId && (
        <p className="text-sm text-description" role="status" data-testid="bonus-pending">
          {t.pending}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={waiting} data-testid="bonus-send">
          {t.send}
        </Button>
        <Button tone="plain" disabled={waiting} onClick={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
