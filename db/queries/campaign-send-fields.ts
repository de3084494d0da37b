import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { campaignSends, type DeliveryCheck } from '../schema-mailings';

const thisSend = (params: { tenantId: string; id: string }) =>
  and(eq(campaignSends.tenantId, params.tenantId), eq(campaignSends.id, params.id));

/**
 * What a delivery wrote into the CRM for a send, where the automation ran and what the CRM showed of
 * it (null: nothing checked), kept on the send.
 */
export async function recordSendDelivery(
  db: Db,
  params: {
    tenantId: string;
    id: string;
    fields: Record<string, string>;
    crmEntityId: string;
    check: DeliveryCheck | null;
  },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({
      fields: params.fields,
      crmEntityId: params.crmEntityId,
      deliveryCheck: params.check,
      updatedAt: sql`now()`,
    })
    .where(thisSend(params));
}

/**
 * The CRM's automation is about to be asked for this send (or, `asked: false`, it refused before
 * running it). The database's clock, not the engine's (injectable) one: a later attempt compares it
 * with the CRM's own times of what it started.
 */
export async function markAutomationAsked(
  db: Db,
  params: { tenantId: string; id: string; asked: boolean },
): Promise<void> {
  await db
    .update(campaignSends)
    .set({ automationAskedAt: params.asked ? sql`now()` : null, updatedAt: sql`now()` })
    .where(thisSend(params));
}
