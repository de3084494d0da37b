import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { campaignSends } from '../schema-mailings';

/** What a delivery wrote into the CRM for a send and where the automation ran, kept on the send. */
export async function recordSendDelivery(
  db: Db,
  params: { tenantId: string; id: string; fields: Record<string, string>; crmEntityId: string },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({ fields: params.fields, crmEntityId: params.crmEntityId, updatedAt: sql`now()` })
    .where(and(eq(campaignSends.tenantId, params.tenantId), eq(campaignSends.id, params.id)));
}
