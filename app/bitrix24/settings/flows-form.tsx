'use client';

import type { CrmPipeline } from '@/lib/crm/crm-port';
import type { PreorderStageMap } from '@/lib/domain/preorder-stages';
import type { Dictionary } from '@/lib/i18n';
import type { SettingsView } from '@/lib/sync/settings-api';
import { Field, NamedOptions, Select } from './fields';
import { NO_PREORDER_STAGES, PreorderStagesForm } from './preorder-stages-form';

type Flows = SettingsView['settings']['crmFlows'];
type Target = { pipelineId: string; stageId: string } | null;

/** A pipeline and its stage for one flow; "do not sync" clears it. */
function TargetPicker(props: {
  t: Dictionary['settingsPage'];
  name: string;
  value: Target;
  pipelines: CrmPipeline[];
  disabled: boolean;
  onChange(value: Target): void;
}) {
  const { t, pipelines, value } = props;
  const pipeline = pipelines.find((p) => p.id === value?.pipelineId);
  const firstStage = (p: CrmPipeline | undefined) =>
    p?.stages.find((s) => s.semantics === 'process') ?? p?.stages[0];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label={t.pipeline}>
        <Select
          name={`${props.name}.pipeline`}
          value={value?.pipelineId ?? ''}
          disabled={props.disabled}
          onChange={(event) => {
            const next = pipelines.find((p) => p.id === event.target.value);
            const stage = firstStage(next);
            props.onChange(next && stage ? { pipelineId: next.id, stageId: stage.id } : null);
          }}
        >
          <option value="">{t.notSynced}</option>
          <NamedOptions items={pipelines} />
        </Select>
      </Field>
      <Field label={t.stage}>
        <Select
          name={`${props.name}.stage`}
          value={value?.stageId ?? ''}
          disabled={props.disabled || !pipeline}
          onChange={(event) => value && props.onChange({ ...value, stageId: event.target.value })}
        >
          <NamedOptions items={pipeline?.stages ?? []} />
        </Select>
      </Field>
    </div>
  );
}

export function FlowsForm(props: {
  t: Dictionary['settingsPage'];
  flows: Flows;
  preorderStages: PreorderStageMap;
  pipelines: CrmPipeline[];
  disabled: boolean;
  /** A new booking pipeline clears the pre-order stages (they were another pipeline's). */
  onChange(flows: Flows, preorderStages: PreorderStageMap): void;
}) {
  const { t, flows } = props;
  const bookingPipeline = props.pipelines.find((p) => p.id === flows.booking?.pipelineId);
  const picker = (key: 'purchase' | 'depositTopup' | 'booking') => (
    <div key={key}>
      <h3 className="mb-1 text-lg text-fg">{t.flows[key]}</h3>
      <TargetPicker
        t={t}
        name={key}
        value={flows[key]}
        pipelines={props.pipelines}
        disabled={props.disabled}
        onChange={(value) =>
          props.onChange(
            { ...flows, [key]: value },
            key === 'booking' && value?.pipelineId !== flows.booking?.pipelineId
              ? NO_PREORDER_STAGES
              : props.preorderStages,
          )
        }
      />
    </div>
  );
  return (
    <div className="space-y-4" data-testid="flows">
      {picker('purchase')}
      {picker('depositTopup')}
      <div>
        <h3 className="mb-1 text-lg text-fg">{t.flows.pass}</h3>
        <div className="mb-2 flex flex-wrap gap-4 text-sm">
          {(['timeline', 'deal'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-2">
              <input
                type="radio"
                name="pass.mode"
                checked={flows.pass.mode === mode}
                disabled={props.disabled}
                onChange={() =>
                  props.onChange({ ...flows, pass: { ...flows.pass, mode } }, props.preorderStages)
                }
              />
              {t.passMode[mode]}
            </label>
          ))}
        </div>
        {flows.pass.mode === 'deal' && (
          <TargetPicker
            t={t}
            name="pass"
            value={flows.pass.target}
            pipelines={props.pipelines}
            disabled={props.disabled}
            onChange={(target) =>
              props.onChange({ ...flows, pass: { ...flows.pass, target } }, props.preorderStages)
            }
          />
        )}
      </div>
      {picker('booking')}
      {bookingPipeline && (
        <PreorderStagesForm
          t={t.preorderStages}
          pipeline={bookingPipeline}
          stages={props.preorderStages}
          disabled={props.disabled}
          onChange={(preorderStages) => props.onChange(flows, preorderStages)}
        />
      )}
    </div>
  );
}
