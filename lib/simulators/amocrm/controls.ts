import { createHmac } from 'node:crypto';
import { makePipeline } from './account-seed';
import type { AccountCore } from './core';
import type { CrmEvent } from './crm-store';
import type { RateLimiter } from './limits';
import { signHs256, type TokenStore } from './tokens';
import type { SimUser } from './types';
import type { WebhookDispatcher } from './webhook-dispatch';

/**
 * What happens on amoCRM's side without our app asking: the user consents (or installs from
 * amoMarket), the admin disconnects, the widget mints a disposable token, users change the CRM
 * (firing webhooks), tokens expire, other integrations eat the rate limit. Changes made here go
 * through the same store and validation as the API, so a control cannot create what amoCRM
 * would refuse.
 */

export interface AmocrmSimControls {
  authorize(options?: { state?: string; userId?: number }): {
    code: string;
    referer: string;
    state?: string;
    client_id: string;
  };
  installFromWidget(): { code: string; referer: string; from_widget: '1'; client_id: string };
  disconnect(): Promise<{ status: number }>;
  mintDisposableToken(options?: { userId?: number; isAdmin?: boolean; ttlSeconds?: number }): string;
  addUser(options: { admin: boolean; name?: string }): number;
  addContact(fields: object): Promise<number>;
  updateContact(id: number, fields: object): Promise<void>;
  deleteContact(id: number): Promise<void>;
  addLead(fields: object): Promise<number>;
  updateLead(id: number, fields: object): Promise<void>;
  moveLead(id: number, statusId: number, pipelineId?: number): Promise<void>;
  /** An admin adds a pipeline (the stock stages, won and lost); returns its id. */
  addPipeline(name: string): number;
  /** A manager deletes a stage of a pipeline (an empty one of their own: not unsorted, won or lost). */
  deleteStatus(pipelineId: number, statusId: number): void;
  bulkUpdateContacts(ids: number[], fields: (id: number) => object): Promise<void>;
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  consumeRate(n: number): void;
  deliveriesSettled(): Promise<void>;
}

export interface ControlDeps {
  core: AccountCore;
  tokens: TokenStore;
  limiter: RateLimiter;
  dispatcher: WebhookDispatcher;
  integration: { clientId: string; clientSecret: string; redirectUri: string; disconnectUrl?: string };
  host: string;
}

const refused = (what: string, errors: { path: string; detail: string }[]) =>
  new Error(`amoCRM refuses ${what}: ${errors.map((e) => `${e.path}: ${e.detail}`).join('; ')}`);

export function createControls(d: ControlDeps): AmocrmSimControls {
  const { core } = d;
  const admin = () => core.account.users.find((u) => u.is_admin) as SimUser;
  const now = () => Math.floor(core.nowMs() / 1000);
  const user = (id?: number) => {
    const u = id === undefined ? admin() : core.account.users.find((x) => x.id === id);
    if (!u) throw new Error(`no user ${id} in the account`);
    return u;
  };
  const emitted = (events: CrmEvent[]) => {
    core.emit(events);
    return Promise.resolve();
  };
  const updateContact = (id: number, fields: object): CrmEvent => {
    const c = core.crm.contact(id);
    if (!c) throw new Error(`no contact ${id}`);
    const r = core.crm.updateContact(c, fields as Record<string, unknown>, admin().id, now());
    if ('errors' in r) throw refused(`the contact ${id} update`, r.errors);
    return { entity: 'contacts', action: 'update', id };
  };
  const updateLead = (id: number, fields: object): CrmEvent[] => {
    const l = core.crm.lead(id);
    if (!l) throw new Error(`no lead ${id}`);
    const r = core.crm.updateLead(l, fields as Record<string, unknown>, admin().id, now());
    if ('errors' in r) throw refused(`the lead ${id} update`, r.errors);
    return [...(r.ok.moved ? [r.ok.moved] : []), { entity: 'leads', action: 'update', id }];
  };
  return {
    authorize(options = {}) {
      const u = user(options.userId);
      const code = d.tokens.issueCode(u.id, core.nowMs());
      return {
        code,
        referer: d.host,
        ...(options.state !== undefined ? { state: options.state } : {}),
        client_id: d.integration.clientId,
      };
    },
    installFromWidget() {
      return {
        code: d.tokens.issueCode(admin().id, core.nowMs()),
        referer: d.host,
        from_widget: '1',
        client_id: d.integration.clientId,
      };
    },
    async disconnect() {
      const target = d.integration.disconnectUrl;
      if (!target) throw new Error('the integration form has no disconnect hook URL');
      const clientUuid = d.integration.clientId;
      const signature = createHmac('sha256', d.integration.clientSecret)
        .update(`${clientUuid}|${core.accountId}`)
        .digest('hex');
      const url = new URL(target);
      url.searchParams.set('account_id', String(core.accountId));
      url.searchParams.set('client_uuid', clientUuid);
      url.searchParams.set('signature', signature);
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    },
    mintDisposableToken(options = {}) {
      const u = user(options.userId);
      const iat = now();
      return signHs256(
        {
          // The account's address: what `referer` names (here the simulator plays the account host).
          iss: `http://${d.host}`,
          aud: new URL(d.integration.redirectUri).origin,
          jti: core.random.uuid(),
          iat,
          nbf: iat,
          exp: iat + (options.ttlSeconds ?? 30 * 60),
          account_id: core.accountId,
          subdomain: core.subdomain,
          client_uuid: d.integration.clientId,
          user_id: u.id,
          is_admin: options.isAdmin ?? u.is_admin,
        },
        d.integration.clientSecret,
      );
    },
    addUser(options) {
      const id = core.ids.next('user');
      core.account.users.push({
        id,
        name: options.name ?? `Пользователь ${id}`,
        email: `user${id}@example.ru`,
        is_admin: options.admin,
      });
      return id;
    },
    async addContact(fields) {
      const r = core.crm.addContact(fields as Record<string, unknown>, admin().id, now());
      if ('errors' in r) throw refused('the contact', r.errors);
      await emitted([{ entity: 'contacts', action: 'add', id: r.ok.id }]);
      return r.ok.id;
    },
    updateContact: (id, fields) => emitted([updateContact(id, fields)]),
    async deleteContact(id) {
      const c = core.crm.contact(id);
      if (!c) throw new Error(`no contact ${id}`);
      c.is_deleted = true;
      await emitted([{ entity: 'contacts', action: 'delete', id }]);
    },
    async addLead(fields) {
      const r = core.crm.addLead(fields as Record<string, unknown>, admin().id, now());
      if ('errors' in r) throw refused('the lead', r.errors);
      await emitted([{ entity: 'leads', action: 'add', id: r.ok.id }]);
      return r.ok.id;
    },
    updateLead: (id, fields) => emitted(updateLead(id, fields)),
    moveLead: (id, statusId, pipelineId) =>
      emitted(
        updateLead(id, {
          status_id: statusId,
          ...(pipelineId !== undefined ? { pipeline_id: pipelineId } : {}),
        }),
      ),
    deleteStatus(pipelineId, statusId) {
      const pipeline = core.account.pipelines.find((p) => p.id === pipelineId);
      const index = pipeline?.statuses.findIndex((s) => s.id === statusId) ?? -1;
      const status = pipeline?.statuses[index];
      if (!pipeline || !status || status.type !== 0 || statusId === 142 || statusId === 143)
        throw new Error(`amoCRM refuses to delete the stage ${statusId} of pipeline ${pipelineId}`);
      if (core.crm.leads.some((l) => l.status_id === statusId && !l.is_deleted))
        throw new Error(`amoCRM refuses to delete the stage ${statusId}: it holds leads`);
      pipeline.statuses.splice(index, 1);
    },
    addPipeline(name) {
      const pipelines = core.account.pipelines;
      const sort = Math.max(0, ...pipelines.map((p) => p.sort)) + 1;
      const pipeline = makePipeline(core.ids, { name, sort, isMain: false });
      pipelines.push(pipeline);
      return pipeline.id;
    },
    bulkUpdateContacts: (ids, fields) => emitted(ids.map((id) => updateContact(id, fields(id)))),
    expireAccessTokens: () => d.tokens.expireAccess(core.nowMs()),
    revokeRefreshTokens: () => d.tokens.revokeRefresh(),
    consumeRate: (n) => d.limiter.consume(n, core.nowMs()),
    deliveriesSettled: () => d.dispatcher.settled(),
  };
}
