'use client';

import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { DeliveryTargets } from '@/lib/mailings/delivery-targets';
import { Field, NamedOptions, Select } from '../settings/fields';
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
}: {
  locale: Locale;
  draft: CampaignDraft;
  targets: DeliveryTargets;
  onChange(next: CampaignDraft): void;
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
