'use client';

import { useState } from 'react';
import { kopecksToRubles } from '@/lib/domain/money';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SettingValue } from '@/lib/settings/registry';
import { parseRubles } from '../bonuses/bonus-form-kit';
import { Check, Field, Select, TextInput } from '../settings/fields';
import { SaveBar, useSettingsSave } from '../settings/settings-save';

type BirthdayBonus = SettingValue<'birthdayBonus'>;
type MailingLimits = SettingValue<'mailingLimits'>;

const rublesText = (kopecks: number) => (kopecks ? String(kopecksToRubles(kopecks)) : '');
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const DAYS = Array.from({ length: 31 }, (_, d) => d);

/**
 * The birthday bonus (on/off, the client's and each child's amount in rubles, days before, the hour)
 * and the mailing limits (quiet hours, the daily cap), saved together as the settings
 * birthdayBonus and mailingLimits (kopecks on the wire). Admins edit; others read.
 */
export function BirthdayLimitsForm({
  locale,
  token,
  admin,
  birthdayBonus,
  mailingLimits,
}: {
  locale: Locale;
  token: string;
  admin: boolean;
  birthdayBonus: BirthdayBonus;
  mailingLimits: MailingLimits;
}) {
  const t = mailingWords[locale];
  const [bonus, setBonus] = useState(birthdayBonus);
  const [clientRubles, setClientRubles] = useState(rublesText(birthdayBonus.clientKopecks));
  const [childRubles, setChildRubles] = useState(rublesText(birthdayBonus.childKopecks));
  const [limits, setLimits] = useState(mailingLimits);
  const [cap, setCap] = useState(String(mailingLimits.dailyCap));
  const { saving, notice, setNotice, save: put } = useSettingsSave(token, t.saved);
  const disabled = !admin || saving;

  function save() {
    const amount = (text: string, label: string) => {
      const value = text.trim() === '' ? 0 : parseRubles(text);
      if (value === null) throw new Error(t.birthday.amountInvalid(label));
      return value;
    };
    try {
      if (!/^\d+$/.test(cap.trim()) || Number(cap) < 1) throw new Error(t.limits.capInvalid);
      void put({
        birthdayBonus: {
          ...bonus,
          clientKopecks: amount(clientRubles, t.birthday.clientAmount),
          childKopecks: amount(childRubles, t.birthday.childAmount),
        },
        mailingLimits: { ...limits, dailyCap: Number(cap) },
      });
    } catch (error) {
      setNotice({ ok: false, text: (error as Error).message });
    }
  }

  return (
    <fieldset className="space-y-3" disabled={disabled} data-testid="birthday-limits">
      <h3 className="text-xl text-fg">{t.birthday.title}</h3>
      <Check
        label={t.birthday.enabled}
        name="birthdayBonus.enabled"
        checked={bonus.enabled}
        onChange={(e) => setBonus({ ...bonus, enabled: e.target.checked })}
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t.birthday.clientAmount}>
          <TextInput
            name="birthdayBonus.client"
            inputMode="decimal"
            value={clientRubles}
            onChange={(e) => setClientRubles(e.target.value)}
          />
        </Field>
        <Field label={t.birthday.childAmount}>
          <TextInput
            name="birthdayBonus.child"
            inputMode="decimal"
            value={childRubles}
            onChange={(e) => setChildRubles(e.target.value)}
          />
        </Field>
        <Field label={t.birthday.daysBefore}>
          <Select
            name="birthdayBonus.daysBefore"
            value={bonus.daysBefore}
            onChange={(e) => setBonus({ ...bonus, daysBefore: Number(e.target.value) })}
          >
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.birthday.hour}>
          <Select
            name="birthdayBonus.hour"
            value={bonus.hour}
            onChange={(e) => setBonus({ ...bonus, hour: Number(e.target.value) })}
          >
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {`${String(h).padStart(2, '0')}:00`}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <p className="text-xs text-description">{t.birthday.daysHint}</p>
      <h3 className="pt-2 text-xl text-fg">{t.limits.title}</h3>
      <p className="text-sm text-description">{t.limits.intro}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t.limits.quietFrom}>
          <TextInput
            type="time"
            name="mailingLimits.quietFrom"
            value={limits.quietFrom}
            onChange={(e) => setLimits({ ...limits, quietFrom: e.target.value })}
          />
        </Field>
        <Field label={t.limits.quietTo}>
          <TextInput
            type="time"
            name="mailingLimits.quietTo"
            value={limits.quietTo}
            onChange={(e) => setLimits({ ...limits, quietTo: e.target.value })}
          />
        </Field>
        <Field label={t.limits.dailyCap}>
          <TextInput
            name="mailingLimits.dailyCap"
            inputMode="numeric"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
          />
        </Field>
      </div>
      <SaveBar
        admin={admin}
        saving={saving}
        notice={notice}
        label={t.save}
        testId="birthday-limits-save"
        onSave={save}
      />
    </fieldset>
  );
}
