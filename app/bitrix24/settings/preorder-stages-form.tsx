'use client';

import type { CrmPipeline } from '@/lib/crm/crm-port';
import { PREORDER_STATUSES, type PreorderStageMap } from '@/lib/domain/preorder-stages';
import type { Dictionary } from '@/lib/i18n';
import { Field, NamedOptions, Select } from './fields';

export const NO_PREORDER_STAGES: PreorderStageMap = {
  new: null,
  confirmed: null,
  paid: null,
  completed: null,
  cancelled: null,
};

/** A stage of the booking pipeline for each Lime pre-order status; "by default" leaves it to the rule. */
export function PreorderStagesForm(props: {
  t: Dictionary['settingsPage']['preorderStages'];
  pipeline: CrmPipeline;
  stages: PreorderStageMap;
  disabled: boolean;
  onChange(stages: PreorderStageMap): void;
}) {
  const { t, pipeline, stages } = props;
  return (
    <div className="mt-3 space-y-2" data-testid="preorder-stages">
      <h4 className="text-sm font-medium text-fg">{t.title}</h4>
      <p className="text-xs text-description">{t.intro}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {PREORDER_STATUSES.map((status) => (
          <Field key={status} label={t.status[status]}>
            <Select
              name={`preorderStages.${status}`}
              value={stages[status] ?? ''}
              disabled={props.disabled}
              onChange={(event) => props.onChange({ ...stages, [status]: event.target.value || null })}
            >
              <option value="">{t.byDefault}</option>
              <NamedOptions items={pipeline.stages} />
            </Select>
          </Field>
        ))}
      </div>
    </div>
  );
}
