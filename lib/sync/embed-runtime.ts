import { getTenantById } from '@/db/queries/tenants';
import type { EmbedAuth } from '@/lib/auth/embed-route';
import { embedTokenKey } from '@/lib/auth/embed-token';
import { getRuntime } from '@/lib/runtime';
import type { CrmDeps } from './crm-for-tenant';

/** The embedded API's dependencies from this process's runtime. */
export async function embedDepsFromRuntime(): Promise<CrmDeps & { appUrl: string }> {
  const runtime = await getRuntime();
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback || runtime.config.sandbox,
    bitrix24App: runtime.config.bitrix24,
    amocrmKeys: runtime.config.amocrm,
    appUrl: runtime.config.appUrl,
  };
}

/** For embedded actions that queue work (the database and the queue). */
export async function embedQueueDepsFromRuntime() {
  const runtime = await getRuntime();
  return { database: runtime.database, enqueue: runtime.queue.enqueue };
}

/** For embedded actions that reach the tenant's CRM and queue work. */
export async function embedCrmQueueDepsFromRuntime() {
  return { ...(await embedDepsFromRuntime()), ...(await embedQueueDepsFromRuntime()) };
}

let key: Uint8Array | undefined;
/** The embed routes' token check (lib/auth/embed-route): the key, and the tenant still connected. */
export async function embedKeyFromRuntime(): Promise<EmbedAuth> {
  const runtime = await getRuntime();
  key ??= embedTokenKey(runtime.config.encryptionKey);
  return {
    key,
    async tenantActive(tenantId) {
      const tenant = await getTenantById(runtime.database.db, { tenantId });
      return tenant !== null && (tenant.status === 'active' || tenant.status === 'needs_reinstall');
    },
  };
}
