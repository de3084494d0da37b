import type { Actor, CrmAction } from './crm-store';
import { deliver } from './deliver';
import type { PortalState } from './portal-state';
import type { CrmEntity, DeliveryRecord, EventBinding, JsonObject, JsonValue } from './types';
import { unixSeconds } from './wire-time';

/**
 * What the portal does after a change (rest/lib/event/callback.php, sender.php,
 * provideroffline.php, eventoffline.php), per "hit" (one REST request, batch included, or one
 * action in the portal's UI):
 * - nothing at all for our app until it is installed *and* installFinish was called;
 * - online bindings: a POST with `event`, `event_handler_id`, `data[FIELDS][ID]`, `ts` and
 *   `auth[…]` — tokens of the binding's auth_type user, else of the user who made the change,
 *   no refresh_token — delivered after the hit, never retried;
 * - offline bindings: a row in the queue, except when the change came from our own app through
 *   REST with the same auth_connector as the binding ('' = none): an app never hears of its own
 *   writes in the queue it reads with that connector;
 * - ONOFFLINEEVENT: when the hit queued something, a ping to its handler (with a refresh_token),
 *   at most once per minTimeout seconds per binding (default 1; 0 = once per hit). Pings that fall
 *   inside the window are dropped, not postponed: poll on a timer as well;
 * - outgoing webhooks: the same POST without tokens, whatever the app's state.
 */

interface Job {
  url: string;
  event: string;
  handlerId: number | null;
  payload: { [key: string]: JsonValue };
}

interface Hit {
  jobs: Job[];
  queued: string[];
  actor: Actor | null;
}

export class EventDispatcher {
  private current: Hit | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly lastPing = new Map<number, number>();

  constructor(
    private readonly state: PortalState,
    private readonly pingMinTimeoutSeconds: number,
  ) {}

  /** Runs `fn` as one hit and then sends what it caused; `deliveries` settles when all answered. */
  hit<T>(fn: () => T): { result: T; deliveries: Promise<DeliveryRecord[]> } {
    if (this.current) return { result: fn(), deliveries: Promise.resolve([]) };
    const hit: Hit = { jobs: [], queued: [], actor: null };
    this.current = hit;
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.current = null;
    // What happened before a failure still happened: its events go out either way.
    this.addPings(hit);
    const deliveries = this.send(hit.jobs);
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, deliveries };
  }

  /** Resolves when every delivery started so far has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  send(jobs: Job[]): Promise<DeliveryRecord[]> {
    const at = this.state.now().getTime();
    const all = jobs.map((job) => {
      const promise = deliver(job.url, job.event, job.handlerId, job.payload, at).then((record) => {
        this.state.deliveries.push(record);
        return record;
      });
      this.inFlight.add(promise);
      void promise.finally(() => this.inFlight.delete(promise));
      return promise;
    });
    return Promise.all(all);
  }

  get appLive(): boolean {
    return this.state.installed && this.state.installFinished;
  }

  onCrmChange(entity: CrmEntity, action: CrmAction, id: number, actor: Actor): void {
    const event = `ONCRM${entity}${action}`;
    const data = { FIELDS: { ID: id } };
    const hit = this.current ?? { jobs: [], queued: [], actor: null };
    hit.actor ??= actor;
    for (const binding of this.state.eventBindings) {
      if (binding.event !== event) continue;
      if (binding.owner === 'webhook') {
        hit.jobs.push(this.job(binding, data, this.bareAuth(binding.applicationToken ?? '')));
        continue;
      }
      if (!this.appLive) continue;
      if (binding.offline) {
        const own = actor.clientId === this.state.app.clientId && actor.connectorId === binding.connectorId;
        if (own) continue;
        this.state.offline.callEvent(event, data, { user_id: String(actor.userId) }, binding.connectorId);
        hit.queued.push(event);
        continue;
      }
      const userId = binding.userId > 0 ? binding.userId : actor.userId;
      hit.jobs.push(this.job(binding, data, userId > 0 ? this.appAuth(userId, false) : this.bareAuth()));
    }
    if (!this.current) {
      this.addPings(hit);
      void this.send(hit.jobs);
    }
  }

  private addPings(hit: Hit): void {
    if (hit.queued.length === 0 || !this.appLive) return;
    const now = this.state.now().getTime();
    const first = hit.queued[0] ?? '';
    const type = first.endsWith('ADD') ? 'add' : first.endsWith('DELETE') ? 'remove' : 'update';
    for (const binding of this.state.eventBindings) {
      if (binding.owner !== 'app' || binding.offline || binding.event !== 'ONOFFLINEEVENT') continue;
      const timeout = binding.options.minTimeout ?? this.pingMinTimeoutSeconds;
      const last = this.lastPing.get(binding.id);
      if (timeout > 0 && last !== undefined && now - last < timeout * 1000) continue;
      this.lastPing.set(binding.id, now);
      const userId = binding.userId > 0 ? binding.userId : (hit.actor?.userId ?? 0);
      const data: JsonObject = { type, event: first, handler: binding.handler };
      if (binding.options.minTimeout !== undefined) data.minTimeout = binding.options.minTimeout;
      hit.jobs.push(this.job(binding, data, userId > 0 ? this.appAuth(userId, true) : this.bareAuth()));
    }
  }

  job(binding: EventBinding, data: JsonValue, auth: JsonObject): Job {
    return {
      url: binding.handler,
      event: binding.event,
      handlerId: binding.id,
      payload: {
        event: binding.event,
        event_handler_id: String(binding.id),
        data,
        ts: String(unixSeconds(this.state.now())),
        auth,
      },
    };
  }

  /** auth[…] of an event that carries tokens (a fresh token of `userId`, as the queue mints). */
  appAuth(userId: number, withRefreshToken: boolean): JsonObject {
    const id = this.state.identity;
    const issued = withRefreshToken ? this.state.tokens.issuePair(userId) : null;
    const access = issued?.access ?? this.state.tokens.issueAccess(userId);
    const auth: JsonObject = {
      access_token: access.token,
      expires: String(Math.floor(access.expiresAt / 1000)),
      expires_in: String(this.state.tokens.ttlSeconds),
      scope: this.state.app.scope.join(','),
      domain: id.domain,
      server_endpoint: id.serverEndpoint,
      status: 'F',
      client_endpoint: id.clientEndpoint,
      member_id: id.memberId,
      user_id: String(userId),
    };
    if (issued) auth.refresh_token = issued.refreshToken;
    auth.application_token = this.state.applicationToken;
    return auth;
  }

  /** auth[…] without tokens (no user behind the change, uninstall, outgoing webhooks). */
  bareAuth(applicationToken = this.state.applicationToken): JsonObject {
    const id = this.state.identity;
    return {
      domain: id.domain,
      server_endpoint: id.serverEndpoint,
      client_endpoint: id.clientEndpoint,
      member_id: id.memberId,
      application_token: applicationToken,
    };
  }
}
