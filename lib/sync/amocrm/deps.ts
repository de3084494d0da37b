import type { Database } from '@/db/client';
import { getTenantById, setTenantStatus } from '@/db/queries/tenants';
import { accountBaseUrl } from '@/lib/crm/amocrm/account-url';
import { type AmocrmClient, createAmocrmClient } from '@/lib/crm/amocrm/api-client';
import type { IntegrationKeys } from '@/lib/crm/amocrm/oauth';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { ForbiddenError, ServiceUnavailableError } from '@/lib/http/errors';
import type { EnqueueRequest } from '@/lib/queue/lanes';

/** What the amoCRM flows need: the database, the secret box, our integration's keys and URL. */
export interface AmocrmDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  /** Null in a deployment without an amoCRM integration. */
  keys: IntegrationKeys | null;
  appUrl: string;
  enqueue(job: EnqueueRequest): Promise<string | null>;
  cancelTenantJobs(tenantId: string): Promise<number>;
}

export class AmocrmNotConfiguredError extends ServiceUnavailableError {
  constructor() {
    super('AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET are not set: this deployment has no amoCRM integration');
  }
}

export function requireKeys(deps: Pick<AmocrmDeps, 'keys'>): IntegrationKeys {
  if (!deps.keys) throw new AmocrmNotConfiguredError();
  return deps.keys;
}

/** The API client of a connected account (its host is the one verified at connect). */
export async function accountClient(
  deps: Pick<AmocrmDeps, 'database' | 'secrets' | 'allowHttpLoopback' | 'keys'>,
  tenantId: string,
): Promise<AmocrmClient> {
  const tenant = await getTenantById(deps.database.db, { tenantId });
  if (tenant?.kind !== 'amocrm' || tenant.status !== 'active') {
    throw new ForbiddenError('The amoCRM integration is not connected for this account');
  }
  const baseUrl = accountBaseUrl(tenant.domain, deps.allowHttpLoopback);
  if (!baseUrl) throw new ForbiddenError(`The account host ${tenant.domain} is not allowed`);
  return createAmocrmClient(
    {
      database: deps.database,
      secrets: deps.secrets,
      allowHttpLoopback: deps.allowHttpLoopback,
      keys: requireKeys(deps),
    },
    {
      tenantId,
      baseUrl,
      onReconnectRequired: () => setTenantStatus(deps.database.db, { tenantId, status: 'needs_reinstall' }),
    },
  );
}
