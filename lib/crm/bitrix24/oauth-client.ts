import { B24OAuth, type HandlerRefreshAuth } from '@bitrix24/b24jssdk';
import type { Database } from '@/db/client';
import { setTenantStatus } from '@/db/queries/tenants';
import { refreshUnderLease } from '@/lib/auth/refresh-lease';
import type { SecretBox } from '@/lib/crypto/secret-box';
import { acquire } from '@/lib/queue/rate-limiter';
import type { Tier } from '@/lib/queue/rate-limits';
import { exchangeRecorder } from '@/lib/rest-log/recorder';
import type { Bitrix24ReinstallRequiredError } from './errors';
import { refreshTokens } from './oauth-server';
import { loadPortalAuth, type PortalAuth, portalAuthStore } from './portal-auth';
import { type Bitrix24Rest, createRest } from './rest';
import { SDK_RESTRICTIONS_OFF, takeOverTransport } from './sdk-transport';

/**
 * A Market-install client for one portal: B24OAuth from @bitrix24/b24jssdk with the stored pair.
 * Its refresh goes through `setCustomRefreshAuth`, so the SDK never refreshes on its own: we take
 * the refresh lease (one refresh across all processes), unless another process already stored a
 * newer pair, which we then use. `invalid_grant` marks the tenant as needing re-install.
 */

export class NotInstalledError extends Error {
  readonly code = 'BITRIX24_NOT_INSTALLED' as const;
  constructor() {
    super('This portal has no stored Bitrix24 tokens: install the app again');
    this.name = 'NotInstalledError';
  }
}

export interface OAuthClientDeps {
  database: Database;
  secrets: SecretBox;
  allowHttpLoopback: boolean;
  app: { clientId: string; clientSecret: string };
}

/** Margin before expiry at which a stored token no longer counts as usable. */
const EXPIRY_MARGIN_S = 60;
const usableToken = (auth: PortalAuth) => auth.expires - EXPIRY_MARGIN_S > Date.now() / 1000;

function toHandlerAuth(auth: PortalAuth): HandlerRefreshAuth {
  return {
    access_token: auth.accessToken,
    refresh_token: auth.refreshToken,
    expires: String(auth.expires),
    expires_in: String(Math.max(0, Math.round(auth.expires - Date.now() / 1000))),
    client_endpoint: auth.clientEndpoint,
    server_endpoint: auth.serverEndpoint,
    member_id: auth.memberId,
    scope: auth.scope,
    status: auth.status,
    domain: auth.domain,
  } as unknown as HandlerRefreshAuth;
}

export async function createOAuthRest(
  deps: OAuthClientDeps,
  params: { tenantId: string; tier?: Tier; allowHttp?: boolean },
): Promise<Bitrix24Rest> {
  const store = portalAuthStore({
    database: deps.database,
    secrets: deps.secrets,
    tenantId: params.tenantId,
  });
  const stored = await loadPortalAuth(store);
  if (!stored) throw new NotInstalledError();
  let current = stored;

  const b24 = new B24OAuth(
    {
      applicationToken: stored.applicationToken,
      userId: stored.userId ?? 0,
      memberId: stored.memberId,
      accessToken: stored.accessToken,
      refreshToken: stored.refreshToken,
      expires: stored.expires,
      expiresIn: Math.max(0, Math.round(stored.expires - Date.now() / 1000)),
      scope: stored.scope,
      domain: stored.domain,
      clientEndpoint: stored.clientEndpoint,
      serverEndpoint: stored.serverEndpoint,
      status: stored.status as 'F',
    },
    deps.app,
    { restrictionParams: SDK_RESTRICTIONS_OFF },
  );
  b24.offClientSideWarning();
  takeOverTransport(b24, {
    database: deps.database,
    tenantId: params.tenantId,
    tier: params.tier,
    allowHttpLoopback: deps.allowHttpLoopback,
    allowHttp: params.allowHttp,
  });

  b24.setCustomRefreshAuth(async () => {
    const known = current;
    const newer = (_before: PortalAuth | null, now: PortalAuth) =>
      now.accessToken !== known.accessToken && usableToken(now);
    const latest = await loadPortalAuth(store);
    if (latest && newer(null, latest)) {
      current = latest;
      return toHandlerAuth(latest);
    }
    current = await refreshUnderLease(
      store,
      async (inStore) => {
        const base = inStore ?? known;
        await acquire(deps.database, { target: 'bitrix24', tenantId: params.tenantId, tier: params.tier });
        const fresh = await refreshTokens({
          serverEndpoint: base.serverEndpoint,
          allowHttpLoopback: deps.allowHttpLoopback,
          clientId: deps.app.clientId,
          clientSecret: deps.app.clientSecret,
          refreshToken: base.refreshToken,
          restLog: exchangeRecorder(deps.database, { tenantId: params.tenantId, system: 'bitrix24' }),
        });
        return {
          ...base,
          accessToken: fresh.access_token,
          refreshToken: fresh.refresh_token,
          expires: fresh.expires ?? Math.floor(Date.now() / 1000) + fresh.expires_in,
          // The endpoints stay those verified at install: a refresh answer cannot move the portal.
          scope: fresh.scope || base.scope,
          status: fresh.status || base.status,
        };
      },
      newer,
    );
    return toHandlerAuth(current);
  });

  return createRest(b24, {
    database: deps.database,
    tenantId: params.tenantId,
    async onReinstallRequired(_error: Bitrix24ReinstallRequiredError) {
      await setTenantStatus(deps.database.db, { tenantId: params.tenantId, status: 'needs_reinstall' });
    },
  });
}
