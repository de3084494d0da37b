import { embedTokenKey } from '@/lib/auth/embed-token';
import { tabCodeKey } from '@/lib/auth/tab-code';
import { frameHostKey } from '@/lib/http/frame-host';
import { getRuntime } from '@/lib/runtime';
import type { Bitrix24RouteDeps } from './deps';

/** The Bitrix24 flows' dependencies from this process's runtime (for the route handlers). */
export async function bitrix24DepsFromRuntime(): Promise<Bitrix24RouteDeps> {
  const runtime = await getRuntime();
  const app = runtime.config.bitrix24;
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback || runtime.config.sandbox,
    app,
    appUrl: runtime.config.appUrl,
    enqueue: runtime.queue.enqueue,
    cancelTenantJobs: runtime.queue.cancelTenantJobs,
    embedKey: embedTokenKey(runtime.config.encryptionKey),
    tabCodeKey: tabCodeKey(runtime.config.encryptionKey),
    frameHostKey: frameHostKey(runtime.config.encryptionKey),
    publicLimits: { trustedProxyHops: runtime.config.trustedProxyHops },
  };
}
