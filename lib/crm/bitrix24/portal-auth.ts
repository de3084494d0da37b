import type { Database } from '@/db/client';
import { type LeasedSecret, loadSecret, saveSecret } from '@/lib/auth/refresh-lease';
import type { SecretBox } from '@/lib/crypto/secret-box';

/**
 * What a Market install leaves us, encrypted at rest (credentials table): the OAuth pair with the
 * portal's endpoints, and, separately, the application token that authenticates the portal's
 * events to us (api-reference/events/safe-event-handlers.md).
 */

export interface PortalAuth {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds. */
  expires: number;
  clientEndpoint: string;
  serverEndpoint: string;
  memberId: string;
  domain: string;
  scope: string;
  status: string;
  userId: number | null;
  /** The application token of the install these tokens came from. */
  applicationToken: string;
}

export const PORTAL_AUTH_KIND = 'bitrix24-oauth';
export const APPLICATION_TOKEN_KIND = 'bitrix24-application-token';
export const WEBHOOK_URL_KIND = 'bitrix24-webhook-url';

export function portalAuthStore(params: {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
}): LeasedSecret<PortalAuth> {
  return { ...params, kind: PORTAL_AUTH_KIND, expiresAt: (auth) => new Date(auth.expires * 1000) };
}

export function applicationTokenStore(params: {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
}): LeasedSecret<{ applicationToken: string }> {
  return { ...params, kind: APPLICATION_TOKEN_KIND, expiresAt: () => null };
}

/** Webhook mode: the inbound webhook URL (it holds the secret). */
export function webhookUrlStore(params: {
  database: Database;
  secrets: SecretBox;
  tenantId: string;
}): LeasedSecret<{ webhookUrl: string }> {
  return { ...params, kind: WEBHOOK_URL_KIND, expiresAt: () => null };
}

export const loadPortalAuth = (store: LeasedSecret<PortalAuth>) => loadSecret(store);
export const savePortalAuth = (store: LeasedSecret<PortalAuth>, auth: PortalAuth) => saveSecret(store, auth);
