import { appendJournal } from '@/db/queries/journal';
import { findTenant, type Tenant, upsertTenant } from '@/db/queries/tenants';
import { loadSecret, saveSecret } from '@/lib/auth/refresh-lease';
import { Bitrix24UnverifiedError } from '@/lib/crm/bitrix24/errors';
import type { Bitrix24Event, FrameRequest } from '@/lib/crm/bitrix24/inbound';
import { clientEndpointOf } from '@/lib/crm/bitrix24/inbound';
import { verifyAccessToken } from '@/lib/crm/bitrix24/oauth-server';
import { applicationTokenStore, type PortalAuth, portalAuthStore } from '@/lib/crm/bitrix24/portal-auth';
import { ensurePortalSetup, type SetupReport } from '@/lib/crm/bitrix24/setup';
import { UnauthorizedError } from '@/lib/http/errors';
import { type Bitrix24Deps, handlerUrls, portalRest, requireApp } from './deps';
import { SETUP_JOB } from './job-names';

/**
 * A Market install, from the installer frame (its tokens are primary) or from ONAPPINSTALL (which
 * may arrive late, or alone for a headless install). Nothing is stored until `app.info` on the
 * portal's OAuth server — one of the two allowed hosts — confirms the token, that it is our app's
 * and that it is this portal's (DESIGN.md "Never send a secret to a host we did not verify").
 */

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

interface InstallClaim {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  serverEndpoint: string;
  clientEndpoint: string;
  memberId: string;
  applicationToken: string;
  locale: string;
}

/** Verifies the claim with the OAuth server, then creates or updates the tenant and its secrets. */
async function recordInstall(
  deps: Bitrix24Deps,
  claim: InstallClaim,
  options: { tokensArePrimary: boolean },
): Promise<{ tenant: Tenant; stored: boolean }> {
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken({
      serverEndpoint: claim.serverEndpoint,
      allowHttpLoopback: deps.allowHttpLoopback,
      accessToken: claim.accessToken,
      clientId: requireApp(deps).clientId,
      memberId: claim.memberId,
    });
  } catch (error) {
    if (error instanceof Bitrix24UnverifiedError) throw new UnauthorizedError(error.message);
    throw error;
  }
  if (hostOf(claim.clientEndpoint) !== verified.domain) {
    throw new UnauthorizedError('Bitrix24 install not verified: the portal domain does not match the token');
  }
  const tenant = await upsertTenant(deps.database.db, {
    kind: 'bitrix24',
    externalId: verified.memberId,
    domain: verified.domain,
    locale: claim.locale === 'en' ? 'en' : 'ru',
  });
  const scope = { database: deps.database, secrets: deps.secrets, tenantId: tenant.id };
  const auth: PortalAuth = {
    accessToken: claim.accessToken,
    refreshToken: claim.refreshToken,
    expires: Math.floor(Date.now() / 1000) + claim.expiresIn,
    clientEndpoint: claim.clientEndpoint,
    serverEndpoint: claim.serverEndpoint,
    memberId: verified.memberId,
    domain: verified.domain,
    scope: verified.scope,
    status: verified.status,
    userId: verified.userId,
    applicationToken: claim.applicationToken,
  };
  const current = await loadSecret(portalAuthStore(scope));
  // The installer frame's tokens win over a late ONAPPINSTALL of the same installation.
  const keep = !options.tokensArePrimary && current?.applicationToken === claim.applicationToken;
  if (!keep) await saveSecret(portalAuthStore(scope), auth);
  await saveSecret(applicationTokenStore(scope), { applicationToken: claim.applicationToken });
  return { tenant, stored: !keep };
}

export async function runPortalSetup(deps: Bitrix24Deps, tenantId: string): Promise<SetupReport> {
  const report = await ensurePortalSetup(await portalRest(deps, tenantId), handlerUrls(deps.appUrl));
  await appendJournal(deps.database.db, {
    tenantId,
    direction: 'internal',
    operation: 'bitrix24.setup',
    status: report.errors.length === 0 ? 'ok' : 'error',
    error: report.errors.join('; ') || undefined,
    // An incomplete setup is done again by its job (what binds it is idempotent).
    details: report.errors.length === 0 ? report : { ...report, retry: { job: SETUP_JOB, payload: {} } },
  });
  if (report.robot.skipped) {
    // An install from before the app asked for `bizproc`: the admin re-installs to get the robot.
    await appendJournal(deps.database.db, {
      tenantId,
      direction: 'internal',
      operation: 'bitrix24.robot.setup',
      status: 'skipped',
      error: `The bonus robot is not registered: the installation lacks the bizproc scope (${report.robot.skipped})`,
    });
  }
  return report;
}

export interface FrameInstallResult {
  tenantId: string;
  setup: SetupReport | null;
  setupError: string | null;
}

/** The installer frame: verify, store, then bind what the app needs before installFinish. */
export async function installFromFrame(deps: Bitrix24Deps, frame: FrameRequest): Promise<FrameInstallResult> {
  if (!frame.REFRESH_ID) throw new UnauthorizedError('The installer frame carried no refresh token');
  const { tenant } = await recordInstall(
    deps,
    {
      accessToken: frame.AUTH_ID,
      refreshToken: frame.REFRESH_ID,
      expiresIn: frame.AUTH_EXPIRES,
      serverEndpoint: frame.SERVER_ENDPOINT,
      clientEndpoint: clientEndpointOf(frame),
      memberId: frame.member_id,
      applicationToken: frame.APPLICATION_TOKEN,
      locale: frame.LANG,
    },
    { tokensArePrimary: true },
  );
  try {
    return { tenantId: tenant.id, setup: await runPortalSetup(deps, tenant.id), setupError: null };
  } catch (error) {
    // The binding is retried by a job; the page says so rather than failing the install.
    await deps.enqueue({ kind: SETUP_JOB, tenantId: tenant.id, payload: {} });
    return { tenantId: tenant.id, setup: null, setupError: (error as Error).message };
  }
}

/** ONAPPINSTALL: the same verification; the binding runs as a job (the event is answered at once). */
export async function installFromEvent(
  deps: Bitrix24Deps,
  event: Bitrix24Event,
): Promise<{ tenantId: string }> {
  const auth = event.auth;
  if (!auth.access_token || !auth.refresh_token || !auth.server_endpoint || !auth.client_endpoint) {
    throw new UnauthorizedError('ONAPPINSTALL without tokens cannot be verified');
  }
  const existing = await findTenant(deps.database.db, { kind: 'bitrix24', externalId: auth.member_id });
  const { tenant } = await recordInstall(
    deps,
    {
      accessToken: auth.access_token,
      refreshToken: auth.refresh_token,
      expiresIn: auth.expires_in ?? 3600,
      serverEndpoint: auth.server_endpoint,
      clientEndpoint: auth.client_endpoint,
      memberId: auth.member_id,
      applicationToken: auth.application_token,
      locale: String((event.data?.LANGUAGE_ID as string | undefined) ?? existing?.locale ?? 'ru'),
    },
    { tokensArePrimary: false },
  );
  await deps.enqueue({ kind: SETUP_JOB, tenantId: tenant.id, payload: {} });
  return { tenantId: tenant.id };
}
