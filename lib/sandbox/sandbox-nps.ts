import { insertSends, listCampaignSends } from '@/db/queries/campaign-sends';
import { insertCampaign, listCampaigns } from '@/db/queries/campaigns';
import { deliverSend } from '@/lib/mailings/deliver';
import { getRuntime } from '@/lib/runtime';
import { getSandbox } from './sandbox';

/**
 * An NPS mailing to one of the sandbox portal's contacts, made on request (for trying the NPS page,
 * and for its end-to-end test): a campaign «NPS (демо)» set to the app's trigger on a deal, one send
 * for the contact's deal, delivered as the scheduler would — so the contact's field holds the link.
 * Returns the link and the contact; `npsFieldOf` reads what the portal holds in the NPS field.
 */

const NAME = 'NPS (демо)';

export async function sandboxNpsDemo(): Promise<{ link: string; contactId: string } | null> {
  const sandbox = await getSandbox();
  if (!sandbox) return null;
  const runtime = await getRuntime();
  const db = runtime.database.db;
  const { tenantId, connectionId } = sandbox;
  const existing = (await listCampaigns(db, { tenantId })).find((c) => c.name === NAME);
  const campaign =
    existing ??
    (await insertCampaign(db, {
      tenantId,
      connectionId,
      kind: 'nps',
      name: NAME,
      // Disabled, so the scheduler never plans it; its rules are valid ones all the same.
      rules: { pipelineId: '0', fromStageId: 'PREPARATION', toStageId: 'EXECUTING' },
      delivery: { crm: 'bitrix24', mode: 'trigger' },
      bonusKopecks: null,
      createdBy: 'sandbox',
    }));
  const deal = sandbox.bitrix24.deals[0];
  const contact = sandbox.bitrix24.contacts[0];
  if (!campaign || !deal || !contact) return null;
  const occasion = `deal:${deal.id}:demo>${Date.now()}`;
  await insertSends(db, [
    {
      tenantId,
      campaignId: campaign.id,
      clientId: contact.limeClientId,
      occasion,
      contactId: String(contact.id),
      dealId: String(deal.id),
      dueAt: new Date(),
    },
  ]);
  const send = (await listCampaignSends(db, { tenantId, campaignId: campaign.id })).find(
    (s) => s.occasion === occasion,
  );
  if (!send) return null;
  await deliverSend(
    {
      database: runtime.database,
      secrets: runtime.secrets,
      allowHttpLoopback: true,
      bitrix24App: runtime.config.bitrix24,
      appUrl: runtime.config.appUrl,
    },
    { tenantId, campaignId: campaign.id, sendId: send.id },
  );
  const link = npsFieldOf(String(contact.id), 'UF_CRM_LIME_NPS_LINK', sandbox);
  return link ? { link, contactId: String(contact.id) } : null;
}

function npsFieldOf(
  contactId: string,
  field: string,
  sandbox: NonNullable<Awaited<ReturnType<typeof getSandbox>>>,
) {
  const value = sandbox.bitrix24.sim.state.contacts.find((c) => String(c.id) === contactId)?.uf[field];
  return value === undefined || value === null || value === '' ? null : String(value);
}

/** The sandbox portal's contact's NPS score field, as the portal holds it. */
export async function sandboxNpsScore(contactId: string): Promise<string | null> {
  const sandbox = await getSandbox();
  return sandbox ? npsFieldOf(contactId, 'UF_CRM_LIME_NPS', sandbox) : null;
}
