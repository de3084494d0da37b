import type { Database } from '@/db/client';
import { getTenantById } from '@/db/queries/tenants';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { CrmPort } from '@/lib/crm/crm-port';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { ForbiddenError, ServiceUnavailableError } from '@/lib/http/errors';

/** The CrmPort of a tenant, whichever CRM it is: the one place that knows both adapters. */
export interface CrmDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  bitrix24App: { clientId: string; clientSecret: string } | null;
}

export async function crmForTenant(deps: CrmDeps, tenantId: string): Promise<CrmPort> {
  const tenant = await getTenantById(deps.database.db, { tenantId });
  if (tenant?.status !== 'active') {
    throw new ForbiddenError('The app is not installed on this CRM any more: install it again');
  }
  if (tenant.kind === 'bitrix24') {
    if (!deps.bitrix24App)
      throw new ServiceUnavailableError('This deployment has no Bitrix24 app configured');
    const rest = await createOAuthRest(
      {
        database: deps.database,
        secrets: deps.secrets,
        allowHttpLoopback: deps.allowHttpLoopback,
        app: deps.bitrix24App,
      },
      { tenantId },
    );
    return createBitrix24Crm(rest);
  }
  throw new ServiceUnavailableError(`CRM "${tenant.kind}" is not connected yet`);
}
