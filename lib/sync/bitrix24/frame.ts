import { findTenant } from '@/db/queries/tenants';
import { type EmbedClaims, mintEmbedToken } from '@/lib/auth/embed-token';
import { loadSecret } from '@/lib/auth/refresh-lease';
import { confirmFrameUser, frameUserSeesDeal } from '@/lib/crm/bitrix24/frame-user';
import type { FrameRequest } from '@/lib/crm/bitrix24/inbound';
import { applicationTokenStore, portalAuthStore } from '@/lib/crm/bitrix24/portal-auth';
import { UnauthorizedError } from '@/lib/http/errors';
import { frameHostQuery } from '@/lib/http/frame-host';
import { safeEqual } from '@/lib/http/route';
import { getSetting } from '@/lib/settings/settings';
import type { Bitrix24RouteDeps } from './deps';
import { installFromFrame } from './install';

/**
 * A frame (the app's main page or a placement in a card) opened by a Bitrix24 user: checked in
 * three steps — the portal is installed (member_id), the POST came from it (APPLICATION_TOKEN, in
 * constant time), and the user is real (AUTH_ID confirmed with the portal) — then an embed token is
 * minted and the frame goes to the GET page for the placement.
 */

export interface FrameOpening {
  /** The page to send the frame to (path and query; the token travels in the fragment). */
  location: string;
  /** Null when the frame only gets a notice (the app must be installed again). */
  claims: EmbedClaims | null;
}

const PAGES: Record<string, { path: string; entity: 'contact' | 'deal' | null }> = {
  DEFAULT: { path: '/bitrix24/settings', entity: null },
  CRM_CONTACT_DETAIL_TAB: { path: '/bitrix24/contact', entity: 'contact' },
  CRM_DEAL_DETAIL_TAB: { path: '/bitrix24/deal', entity: 'deal' },
  CRM_DEAL_DETAIL_TOOLBAR: { path: '/bitrix24/deal', entity: 'deal' },
};
const BOOKING_PAGE = { path: '/bitrix24/booking', entity: 'deal' as const };

function placementOptions(options: string | undefined): Record<string, unknown> {
  if (!options) return {};
  try {
    const parsed = JSON.parse(options) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function placementEntityId(options: string | undefined): string | null {
  const parsed = placementOptions(options);
  const id = parsed.ID ?? parsed.ENTITY_ID;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * The app's main page opened by our deal tab in a slider (BX24.openApplication: PLACEMENT=DEFAULT,
 * our own params as PLACEMENT_OPTIONS): the booking calendar of that deal.
 */
function bookingDealOf(frame: FrameRequest): string | null {
  if (frame.PLACEMENT !== 'DEFAULT') return null;
  const options = placementOptions(frame.PLACEMENT_OPTIONS);
  const deal = options.deal;
  return options.open === 'booking' && typeof deal === 'string' && /^\d{1,18}$/.test(deal) ? deal : null;
}

export async function openFrame(deps: Bitrix24RouteDeps, frame: FrameRequest): Promise<FrameOpening> {
  const refuse = () => new UnauthorizedError('This frame is not from a portal where the app is installed');
  const tenant = await findTenant(deps.database.db, { kind: 'bitrix24', externalId: frame.member_id });
  if (!tenant || tenant.domain !== frame.DOMAIN) throw refuse();
  if (tenant.status !== 'active' && tenant.status !== 'needs_reinstall') throw refuse();
  const scope = { database: deps.database, secrets: deps.secrets, tenantId: tenant.id };
  const [appToken, auth] = await Promise.all([
    loadSecret(applicationTokenStore(scope)),
    loadSecret(portalAuthStore(scope)),
  ]);
  if (!appToken || !auth || !safeEqual(appToken.applicationToken, frame.APPLICATION_TOKEN)) throw refuse();
  const asUser = {
    database: deps.database,
    tenantId: tenant.id,
    clientEndpoint: auth.clientEndpoint,
    accessToken: frame.AUTH_ID,
    allowHttpLoopback: deps.allowHttpLoopback,
    allowHttp: await getSetting(deps.database.db, { tenantId: tenant.id, key: 'allowHttpPortal' }),
  };
  const user = await confirmFrameUser(asUser);
  if (!user) throw new UnauthorizedError('Bitrix24 did not confirm the user of this frame');
  if (tenant.status === 'needs_reinstall') {
    // Our refresh token died (invalid_grant). An admin opening the app hands us a fresh pair: the
    // same verified install as the installer frame's (app.info on the OAuth server) heals the
    // portal. Anyone else is told to ask an admin; a manager's tokens never become the sync's.
    if (!user.admin || frame.PLACEMENT !== 'DEFAULT' || !frame.REFRESH_ID) {
      const query = new URLSearchParams({ lang: frame.LANG === 'en' ? 'en' : 'ru' });
      return { location: `/bitrix24/reinstall?${query}`, claims: null };
    }
    await installFromFrame(deps, frame);
  }

  const bookingDeal = bookingDealOf(frame);
  if (bookingDeal && !(await frameUserSeesDeal({ ...asUser, dealId: bookingDeal }))) {
    throw new UnauthorizedError('Bitrix24 did not show this deal to the user of this frame');
  }
  const page = bookingDeal ? BOOKING_PAGE : (PAGES[frame.PLACEMENT] ?? PAGES.DEFAULT);
  const entityId = bookingDeal ?? (page?.entity ? placementEntityId(frame.PLACEMENT_OPTIONS) : null);
  const claims: EmbedClaims = {
    tenantId: tenant.id,
    crm: 'bitrix24',
    userId: user.id,
    admin: user.admin,
    locale: frame.LANG === 'en' ? 'en' : 'ru',
    entity: page?.entity && entityId ? { type: page.entity, id: entityId } : null,
    hostOrigin: new URL(auth.clientEndpoint).origin,
  };
  const token = await mintEmbedToken(deps.embedKey, claims);
  const query = new URLSearchParams({
    lang: claims.locale,
    ...frameHostQuery(deps.frameHostKey, claims.hostOrigin),
  });
  return { location: `${page?.path ?? '/bitrix24/settings'}?${query}#token=${token}`, claims };
}
