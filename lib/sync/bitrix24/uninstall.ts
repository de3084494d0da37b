import { deleteCredentials } from '@/db/queries/credentials';
import { appendJournal } from '@/db/queries/journal';
import { setTenantStatus, type Tenant } from '@/db/queries/tenants';
import type { Bitrix24Deps } from './deps';

/**
 * ONAPPUNINSTALL, already verified by its application token: Bitrix24 has removed our bindings;
 * we wipe the tenant's credentials (every secret: OAuth pair, application token, Lime secrets)
 * and drop its queued jobs. The tenant row and its journal stay, marked uninstalled, so a
 * re-install finds its settings and links again.
 */
export async function uninstallTenant(deps: Bitrix24Deps, tenant: Tenant, clean: boolean): Promise<void> {
  await deleteCredentials(deps.database.db, { tenantId: tenant.id });
  await setTenantStatus(deps.database.db, { tenantId: tenant.id, status: 'uninstalled' });
  const cancelled = await deps.cancelTenantJobs(tenant.id);
  await appendJournal(deps.database.db, {
    tenantId: tenant.id,
    direction: 'internal',
    operation: 'bitrix24.uninstall',
    status: 'ok',
    details: { clean, cancelledJobs: cancelled },
  });
}
