import type { Database } from '@/db/client';
import type { CampaignRow } from '@/db/queries/campaigns';
import { getActiveLimeConnection, type LimeConnectionRow } from '@/db/queries/lime-connections';
import type { CrmPort } from '@/lib/crm/crm-port';
import type { MailingLimits } from '@/lib/domain/mailing-window';
import { formatRubles, kopecks } from '@/lib/domain/money';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting } from '@/lib/settings/settings';

/**
 * What the mailing pass works with. The clock is injected (`now`): the scheduler, its queries and the
 * leases read no other, so a test can live through a year in seconds.
 */
export interface MailingDeps {
  database: Database;
  enqueue(job: EnqueueRequest): Promise<string | null>;
  now(): Date;
}

export interface SendTarget {
  tenantId: string;
  campaignId: string;
  sendId: string;
}

export interface TickDeps extends MailingDeps {
  /** The tenant's CRM: NPS reads its stage moves. */
  crm: CrmPort;
  /** Sets one send going in the CRM (lib/mailings/deliver.ts deliverSend in the job). */
  deliver(target: SendTarget): Promise<{ crmEntityId: string | null; check?: string | null }>;
}

export interface TenantMailing {
  tenantId: string;
  connection: LimeConnectionRow;
  /** The venue's zone (the Lime connection's). */
  zone: string;
  limits: MailingLimits;
  /** The tenant's language, for values written into CRM fields. */
  locale: Locale;
}

/** The tenant's Lime connection and limits, or null without an active Lime connection. */
export async function tenantMailing(database: Database, tenantId: string): Promise<TenantMailing | null> {
  const db = database.db;
  const connection = await getActiveLimeConnection(db, { tenantId });
  if (!connection) return null;
  const limits = await getSetting(db, { tenantId, key: 'mailingLimits' });
  const locale = await getSetting(db, { tenantId, key: 'locale' });
  return { tenantId, connection, zone: connection.timeZone, limits, locale };
}

/** What every send of a campaign carries into the CRM's fields: its bonus as a person reads it. */
export function campaignFields(tenant: TenantMailing, campaign: CampaignRow): Record<string, string> {
  return campaign.bonusKopecks ? { bonus: formatRubles(kopecks(campaign.bonusKopecks), tenant.locale) } : {};
}
