'use client';

import { useState } from 'react';
import { formatRubles } from '@/lib/domain/money';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SettingsView } from '@/lib/sync/settings-api';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Notice, Select, TextInput } from '../settings/fields';
import { parseRubles } from './bonus-form-kit';

type Rules = SettingsView['settings']['bonusRules'];

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
  const [max, setMax] = useState(
    String(rules.maxAmountKopecks / 100).replace('.', locale === 'ru' ? ',' : '.'),
  );
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  async function save() {
    const maxAmountKopecks = parseRubles(max);
    if (maxAmountKopecks === null || maxAmountKopecks < 1) {
      setNotice({
        ok: false,
        text: bonusScreenWords[locale].card.amountInvalid(
          formatRubles(1, locale),
          formatRubles(100_000_000, locale),
        ),
      });
      return;
    }
    setSaving(true);
    setNotice(null);
    try {
      await fetchEmbedded('/api/embed/settings', token, {
        method: 'PUT',
        body: { bonusRules: { whoCredits, maxAmountKopecks } },
      });
      setNotice({ ok: true, text: t.saved });
    } catch (error) {
      setNotice({ ok: false, text: (error as Error).message });
    } finally {
      setSaving(false);
    }
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
      {admin && (
        <div className="flex flex-wrap items-center gap-3">
          <Button tone="secondary" busy={saving} onClick={() => void save()} data-testid="bonus-rules-save">
            {t.save}
          </Button>
          <Notice notice={notice} />
        </div>
      )}
    </div>
  );
}
