import { getTenantById } from '@/db/queries/tenants';
import type { EmbedAuth } from '@/lib/auth/embed-route';
import { type EmbedClaims, embedTokenKey } from '@/lib/auth/embed-token';
import { openTabLink, tabClaimsOf, tabCodeKey } from '@/lib/auth/tab-code';
import type { TabAuthDeps } from '@/lib/auth/tab-session';
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

let tabKey: Uint8Array | undefined;
/** "Open in a new tab": the one-time code's and the tab session's dependencies (lib/auth/tab-session). */
export async function tabAuthDepsFromRuntime(): Promise<TabAuthDeps> {
  const runtime = await getRuntime();
  const auth = await embedKeyFromRuntime();
  tabKey ??= tabCodeKey(runtime.config.encryptionKey);
  // next-auth v4 takes its own URL (and whether its cookies are Secure) from NEXTAUTH_URL.
  process.env.NEXTAUTH_URL ??= runtime.config.nextAuthUrl;
  return {
    db: runtime.database.db,
    tabCodeKey: tabKey,
    embedKey: auth.key,
    secret: runtime.config.nextAuthSecret,
    appUrl: runtime.config.appUrl,
    tenantActive: auth.tenantActive,
  };
}

/** The new-tab link for the user of a frame (POST /api/embed/open-tab). */
export async function openTabLinkFromRuntime(claims: EmbedClaims): Promise<{ url: string }> {
  const deps = await tabAuthDepsFromRuntime();
  return openTabLink(deps.tabCodeKey, deps.appUrl, tabClaimsOf(claims));
}
