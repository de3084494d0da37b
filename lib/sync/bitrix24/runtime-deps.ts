import { embedTokenKey } from '@/lib/auth/embed-token';
import { ServiceUnavailableError } from '@/lib/http/errors';
import { getRuntime } from '@/lib/runtime';
import type { Bitrix24Deps } from './deps';

/** The Bitrix24 flows' dependencies from this process's runtime (for the route handlers). */
export async function bitrix24DepsFromRuntime(): Promise<Bitrix24Deps & { embedKey: Uint8Array }> {
  const runtime = await getRuntime();
  const app = runtime.config.bitrix24;
  if (!app) throw new ServiceUnavailableError('This deployment has no Bitrix24 app configured');
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback || runtime.config.sandbox,
    app,
    appUrl: runtime.config.appUrl,
    enqueue: runtime.queue.enqueue,
    cancelTenantJobs: runtime.queue.cancelTenantJobs,
    embedKey: embedTokenKey(runtime.config.encryptionKey),
  };
}
