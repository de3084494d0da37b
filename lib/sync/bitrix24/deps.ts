import type { Database } from '@/db/client';
import { getTenantById } from '@/db/queries/tenants';
import { loadSecret } from '@/lib/auth/refresh-lease';
import { createHookRest } from '@/lib/crm/bitrix24/hook-client';
import { createOAuthRest, NotInstalledError } from '@/lib/crm/bitrix24/oauth-client';
import { webhookUrlStore } from '@/lib/crm/bitrix24/portal-auth';
import type { Bitrix24Rest } from '@/lib/crm/bitrix24/rest';
import type { SetupUrls } from '@/lib/crm/bitrix24/setup';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { ServiceUnavailableError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { getSetting } from '@/lib/settings/settings';

/** What the Bitrix24 flows need: the database, the secret box, our app's credentials and URL. */
export interface Bitrix24Deps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  /** The Market app's credentials; null in a deployment that serves webhook-mode portals only. */
  app: { clientId: string; clientSecret: string } | null;
  /** Public base URL: the handler URLs bound on portals are built from it. */
  appUrl: string;
  enqueue(job: EnqueueRequest): Promise<string | null>;
  /** Extra trusted CAs (PEM) for https portals: tests' simulators, on-premise private CAs. */
  ca?: string;
  /** Drops the tenant's queued jobs (uninstall). */
  cancelTenantJobs(tenantId: string): Promise<number>;
}

/** The route handlers' dependencies: the flows', plus the keys of the pages they send frames to. */
export interface Bitrix24RouteDeps extends Bitrix24Deps {
  /** Signs the portal origin that may frame our pages (lib/http/frame-host). */
  frameHostKey: Buffer;
  /** Signs embed tokens (lib/auth/embed-token). */
  embedKey: Uint8Array;
  /** Signs the one-time codes that sign a webhook-mode admin in (lib/auth/tab-code). */
  tabCodeKey: Uint8Array;
  /** The frame entry points' rate limits (lib/http/public-rate-limit); off when unset. */
  publicLimits?: { trustedProxyHops: number };
}

/** 503: a Market-app flow in a deployment without B24_CLIENT_ID / B24_CLIENT_SECRET. */
export class Bitrix24NotConfiguredError extends ServiceUnavailableError {
  constructor() {
    super('B24_CLIENT_ID and B24_CLIENT_SECRET are not set: this deployment has no Bitrix24 Market app');
  }
}

export function requireApp(deps: Pick<Bitrix24Deps, 'app'>): { clientId: string; clientSecret: string } {
  if (!deps.app) throw new Bitrix24NotConfiguredError();
  return deps.app;
}

export function handlerUrls(appUrl: string): SetupUrls {
  return {
    events: `${appUrl}/api/bitrix24/events`,
    placement: `${appUrl}/api/bitrix24/placement`,
    robot: `${appUrl}/api/bitrix24/robot`,
  };
}

/** The REST client of a portal: the Market install's OAuth pair, or webhook mode's inbound URL. */
export type PortalClientDeps = Pick<
  Bitrix24Deps,
  'database' | 'secrets' | 'allowHttpLoopback' | 'app' | 'ca'
>;

export async function portalRest(deps: PortalClientDeps, tenantId: string): Promise<Bitrix24Rest> {
  const tenant = await getTenantById(deps.database.db, { tenantId });
  if (tenant?.kind !== 'bitrix24_webhook') {
    // An on-premise portal on plain http, as its admin confirmed in the settings (never a private address).
    const allowHttp = await getSetting(deps.database.db, { tenantId, key: 'allowHttpPortal' });
    return createOAuthRest({ ...deps, app: requireApp(deps) }, { tenantId, allowHttp });
  }
  const stored = await loadSecret(
    webhookUrlStore({ database: deps.database, secrets: deps.secrets, tenantId }),
  );
  if (!stored) throw new NotInstalledError();
  return createHookRest({
    database: deps.database,
    bucketOwner: tenantId,
    webhookUrl: stored.webhookUrl,
    allowHttpLoopback: deps.allowHttpLoopback,
    ca: deps.ca,
  });
}
