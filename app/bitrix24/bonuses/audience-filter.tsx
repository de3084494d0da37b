'use client';

import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { Field, Select, TextInput } from '../settings/fields';
import { parseRubles } from './bonus-form-kit';

/** The filter over the Lime mirror as typed: every field text, empty = no condition. */
export interface FilterDraft {
  category: '' | 'adult' | 'child';
  childAgeFrom: string;
  childAgeTo: string;
  birthMonth: string;
  lastVisitFrom: string;
  lastVisitBefore: string;
  bonusFrom: string;
  bonusTo: string;
  spendFrom: string;
  spendTo: string;
  spendMin: string;
  spendMax: string;
}

export const emptyFilter: FilterDraft = {
  category: '',
  childAgeFrom: '',
  childAgeTo: '',
  birthMonth: '',
  lastVisitFrom: '',
  lastVisitBefore: '',
  bonusFrom: '',
  bonusTo: '',
  spendFrom: '',
  spendTo: '',
  spendMin: '',
  spendMax: '',
};

const WHOLE = ['childAgeFrom', 'childAgeTo', 'birthMonth'] as const;
const DAYS = ['lastVisitFrom', 'lastVisitBefore', 'spendFrom', 'spendTo'] as const;
const RUBLES = ['bonusFrom', 'bonusTo', 'spendMin', 'spendMax'] as const;

/**
 * The API's filter (lib/domain/bonus-audience.ts: ages and months whole numbers, days ISO, money
 * kopecks); a value that is not a number goes as it is typed, so the API names the field in words.
 */
export function filterOf(draft: FilterDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (draft.category) out.category = draft.category;
  for (const key of WHOLE) {
    const text = draft[key].trim();
    if (text) out[key] = /^\d+$/.test(text) ? Number(text) : text;
  }
  for (const key of DAYS) if (draft[key]) out[key] = draft[key];
  for (const key of RUBLES) {
    const text = draft[key].trim();
    if (text) out[key] = parseRubles(text) ?? text;
  }
  return out;
}

/** The filter's fields: category, children's ages, birthday month, last visit, bonus balance, spend in a period. */
export function AudienceFilterForm({
  locale,
  draft,
  disabled,
  onChange,
}: {
  locale: Locale;
  draft: FilterDraft;
  disabled: boolean;
  onChange(next: FilterDraft): void;
}) {
  const t = bonusScreenWords[locale].mass;
  const input = (key: keyof FilterDraft, label: string, type: 'text' | 'date' = 'text') => (
    <TextInput
      name={`filter.${key}`}
      type={type}
      aria-label={label}
      placeholder={type === 'text' ? label : undefined}
      inputMode={type === 'text' ? 'decimal' : undefined}
      value={draft[key]}
      onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
    />
  );
  const range = (label: string, from: keyof FilterDraft, to: keyof FilterDraft, type?: 'date') => (
    <Field label={label}>
      <span className="grid grid-cols-2 gap-2">
        {input(from, `${label}: ${t.from}`, type)}
        {input(to, `${label}: ${t.to}`, type)}
      </span>
    </Field>
  );
  return (
    <fieldset
      disabled={disabled}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      data-testid="bonus-filter"
    >
      <Field label={t.category}>
        <Select
          name="filter.category"
          value={draft.category}
          onChange={(e) => onChange({ ...draft, category: e.target.value as FilterDraft['category'] })}
        >
          <option value="">{t.categories.any}</option>
          <option value="adult">{t.categories.adult}</option>
          <option value="child">{t.categories.child}</option>
        </Select>
      </Field>
      {range(t.childAges, 'childAgeFrom', 'childAgeTo')}
      <Field label={t.birthMonth}>
        <Select
          name="filter.birthMonth"
          value={draft.birthMonth}
          onChange={(e) => onChange({ ...draft, birthMonth: e.target.value })}
        >
          <option value="">{t.anyMonth}</option>
          {t.months.map((month, i) => (
            <option key={month} value={i + 1}>
              {month}
            </option>
          ))}
        </Select>
      </Field>
      {range(t.lastVisit, 'lastVisitFrom', 'lastVisitBefore', 'date')}
      {range(t.bonus, 'bonusFrom', 'bonusTo')}
      {range(t.spend, 'spendFrom', 'spendTo', 'date')}
      {(draft.spendFrom || draft.spendTo) && range(t.spendSum, 'spendMin', 'spendMax')}
    </fieldset>
  );
}
