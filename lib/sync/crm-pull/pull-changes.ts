import { type CrmDeps, crmForTenant } from '../crm-for-tenant';
import { pullContactEdits } from './pull-contacts';
import { pullDealStages } from './pull-deal-stages';

/**
 * What a manager changed in the CRM that Lime hears of: contact edits and the stage moves of
 * pre-orders' deals, for the entities a run of the CRM events read. Both pulls share one port, so
 * what it looks up once (amoCRM's field ids) serves both.
 */
export async function pullCrmChanges(
  deps: CrmDeps,
  params: { tenantId: string; contactIds: string[]; dealIds: string[] },
): Promise<void> {
  if (params.contactIds.length === 0 && params.dealIds.length === 0) return;
  const withCrm = { ...deps, crm: await crmForTenant(deps, params.tenantId) };
  await pullContactEdits(withCrm, { tenantId: params.tenantId, contactIds: params.contactIds });
  await pullDealStages(withCrm, { tenantId: params.tenantId, dealIds: params.dealIds });
}
