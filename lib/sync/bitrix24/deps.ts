import type { Database } from '@/db/client';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { Bitrix24Rest } from '@/lib/crm/bitrix24/rest';
import type { SetupUrls } from '@/lib/crm/bitrix24/setup';
import type { SecretBox } from '@/lib/crypto/secret-box';
import type { EnqueueRequest } from '@/lib/queue/lanes';

/** What the Bitrix24 flows need: the database, the secret box, our app's credentials and URL. */
export interface Bitrix24Deps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  app: { clientId: string; clientSecret: string };
  /** Public base URL: the handler URLs bound on portals are built from it. */
  appUrl: string;
  enqueue(job: EnqueueRequest): Promise<string | null>;
  /** Drops the tenant's queued jobs (uninstall). */
  cancelTenantJobs(tenantId: string): Promise<number>;
}

/** The route handlers' dependencies: the flows', plus the keys of the pages they send frames to. */
export interface Bitrix24RouteDeps extends Bitrix24Deps {
  /** Signs the portal origin that may frame our pages (lib/http/frame-host). */
  frameHostKey: Buffer;
  /** Signs embed tokens (lib/auth/embed-token). */
  embedKey: Uint8Array;
}

export class Bitrix24NotConfiguredError extends Error {
  readonly code = 'BITRIX24_NOT_CONFIGURED' as const;
  constructor() {
    super('B24_CLIENT_ID and B24_CLIENT_SECRET are not set: this deployment has no Bitrix24 app');
    this.name = 'Bitrix24NotConfiguredError';
  }
}

export function handlerUrls(appUrl: string): SetupUrls {
  return { events: `${appUrl}/api/bitrix24/events`, placement: `${appUrl}/api/bitrix24/placement` };
}

export function portalRest(deps: Bitrix24Deps, tenantId: string): Promise<Bitrix24Rest> {
  return createOAuthRest(deps, { tenantId });
}
