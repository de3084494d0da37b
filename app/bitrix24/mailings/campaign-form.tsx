'use client';

import { useState } from 'react';
import type { CrmPipeline } from '@/lib/crm/crm-port';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, Notice, TextInput } from '../settings/fields';
import { type AudiencePreview, bonusOf, type CampaignDraft, deliveryOf, rulesOf } from './campaign-draft';
import { CampaignRulesFields } from './campaign-rules-fields';
import { DeliveryFields } from './delivery-fields';

export const CAMPAIGNS_API = '/api/embed/campaigns';

/**
 * One campaign's form (admins): the name, the kind's rules, how the CRM sends, a bonus with each send,
 * a preview of today's audience, save. The API's refusals are shown in its words.
 */
export function CampaignForm({
  locale,
  token,
  initial,
  pipelines,
  targets,
  onSaved,
  onCancel,
}: {
  locale: Locale;
  token: string;
  initial: CampaignDraft;
  pipelines: CrmPipeline[];
  targets: DeliveryTargets;
  onSaved(): void;
  onCancel(): void;
}) {
  const w = mailingWords[locale];
  const t = w.form;
  const [draft, setDraft] = useState(initial);
  const [working, setWorking] = useState<'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<AudiencePreview | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const change = (next: CampaignDraft) => {
    setDraft(next);
    setPreview(null);
  };

  async function run(kind: 'preview' | 'save') {
    setWorking(kind);
    setNotice(null);
    try {
      const rules = rulesOf(draft);
      if (kind === 'preview') {
        setPreview(
          await fetchEmbedded<AudiencePreview>(CAMPAIGNS_API, token, {
            method: 'POST',
            body: { action: 'preview', kind: draft.kind, rules },
          }),
        );
        return;
      }
      const bonusKopecks = bonusOf(draft);
      if (bonusKopecks === undefined) throw new Error(w.birthday.amountInvalid(t.bonus));
      const campaign = {
        ...(draft.id ? { id: draft.id } : {}),
        kind: draft.kind,
        name: draft.name.trim(),
        rules,
        delivery: deliveryOf(draft, targets),
        bonusKopecks,
      };
      await fetchEmbedded(CAMPAIGNS_API, token, { method: 'POST', body: { action: 'save', campaign } });
      onSaved();
    } catch (error) {
      setNotice({ ok: false, text: (error as Error).message });
    } finally {
      setWorking(null);
    }
  }

  return (
    <div className="space-y-3 rounded-md border border-stroke p-3 sm:p-4" data-testid="campaign-form">
      <h4 className="text-xl text-fg">
        {draft.id ? t.editTitle(initial.name) : t.newTitle(w.campaigns.kinds[draft.kind])}
      </h4>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t.name}>
          <TextInput
            name="campaign.name"
            value={draft.name}
            maxLength={100}
            onChange={(e) => change({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field label={t.bonus} hint={t.bonusHint}>
          <TextInput
            name="campaign.bonus"
            inputMode="decimal"
            value={draft.bonus}
            onChange={(e) => change({ ...draft, bonus: e.target.value })}
          />
        </Field>
      </div>
      <CampaignRulesFields locale={locale} draft={draft} pipelines={pipelines} onChange={change} />
      <h5 className="pt-1 text-lg text-fg">{t.delivery}</h5>
      <DeliveryFields
        locale={locale}
        draft={draft}
        targets={targets}
        onChange={change}
        checkTrigger={(dealId) =>
          fetchEmbedded<{ confirmed: boolean; text: string }>(`${CAMPAIGNS_API}/targets`, token, {
            method: 'POST',
            body: { dealId },
          })
        }
      />
      {preview && (
        <div className="rounded-sm bg-selection px-3 py-2 text-sm" data-testid="campaign-preview">
          <p className="font-medium text-fg">
            {t.previewTitle}:{' '}
            <span data-testid="campaign-preview-count" data-people={preview.people}>
              {w.campaigns.audience(preview)}
            </span>
          </p>
          {preview.sample.length > 0 && (
            <p className="break-words text-description">
              {t.sample}: {preview.sample.join(', ')}
              {preview.people > preview.sample.length ? '…' : ''}
            </p>
          )}
        </div>
      )}
      <Notice notice={notice} />
      <div className="flex flex-wrap gap-2">
        <Button tone="secondary" busy={working === 'preview'} onClick={() => run('preview')}>
          {t.preview}
        </Button>
        <Button busy={working === 'save'} disabled={working !== null} onClick={() => run('save')}>
          {t.save}
        </Button>
        <Button tone="plain" disabled={working !== null} onClick={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </div>
  );
}
