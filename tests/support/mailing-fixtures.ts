import type { Database } from '@/db/client';
import { insertSends } from '@/db/queries/campaign-sends';
import { insertCampaign } from '@/db/queries/campaigns';
import { upsertLimeConnection } from '@/db/queries/lime-connections';
import type { CampaignKind } from '@/db/schema-mailings';

/**
 * Campaigns and sends made straight in the database for tests of the CRM side of mailings
 * (delivery, NPS), without the campaign engine: a Lime connection to hang campaigns on, and one
 * campaign with one send.
 */

export async function limeConnectionOf(database: Database, tenantId: string): Promise<string> {
  const row = await upsertLimeConnection(database.db, {
    tenantId,
    fields: {
      baseUrl: 'https://lime.example.ru',
      authMode: 'token',
      installationId: 1,
      cashdeskId: 1,
      timeZone: 'Europe/Moscow',
    },
  });
  return row.id;
}

/** A new campaign (a random name) with one queued send; what deliverSend and the NPS page take. */
export async function campaignWithSend(
  database: Database,
  params: {
    tenantId: string;
    connectionId: string;
    kind: CampaignKind;
    delivery: Record<string, unknown>;
    contactId: string | null;
    dealId?: string | null;
    fields?: Record<string, string>;
  },
): Promise<{ tenantId: string; campaignId: string; sendId: string }> {
  const campaign = await insertCampaign(database.db, {
    tenantId: params.tenantId,
    connectionId: params.connectionId,
    kind: params.kind,
    name: `${params.kind} ${Math.random().toString(36).slice(2, 10)}`,
    rules: {},
    delivery: params.delivery,
    bonusKopecks: null,
    createdBy: '1',
  });
  if (!campaign) throw new Error('the campaign was not made');
  await insertSends(database.db, [
    {
      tenantId: params.tenantId,
      campaignId: campaign.id,
      clientId: 7,
      occasion: `test:${campaign.id}`,
      contactId: params.contactId,
      dealId: params.dealId ?? null,
      dueAt: new Date(),
      fields: params.fields ?? {},
    },
  ]);
  const [row] = (
    await database.query<{ id: string }>('select id from campaign_sends where campaign_id = $1', [
      campaign.id,
    ])
  ).rows;
  return { tenantId: params.tenantId, campaignId: campaign.id, sendId: row?.id as string };
}
