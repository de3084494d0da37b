import { createHmac } from 'node:crypto';
import { deleteCredentials } from '@/db/queries/credentials';
import { appendJournal } from '@/db/queries/journal';
import { findTenant, setTenantStatus } from '@/db/queries/tenants';
import { UnauthorizedError } from '@/lib/http/errors';
import { safeEqual } from '@/lib/http/route';
import { type AmocrmDeps, requireKeys } from './deps';
import { accountIdentities } from './webhooks';

/**
 * The integration's disconnect hook (reference/amocrm.md §2.3): `GET ?account_id&client_uuid&
 * signature`, the signature hex(HMAC-SHA256(client_secret, "<client_uuid>|<account_id>")). Verified
 * first; then the account's credentials are wiped and its queued jobs cancelled. A missing account
 * counts as done (a repeated hook).
 */
export async function disconnectAmocrmAccount(
  deps: AmocrmDeps,
  query: { accountId: string | null; clientUuid: string | null; signature: string | null },
): Promise<'disconnected' | 'unknown'> {
  const keys = requireKeys(deps);
  const { accountId, clientUuid, signature } = query;
  if (!accountId || !clientUuid || !signature || clientUuid !== keys.clientId) {
    throw new UnauthorizedError('Not a disconnect request of this integration');
  }
  const expected = createHmac('sha256', keys.clientSecret).update(`${clientUuid}|${accountId}`).digest('hex');
  if (!safeEqual(expected, signature.toLowerCase()))
    throw new UnauthorizedError('The disconnect signature is wrong');
  const tenant = await findTenant(deps.database.db, { kind: 'amocrm', externalId: accountId });
  if (!tenant) return 'unknown';
  await deleteCredentials(deps.database.db, { tenantId: tenant.id });
  await setTenantStatus(deps.database.db, { tenantId: tenant.id, status: 'uninstalled' });
  accountIdentities.forget(deps.database);
  const cancelled = await deps.cancelTenantJobs(tenant.id);
  await appendJournal(deps.database.db, {
    tenantId: tenant.id,
    direction: 'internal',
    operation: 'amocrm.disconnect',
    status: 'ok',
    details: { cancelledJobs: cancelled },
  });
  return 'disconnected';
}
