import type { ReactNode } from 'react';
import { formatRubles } from '@/lib/domain/money';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { Field, Select, TextInput } from '../settings/fields';
import { parseRubles } from './bonus-form-kit';

/** What a credit asks for, in the card's form and a mass run alike: amount in rubles, reason, comment. */
export interface CreditDraft<R extends string> {
  amount: string;
  reason: R;
  comment: string;
}

export function CreditFields<R extends string>({
  locale,
  name,
  amountLabel,
  maxKopecks,
  reasons,
  draft,
  disabled,
  className,
  children,
  onChange,
}: {
  locale: Locale;
  /** The inputs' name prefix ("bonus", "run"). */
  name: string;
  amountLabel: string;
  maxKopecks: number;
  reasons: readonly R[];
  draft: CreditDraft<R>;
  disabled: boolean;
  className: string;
  /** More fields after the reason (the child whose birthday it is). */
  children?: ReactNode;
  onChange(next: CreditDraft<R>): void;
}) {
  const t = bonusScreenWords[locale].card;
  const labels: Record<string, string> = { ...t.reasons, ...bonusScreenWords[locale].mass.reasons };
  return (
    <fieldset disabled={disabled} className={className}>
      <Field label={amountLabel} hint={t.upTo(formatRubles(maxKopecks, locale))}>
        <TextInput
          name={`${name}.amount`}
          inputMode="decimal"
          autoComplete="off"
          value={draft.amount}
          onChange={(e) => onChange({ ...draft, amount: e.target.value })}
        />
      </Field>
      <Field label={t.reason}>
        <Select
          name={`${name}.reason`}
          value={draft.reason}
          onChange={(e) => onChange({ ...draft, reason: e.target.value as R })}
        >
          {reasons.map((r) => (
            <option key={r} value={r}>
              {labels[r]}
            </option>
          ))}
        </Select>
      </Field>
      {children}
      <Field label={t.comment}>
        <TextInput
          name={`${name}.comment`}
          maxLength={500}
          value={draft.comment}
          onChange={(e) => onChange({ ...draft, comment: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}

/** Typed rubles → kopecks within 1 kopeck..the limit per operation, else what is wrong in words. */
export function checkAmount(
  locale: Locale,
  text: string,
  maxKopecks: number,
): { kopecks: number } | { problem: string } {
  const kopecks = parseRubles(text);
  if (kopecks !== null && kopecks >= 1 && kopecks <= maxKopecks) return { kopecks };
  return {
    problem: bonusScreenWords[locale].card.amountInvalid(
      formatRubles(1, locale),
      formatRubles(maxKopecks, locale),
    ),
  };
}

/** A refusal, ours or the API's, in words. */
export function Problem({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <p className="rounded-sm bg-soft-red px-3 py-2 text-sm text-fg" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}
