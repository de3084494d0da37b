import type { Database } from '@/db/client';
import { getTenantById } from '@/db/queries/tenants';
import { createAmocrmCrm } from '@/lib/crm/amocrm/crm-adapter';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import type { CrmPort } from '@/lib/crm/crm-port';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { ForbiddenError, ServiceUnavailableError } from '@/lib/http/errors';
import { accountClient } from './amocrm/deps';
import { portalRest } from './bitrix24/deps';

/** The CrmPort of a tenant, whichever CRM it is: the one place that knows both adapters. */
export interface CrmDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  bitrix24App: { clientId: string; clientSecret: string } | null;
  amocrmKeys?: { clientId: string; clientSecret: string; redirectUri: string } | null;
  ca?: string;
}

export async function crmForTenant(deps: CrmDeps, tenantId: string): Promise<CrmPort> {
  const tenant = await getTenantById(deps.database.db, { tenantId });
  if (tenant?.status !== 'active') {
    throw new ForbiddenError('The app is not installed on this CRM any more: install it again');
  }
  if (tenant.kind === 'bitrix24' || tenant.kind === 'bitrix24_webhook') {
    return createBitrix24Crm(await portalRest({ ...deps, app: deps.bitrix24App }, tenantId));
  }
  if (tenant.kind === 'amocrm') {
    return createAmocrmCrm(await accountClient({ ...deps, keys: deps.amocrmKeys ?? null }, tenantId));
  }
  throw new ServiceUnavailableError(`CRM "${tenant.kind}" is not connected yet`);
}
