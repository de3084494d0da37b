import { appendJournal } from '@/db/queries/journal';
import { upsertTenant } from '@/db/queries/tenants';
import { saveSecret } from '@/lib/auth/refresh-lease';
import { Bitrix24ApiError } from '@/lib/crm/bitrix24/errors';
import { createHookRest, InvalidWebhookUrlError, parseWebhookUrl } from '@/lib/crm/bitrix24/hook-client';
import { applicationTokenStore, webhookUrlStore } from '@/lib/crm/bitrix24/portal-auth';
import { ForbiddenError, InvalidRequestError } from '@/lib/http/errors';
import { assertUrlAllowed, publicHostPolicy, UrlGuardError } from '@/lib/http/url-guard';
import { setSetting } from '@/lib/settings/settings';
import type { Bitrix24Deps } from './deps';

/**
 * Connecting a portal in webhook mode (DESIGN.md "Identity"): the admin gives an inbound webhook
 * URL; it must work, and `profile` must say ADMIN (the SDK assumes admin for hooks; we do not).
 * Then the portal becomes a tenant whose outgoing webhook posts to
 * `/api/bitrix24/hooks/<connection id>`; the outgoing webhook's application token, pasted by the
 * admin (now or later, once the outgoing webhook exists), authenticates those posts. Nothing is
 * stored unless the URL works and belongs to an admin.
 */

export interface WebhookConnection {
  connectionId: string;
  portal: string;
  hookUrl: string;
  admin: { id: string; name: string };
  applicationTokenSet: boolean;
}

interface Profile {
  ID: string | number;
  ADMIN?: boolean;
  NAME?: string;
  LAST_NAME?: string;
}

export async function connectWebhookPortal(
  deps: Bitrix24Deps,
  input: { webhookUrl: unknown; applicationToken?: unknown },
): Promise<WebhookConnection> {
  if (typeof input.webhookUrl !== 'string')
    throw new InvalidRequestError('The inbound webhook address is required');
  const applicationToken = typeof input.applicationToken === 'string' ? input.applicationToken.trim() : '';
  let origin: string;
  try {
    origin = parseWebhookUrl(input.webhookUrl).origin;
    assertUrlAllowed(
      input.webhookUrl.trim(),
      publicHostPolicy({ allowHttpLoopback: deps.allowHttpLoopback }),
    );
  } catch (error) {
    if (error instanceof InvalidWebhookUrlError || error instanceof UrlGuardError) {
      throw new InvalidRequestError(error.message);
    }
    throw error;
  }
  const host = new URL(origin).host;
  const rest = createHookRest({
    database: deps.database,
    bucketOwner: `portal:${host}`,
    webhookUrl: input.webhookUrl,
    allowHttpLoopback: deps.allowHttpLoopback,
    ca: deps.ca,
  });
  let profile: Profile;
  let scopes: string[];
  try {
    const outcome = await rest.batch<unknown>({ profile: ['profile'], scope: ['scope'] });
    const failure = Object.values(outcome.errors)[0];
    if (failure) throw new Bitrix24ApiError('profile', 401, failure.error, failure.error_description);
    profile = outcome.results.profile as Profile;
    scopes = outcome.results.scope as string[];
  } catch (error) {
    if (error instanceof Bitrix24ApiError || (error as { code?: string }).code === 'BITRIX24_API_ERROR') {
      throw new InvalidRequestError(`Bitrix24 did not accept this webhook: ${(error as Error).message}`);
    }
    throw error;
  }
  if (profile.ADMIN !== true) {
    throw new ForbiddenError('This webhook belongs to a user who is not an administrator of the portal');
  }
  if (!scopes.includes('crm')) throw new InvalidRequestError('The webhook needs the "crm" permission');

  const tenant = await upsertTenant(deps.database.db, {
    kind: 'bitrix24_webhook',
    externalId: host,
    domain: host,
  });
  const scope = { database: deps.database, secrets: deps.secrets, tenantId: tenant.id };
  await saveSecret(webhookUrlStore(scope), { webhookUrl: input.webhookUrl.trim() });
  if (applicationToken) await saveSecret(applicationTokenStore(scope), { applicationToken });
  // Reconciliation starts from now; what existed before is the initial import's job.
  await setSetting(deps.database.db, {
    tenantId: tenant.id,
    key: 'bitrix24ReconciledUntil',
    value: new Date().toISOString(),
  });
  await appendJournal(deps.database.db, {
    tenantId: tenant.id,
    direction: 'internal',
    operation: 'bitrix24.webhook.connect',
    status: 'ok',
    details: { adminId: String(profile.ID), applicationTokenSet: Boolean(applicationToken) },
  });
  return {
    connectionId: tenant.id,
    portal: host,
    hookUrl: `${deps.appUrl}/api/bitrix24/hooks/${tenant.id}`,
    admin: { id: String(profile.ID), name: [profile.NAME, profile.LAST_NAME].filter(Boolean).join(' ') },
    applicationTokenSet: Boolean(applicationToken),
  };
}
