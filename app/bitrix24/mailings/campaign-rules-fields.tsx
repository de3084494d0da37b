'use client';

import type { CrmPipeline } from '@/lib/crm/crm-port';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { AudienceFilterForm } from '../bonuses/audience-filter';
import { Field, NamedOptions, Select, TextInput } from '../settings/fields';
import type { CampaignDraft } from './campaign-draft';

/** The fields of one campaign kind: birthday (days before, whose), win-back (days), NPS (stage A → B), manual (the filter). */
export function CampaignRulesFields({
  locale,
  draft,
  pipelines,
  onChange,
}: {
  locale: Locale;
  draft: CampaignDraft;
  pipelines: CrmPipeline[];
  onChange(next: CampaignDraft): void;
}) {
  const t = mailingWords[locale].form;
  const set = (patch: Partial<CampaignDraft>) => onChange({ ...draft, ...patch });
  switch (draft.kind) {
    case 'birthday':
      return (
        <div className="space-y-2">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t.daysBefore}>
              <TextInput
                name="rules.daysBefore"
                inputMode="numeric"
                value={draft.daysBefore}
                onChange={(e) => set({ daysBefore: e.target.value })}
              />
            </Field>
            <Field label={t.who}>
              <Select
                name="rules.who"
                value={draft.who}
                onChange={(e) => set({ who: e.target.value as CampaignDraft['who'] })}
              >
                {(['both', 'clients', 'children'] as const).map((who) => (
                  <option key={who} value={who}>
                    {t.whos[who]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <p className="text-xs text-description">{t.birthdayHint}</p>
        </div>
      );
    case 'winback':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t.daysWithout}>
            <TextInput
              name="rules.daysWithout"
              inputMode="numeric"
              value={draft.daysWithout}
              onChange={(e) => set({ daysWithout: e.target.value })}
            />
          </Field>
        </div>
      );
    case 'nps': {
      const stages = pipelines.find((p) => p.id === draft.pipelineId)?.stages ?? [];
      return (
        <div className="space-y-2">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label={t.pipeline}>
              <Select
                name="rules.pipelineId"
                value={draft.pipelineId}
                onChange={(e) => set({ pipelineId: e.target.value, fromStageId: '', toStageId: '' })}
              >
                <option value="">{t.pick}</option>
                <NamedOptions items={pipelines} />
              </Select>
            </Field>
            <Field label={t.fromStage}>
              <Select
                name="rules.fromStageId"
                value={draft.fromStageId}
                onChange={(e) => set({ fromStageId: e.target.value })}
              >
                <option value="">{t.pick}</option>
                <NamedOptions items={stages} />
              </Select>
            </Field>
            <Field label={t.toStage}>
              <Select
                name="rules.toStageId"
                value={draft.toStageId}
                onChange={(e) => set({ toStageId: e.target.value })}
              >
                <option value="">{t.pick}</option>
                <NamedOptions items={stages} />
              </Select>
            </Field>
          </div>
          <p className="text-xs text-description">{t.npsHint}</p>
        </div>
      );
    }
    case 'manual':
      return (
        <div className="space-y-2">
          <p className="text-sm text-label">{t.filter}</p>
          <AudienceFilterForm
            locale={locale}
            draft={draft.filter}
            disabled={false}
            onChange={(filter) => set({ filter })}
          />
        </div>
      );
  }
}
