import type { CrmPort } from '@/lib/crm/crm-port';
import { InvalidRequestError } from '@/lib/http/errors';
import { settingSchemas } from '@/lib/settings/registry';
import { getSetting } from '@/lib/settings/settings';
import { type CrmDeps, crmForTenant } from './crm-for-tenant';

/**
 * The pre-order stage mapping as saved: every stage chosen must be a stage of the booking
 * pipeline — the one being saved, or else the one stored — and none can be chosen without one.
 * Checked against the CRM's own pipelines, only when a stage is chosen.
 */
export async function checkPreorderStages(
  deps: CrmDeps & { crm?: CrmPort },
  tenantId: string,
  input: Record<string, unknown>,
): Promise<void> {
  if (!('preorderStages' in input) && !('crmFlows' in input)) return;
  const { db } = deps.database;
  const flows =
    'crmFlows' in input
      ? settingSchemas.crmFlows.parse(input.crmFlows)
      : await getSetting(db, { tenantId, key: 'crmFlows' });
  const stages =
    'preorderStages' in input
      ? settingSchemas.preorderStages.parse(input.preorderStages)
      : await getSetting(db, { tenantId, key: 'preorderStages' });
  const chosen = Object.entries(stages).filter(([, id]) => id !== null);
  if (chosen.length === 0) return;
  const booking = flows.booking;
  if (!booking) throw new InvalidRequestError('preorderStages: choose the booking pipeline first');
  const crm = deps.crm ?? (await crmForTenant(deps, tenantId));
  const pipelines = await crm.listPipelines();
  const pipeline = pipelines.find((p) => p.id === booking.pipelineId);
  for (const [status, stageId] of chosen) {
    if (!pipeline?.stages.some((s) => s.id === stageId))
      throw new InvalidRequestError(
        `preorderStages.${status}: stage ${stageId} is not a stage of the booking pipeline`,
      );
  }
}
