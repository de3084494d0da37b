import { getTenantById } from '@/db/queries/tenants';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { CrmPipeline } from '@/lib/crm/crm-port';
import { mailingDeliveryWords } from '@/lib/i18n/mailing-delivery-words';
import { type CrmCallDeps, crmOf, viaCrm } from '@/lib/sync/crm-call';

/**
 * What the settings screen offers to choose a mailing's delivery from (issue 8; docs/mailings.md):
 * Bitrix24 — the deal pipelines with their stages (for the app's trigger on a new deal) and the
 * business-process templates for contacts; a webhook-mode portal cannot run app triggers, so it is
 * offered templates only, and told so. amoCRM — pipelines and statuses (a lead in a status where
 * Digital Pipeline or Salesbot act). Notes in the host's language.
 */

type Pipelines = { id: string; name: string; stages: { id: string; name: string }[] }[];

export type DeliveryTargets =
  | {
      crm: 'bitrix24';
      modes: ('trigger' | 'workflow')[];
      webhookMode: boolean;
      pipelines: Pipelines;
      templates: { id: string; name: string }[];
      notes: { trigger: string | null; workflow: string };
    }
  | { crm: 'amocrm'; modes: ['lead']; pipelines: Pipelines; notes: { lead: string } };

const open = (pipelines: CrmPipeline[]): Pipelines =>
  pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    stages: p.stages.filter((s) => s.semantics === 'process').map((s) => ({ id: s.id, name: s.name })),
  }));

export async function deliveryTargetsForClaims(
  deps: CrmCallDeps,
  claims: EmbedClaims,
): Promise<DeliveryTargets> {
  const words = mailingDeliveryWords(claims.locale);
  const tenant = await getTenantById(deps.database.db, { tenantId: claims.tenantId });
  const crm = await crmOf(deps, claims.tenantId);
  return viaCrm(
    { dealGone: words.crmFailed, contactGone: words.crmFailed, crmFailed: words.crmFailed },
    async () => {
      const pipelines = open(await crm.listPipelines());
      if (crm.kind === 'amocrm')
        return { crm: 'amocrm', modes: ['lead'], pipelines, notes: { lead: words.leadHow } };
      const webhookMode = tenant?.kind === 'bitrix24_webhook';
      const templates = (await crm.listWorkflowTemplates?.()) ?? [];
      return {
        crm: 'bitrix24',
        modes: webhookMode ? ['workflow'] : ['trigger', 'workflow'],
        webhookMode,
        pipelines,
        templates,
        notes: {
          trigger: webhookMode ? null : words.triggerHow,
          workflow: [
            webhookMode ? words.webhookOnlyWorkflows : words.workflowHow,
            templates.length ? '' : words.noTemplates,
          ]
            .filter(Boolean)
            .join(' '),
        },
      };
    },
  );
}
