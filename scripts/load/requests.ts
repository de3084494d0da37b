import { dedupeKeyOf } from '@/db/queries/inbox';
import { eventWire } from '@/lib/simulators/lime/wire';
import { signLimeWebhook } from '@/lib/sync/lime/signature';
import { formBody } from '@/tests/support/bitrix24-harness';
import type { LedgerEntry } from './ledger';
import type { LoadTenant } from './tenants';

/**
 * The load's requests, each a genuine one with its own change, and the ledger entry that says what
 * processing it must leave behind. Spread evenly: Bitrix24 CRM events (signed by the portal's
 * application token), amoCRM webhooks (the secret path, the account's id), Lime webhooks (HMAC over
 * the body), each kind over its tenants in turn.
 */

export interface LoadRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  entry: LedgerEntry;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function bitrix24Event(tenant: LoadTenant, contactId: number, n: number): LoadRequest {
  const sim = tenant.bitrix24 as NonNullable<LoadTenant['bitrix24']>;
  const body = formBody({
    event: 'ONCRMCONTACTUPDATE',
    event_handler_id: '7',
    data: { FIELDS: { ID: String(contactId) } },
    ts: String(Math.floor(Date.now() / 1000)),
    auth: {
      domain: sim.domain,
      client_endpoint: sim.clientEndpoint,
      server_endpoint: sim.serverEndpoint,
      member_id: sim.memberId,
      application_token: sim.state.applicationToken,
    },
  });
  return {
    method: 'POST',
    path: '/api/bitrix24/events',
    headers: FORM,
    body,
    entry: {
      n,
      tenantId: tenant.tenantId,
      source: 'bitrix24',
      dedupeKey: dedupeKeyOf(body),
      entityId: String(contactId),
    },
  };
}

function amocrmWebhook(tenant: LoadTenant, contactId: number, n: number): LoadRequest {
  const amo = tenant.amocrm as NonNullable<LoadTenant['amocrm']>;
  const body = formBody({
    contacts: {
      update: {
        0: {
          id: String(contactId),
          name: `Гость ${n}`,
          responsible_user_id: '1',
          last_modified: String(Math.floor(Date.now() / 1000)),
          account_id: String(amo.sim.accountId),
        },
      },
    },
    account: { subdomain: amo.sim.subdomain, id: String(amo.sim.accountId) },
  });
  return {
    method: 'POST',
    path: amo.webhookPath,
    headers: FORM,
    body,
    entry: {
      n,
      tenantId: tenant.tenantId,
      source: 'amocrm',
      dedupeKey: dedupeKeyOf(`${body}#0`),
      entityId: String(contactId),
    },
  };
}

/** A client edited in the park (a unique e-mail), delivered as Lime delivers its webhooks. */
function limeWebhook(tenant: LoadTenant, edit: number, n: number): LoadRequest {
  const { sim, connectionId, webhookSecret } = tenant.lime;
  const adults = sim.park.adults();
  const client = adults[edit % adults.length] as (typeof adults)[number];
  sim.controls.editsClient(client.id, { email: `load-${edit}-${n}@example.test` });
  const event = sim.park.events[sim.park.events.length - 1];
  if (event?.type !== 'client.updated') throw new Error('the park logged no client.updated');
  const body = JSON.stringify(eventWire(event, sim.timeZone));
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    path: `/api/lime/webhook/${connectionId}`,
    headers: {
      'content-type': 'application/json',
      'x-lime-event-id': String(event.id),
      'x-lime-event-type': event.type,
      'x-lime-timestamp': String(timestamp),
      'x-lime-signature': signLimeWebhook(webhookSecret, timestamp, body),
    },
    body,
    entry: {
      n,
      tenantId: tenant.tenantId,
      source: 'lime',
      dedupeKey: `${connectionId}:${event.id}`,
      connectionId,
      eventId: event.id,
      clientId: client.id,
      seq: event.seq,
    },
  };
}

/** `total` requests in rounds of Bitrix24 event, amoCRM webhook, Lime webhook, tenants in turn. */
export function buildRequests(tenants: LoadTenant[], total: number): LoadRequest[] {
  const portals = tenants.filter((t) => t.kind === 'bitrix24');
  const accounts = tenants.filter((t) => t.kind === 'amocrm');
  const used = new Map<string, number>();
  const next = (t: LoadTenant) => {
    const i = used.get(t.tenantId) ?? 0;
    used.set(t.tenantId, i + 1);
    return i;
  };
  const requests: LoadRequest[] = [];
  for (let n = 0; n < total; n++) {
    const round = Math.floor(n / 3);
    const kind = n % 3;
    if (kind === 0) {
      const t = portals[round % portals.length] as LoadTenant;
      requests.push(bitrix24Event(t, contactOf(t, next(t)), n));
    } else if (kind === 1) {
      const t = accounts[round % accounts.length] as LoadTenant;
      requests.push(amocrmWebhook(t, contactOf(t, next(t)), n));
    } else {
      const t = tenants[round % tenants.length] as LoadTenant;
      requests.push(limeWebhook(t, round, n));
    }
  }
  return requests;
}

function contactOf(tenant: LoadTenant, index: number): number {
  const id = tenant.contactIds[index];
  if (id === undefined)
    throw new Error(`tenant ${tenant.tenantId} has only ${tenant.contactIds.length} contacts`);
  return id;
}
