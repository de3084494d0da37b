'use client';

import { useState } from 'react';
import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';
import { Button, Field, NamedOptions, Select, TextInput } from '../settings/fields';
import { type CampaignDraft, modeOf } from './campaign-draft';

function PipelineStage(props: {
  names: { pipeline: string; stage: string };
  draft: CampaignDraft;
  pipelines: DeliveryTargets['pipelines'];
  pick: string;
  onChange(next: CampaignDraft): void;
}) {
  const { draft, pipelines } = props;
  const stages = pipelines.find((p) => p.id === draft.deliveryPipelineId)?.stages ?? [];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label={props.names.pipeline}>
        <Select
          name="delivery.pipelineId"
          value={draft.deliveryPipelineId}
          onChange={(e) =>
            props.onChange({
              ...draft,
              deliveryPipelineId: e.target.value,
              deliveryStageId: pipelines.find((p) => p.id === e.target.value)?.stages[0]?.id ?? '',
            })
          }
        >
          <option value="">{props.pick}</option>
          <NamedOptions items={pipelines} />
        </Select>
      </Field>
      <Field label={props.names.stage}>
        <Select
          name="delivery.stageId"
          value={draft.deliveryStageId}
          disabled={!stages.length}
          onChange={(e) => props.onChange({ ...draft, deliveryStageId: e.target.value })}
        >
          <NamedOptions items={stages} />
        </Select>
      </Field>
    </div>
  );
}

const Note = ({ text }: { text: string | null }) =>
  text ? <p className="text-xs text-description">{text}</p> : null;

export type TriggerChecker = (dealId: string) => Promise<{ confirmed: boolean; text: string }>;

/** The app's trigger tried on a test deal an admin names: the answer in words, moved or not. */
function TriggerCheck({ locale, check }: { locale: Locale; check: TriggerChecker }) {
  const t = mailingWords[locale].form;
  const [dealId, setDealId] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  async function run() {
    setBusy(true);
    setAnswer(null);
    try {
      const outcome = await check(dealId.trim());
      setAnswer({ ok: outcome.confirmed, text: outcome.text });
    } catch (error) {
      setAnswer({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-1" data-testid="trigger-check">
      <div className="flex flex-wrap items-end gap-2">
        <Field label={t.checkDeal}>
          <TextInput
            name="trigger-check.dealId"
            inputMode="numeric"
            value={dealId}
            onChange={(e) => setDealId(e.target.value)}
          />
        </Field>
        <Button tone="secondary" busy={busy} disabled={!/^\d+$/.test(dealId.trim())} onClick={run}>
          {t.checkButton}
        </Button>
      </div>
      <Note text={t.checkNote} />
      {answer && (
        <p
          className={`break-words text-sm ${answer.ok ? 'text-success' : 'text-danger'}`}
          data-confirmed={answer.ok}
        >
          {answer.text}
        </p>
      )}
    </div>
  );
}

/**
 * How the CRM sends, from what GET /api/embed/campaigns/targets offers: Bitrix24 — our app's trigger
 * on a deal (NPS: the deal that moved; others: a deal made in a chosen stage) or an admin-chosen
 * business-process template (the only way on a webhook-mode portal, as its note says); amoCRM — a
 * lead in a chosen pipeline and status. The notes, in the host's language, are the API's.
 */
export function DeliveryFields({
  locale,
  draft,
  targets,
  onChange,
  checkTrigger,
}: {
  locale: Locale;
  draft: CampaignDraft;
  targets: DeliveryTargets;
  onChange(next: CampaignDraft): void;
  /** Tries the app's trigger on a deal (Bitrix24, admins): absent, the check is not offered. */
  checkTrigger?: TriggerChecker;
}) {
  const t = mailingWords[locale].form;
  if (targets.crm === 'amocrm')
    return (
      <div className="space-y-2" data-testid="campaign-delivery">
        <PipelineStage
          names={{ pipeline: t.leadPipeline, stage: t.leadStatus }}
          draft={draft}
          pipelines={targets.pipelines}
          pick={t.pick}
          onChange={onChange}
        />
        <Note text={targets.notes.lead} />
      </div>
    );
  const mode = modeOf(draft, targets);
  return (
    <div className="space-y-2" data-testid="campaign-delivery" data-webhook-mode={targets.webhookMode}>
      <div className="flex flex-wrap gap-4 text-sm">
        {targets.modes.map((m) => (
          <label key={m} className="flex items-center gap-2">
            <input
              type="radio"
              name="delivery.mode"
              value={m}
              checked={mode === m}
              onChange={() => onChange({ ...draft, mode: m })}
            />
            {t.modes[m]}
          </label>
        ))}
      </div>
      {mode === 'trigger' && (
        <>
          <Note text={targets.notes.trigger} />
          {draft.kind !== 'nps' && (
            <PipelineStage
              names={{ pipeline: t.dealPipeline, stage: t.dealStage }}
              draft={draft}
              pipelines={targets.pipelines}
              pick={t.pick}
              onChange={onChange}
            />
          )}
          {checkTrigger && <TriggerCheck locale={locale} check={checkTrigger} />}
        </>
      )}
      {mode === 'workflow' && (
        <>
          <Note text={targets.notes.workflow} />
          {targets.templates.length > 0 && (
            <Field label={t.template}>
              <Select
                name="delivery.templateId"
                value={draft.templateId}
                onChange={(e) => onChange({ ...draft, templateId: e.target.value })}
              >
                <option value="">{t.pick}</option>
                <NamedOptions items={targets.templates} />
              </Select>
            </Field>
          )}
        </>
      )}
    </div>
  );
}
