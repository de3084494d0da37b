import { embedTokenKey } from '@/lib/auth/embed-token';
import { deriveKey } from '@/lib/crypto/secret-box';
import { frameHostKey } from '@/lib/http/frame-host';
import { getRuntime } from '@/lib/runtime';
import type { AmocrmRouteDeps } from './handlers';

/** The amoCRM flows' dependencies from this process's runtime (for the route handlers). */
export async function amocrmDepsFromRuntime(): Promise<AmocrmRouteDeps> {
  const runtime = await getRuntime();
  return {
    database: runtime.database,
    secrets: runtime.secrets,
    allowHttpLoopback: runtime.config.allowHttpLoopback || runtime.config.sandbox,
    keys: runtime.config.amocrm,
    appUrl: runtime.config.appUrl,
    enqueue: runtime.queue.enqueue,
    cancelTenantJobs: runtime.queue.cancelTenantJobs,
    embedKey: embedTokenKey(runtime.config.encryptionKey),
    stateKey: deriveKey(runtime.config.encryptionKey, 'amocrm-oauth-state'),
    frameHostKey: frameHostKey(runtime.config.encryptionKey),
    publicLimits: { trustedProxyHops: runtime.config.trustedProxyHops },
  };
}
