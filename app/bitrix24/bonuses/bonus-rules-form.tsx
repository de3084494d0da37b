'use client';

import { useState } from 'react';
import { formatRubles } from '@/lib/domain/money';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SettingsView } from '@/lib/sync/settings-api';
import { Field, Select, TextInput } from '../settings/fields';
import { SaveBar, useSettingsSave } from '../settings/settings-save';
import { parseRubles } from './bonus-form-kit';

type Rules = SettingsView['settings']['bonusRules'];
/** The registry's bound on `maxAmountKopecks`. */
const LIMIT_KOPECKS = 100_000_000;

/** Who may credit from a card and the largest amount per operation (the `bonusRules` setting); admins change them. */
export function BonusRulesForm({
  token,
  locale,
  admin,
  rules,
}: {
  token: string;
  locale: Locale;
  admin: boolean;
  rules: Rules;
}) {
  const t = bonusScreenWords[locale].rules;
  const [whoCredits, setWhoCredits] = useState(rules.whoCredits);
  const [max, setMax] = useState(String(rules.maxAmountKopecks / 100));
  const { saving, notice, setNotice, save } = useSettingsSave(token, t.saved);

  function submit() {
    const maxAmountKopecks = parseRubles(max);
    if (maxAmountKopecks === null || maxAmountKopecks < 1 || maxAmountKopecks > LIMIT_KOPECKS) {
      const words = bonusScreenWords[locale].card;
      setNotice({
        ok: false,
        text: words.amountInvalid(formatRubles(1, locale), formatRubles(LIMIT_KOPECKS, locale)),
      });
      return;
    }
    void save({ bonusRules: { whoCredits, maxAmountKopecks } });
  }

  return (
    <div className="space-y-3" data-testid="bonus-rules">
      <h3 className="text-xl text-fg">{t.title}</h3>
      <fieldset disabled={!admin || saving} className="grid gap-3 sm:grid-cols-2">
        <Field label={t.whoCredits}>
          <Select
            name="bonusRules.whoCredits"
            value={whoCredits}
            onChange={(e) => setWhoCredits(e.target.value as Rules['whoCredits'])}
          >
            <option value="managers">{t.managers}</option>
            <option value="admins">{t.admins}</option>
          </Select>
        </Field>
        <Field label={t.maxAmount}>
          <TextInput
            name="bonusRules.maxAmount"
            inputMode="decimal"
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </Field>
      </fieldset>
      <SaveBar
        admin={admin}
        saving={saving}
        notice={notice}
        label={t.save}
        testId="bonus-rules-save"
        onSave={submit}
      />
    </div>
  );
}
