import { dedupeKeyOf } from '@/db/queries/inbox';
import { findTenant, getTenantById, type Tenant } from '@/db/queries/tenants';
import { loadSecret } from '@/lib/auth/refresh-lease';
import { type Bitrix24Event, eventEntityId, eventSchema, parseForm } from '@/lib/crm/bitrix24/inbound';
import { applicationTokenStore } from '@/lib/crm/bitrix24/portal-auth';
import { InvalidRequestError, UnauthorizedError } from '@/lib/http/errors';
import { safeEqual } from '@/lib/http/route';
import { windowJob } from '@/lib/queue/lanes';
import { identityCache } from '../identity-cache';
import { storeInbound } from '../inbox-writer';
import type { Bitrix24Deps } from './deps';
import { installFromEvent } from './install';
import { ENTITY_SYNC_JOB, OFFLINE_DRAIN_JOB } from './job-names';
import { uninstallTenant } from './uninstall';

/**
 * POST /api/bitrix24/events: every event we bind, and the "Installation event handler URL".
 * The application token is the only proof an event is genuine (safe-event-handlers.md): it is
 * compared in constant time with the one stored for the portal at a verified install. A forged or
 * unknown event is refused with 401 before anything is stored or any portal is called.
 * ONAPPINSTALL carries tokens and is verified with the OAuth server instead.
 *
 * A CRM event's entity-sync job is one per portal and second (windowJob): a burst of events is one
 * job, which starts after every event of its second is stored. ONOFFLINEEVENT's drain is sent
 * without coalescing: it is rate-limited by its minTimeout.
 */

export const MAX_EVENT_BYTES = 64 * 1024;

/** CRM events we act on: the job reads the entity, so only its id matters. */
export const CRM_EVENTS = new Set([
  'ONCRMCONTACTADD',
  'ONCRMCONTACTUPDATE',
  'ONCRMCONTACTDELETE',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
]);

export type EventOutcome = 'installed' | 'uninstalled' | 'queued' | 'drain' | 'ignored';

function parseEvent(rawBody: string): Bitrix24Event {
  const parsed = eventSchema.safeParse(parseForm(rawBody));
  if (!parsed.success) throw new InvalidRequestError('Not a Bitrix24 event: event and auth[…] are required');
  return parsed.data;
}

/**
 * The installed portal a request from Bitrix24 says it comes from (`auth[member_id]`), when its
 * `auth[application_token]` is the one stored at the verified install; else 401 with `refusal`.
 */
export async function authenticPortal(
  deps: Pick<Bitrix24Deps, 'database' | 'secrets'>,
  auth: { member_id: string; application_token: string },
  refusal: string,
): Promise<Tenant> {
  const load = async () => {
    const tenant = await findTenant(deps.database.db, { kind: 'bitrix24', externalId: auth.member_id });
    const stored = tenant
      ? await loadSecret(
          applicationTokenStore({ database: deps.database, secrets: deps.secrets, tenantId: tenant.id }),
        )
      : null;
    return tenant && stored ? { tenant, applicationToken: stored.applicationToken } : null;
  };
  const matches = (portal: { applicationToken: string }) =>
    safeEqual(portal.applicationToken, auth.application_token);
  // A re-install elsewhere may have changed the token since it was remembered: read again.
  const portal = await portalIdentities.get(deps.database, auth.member_id, load, (p) => !matches(p));
  if (!portal || !matches(portal)) throw new UnauthorizedError(refusal);
  return portal.tenant;
}

/** Installed portals and their application tokens, by member_id (identity-cache.ts). */
export const portalIdentities = identityCache<{ tenant: Tenant; applicationToken: string }>(
  'bitrix24-portal',
  5_000,
);

export async function receiveBitrix24Event(deps: Bitrix24Deps, rawBody: string): Promise<EventOutcome> {
  const event = parseEvent(rawBody);
  if (event.event === 'ONAPPINSTALL') {
    await installFromEvent(deps, event);
    portalIdentities.forget(deps.database, event.auth.member_id);
    return 'installed';
  }
  const tenant = await authenticPortal(
    deps,
    event.auth,
    'This event is not from a portal where the app is installed',
  );

  if (event.event === 'ONAPPUNINSTALL') {
    await uninstallTenant(deps, tenant, String(event.data?.CLEAN ?? '0') === '1');
    portalIdentities.forget(deps.database, event.auth.member_id);
    return 'uninstalled';
  }
  if (event.event === 'ONOFFLINEEVENT') {
    await deps.enqueue({ kind: OFFLINE_DRAIN_JOB, tenantId: tenant.id, payload: {} });
    return 'drain';
  }
  return acceptCrmEvent(deps, tenant.id, event, rawBody);
}

/** A CRM event of an authenticated portal: stored, then its entity is read by a job. */
async function acceptCrmEvent(
  deps: Bitrix24Deps,
  tenantId: string,
  event: Bitrix24Event,
  rawBody: string,
): Promise<EventOutcome> {
  const entityId = eventEntityId(event);
  if (!CRM_EVENTS.has(event.event) || entityId === null) return 'ignored';
  await storeInbound(deps.database, {
    tenantId,
    source: 'bitrix24',
    kind: event.event,
    dedupeKey: dedupeKeyOf(rawBody),
    payload: { event: event.event, entityId, via: 'online', ts: event.ts ?? null },
  });
  await deps.enqueue(windowJob(ENTITY_SYNC_JOB, tenantId));
  return 'queued';
}

/**
 * POST /api/bitrix24/hooks/<connection id>: a webhook-mode portal's outgoing webhook. Its posts
 * carry no tokens; the application token shown in the outgoing webhook's settings (pasted by the
 * admin) is the proof, compared in constant time.
 */
export async function receiveWebhookEvent(
  deps: Bitrix24Deps,
  params: { connectionId: string; rawBody: string },
): Promise<EventOutcome> {
  const event = parseEvent(params.rawBody);
  const tenant = /^[0-9a-f-]{36}$/.test(params.connectionId)
    ? await getTenantById(deps.database.db, { tenantId: params.connectionId })
    : null;
  const stored =
    tenant?.kind === 'bitrix24_webhook' && tenant.status === 'active'
      ? await loadSecret(
          applicationTokenStore({ database: deps.database, secrets: deps.secrets, tenantId: tenant.id }),
        )
      : null;
  if (!tenant || !stored || !safeEqual(stored.applicationToken, event.auth.application_token)) {
    throw new UnauthorizedError('This event is not from the outgoing webhook of a connected portal');
  }
  return acceptCrmEvent(deps, tenant.id, event, params.rawBody);
}
