import { redeliverRun, runWorkflows, type WorkflowDelivery, type WorkflowStart } from './bizproc-run';
import type { BizprocRun } from './bizproc-store';
import type { Actor } from './crm-store';
import { deliver } from './deliver';
import type { EventDispatcher } from './event-dispatch';
import { type FramePost, framePost } from './frames';
import type { FaultSpec, Faults, LeakyBucket, OperatingLedger } from './limits';
import type { PortalState } from './portal-state';
import type { CrmEntity, DeliveryRecord, JsonObject, PhpMap } from './types';
import { unixSeconds } from './wire-time';

/**
 * What happens on the portal's side of the screen, driven by tests: installing, opening frames,
 * finishing and removing the app, managers editing the CRM (which fires the bound events exactly
 * as REST writes do), and the operator's knobs — expiring tokens, revoking refresh tokens,
 * filling the leaky bucket from "another app on our IP", injecting faults. Controls that make
 * the portal POST to us await those POSTs and return what our handlers answered.
 */

export interface InstallResult extends FramePost {
  installEvent?: { status: number | null; body: string | null };
}

export interface CrmActionOptions {
  /** The manager making the change; default 1 (the portal's admin). */
  userId?: number;
}

export interface Bitrix24SimControls {
  /**
   * Installs the app (new application_token, installFinished false) and POSTs ONAPPINSTALL to the
   * registered URL. On an installed app it re-opens the installer of the same installation: same
   * application_token, bindings and placements kept, fresh tokens, the event sent again.
   */
  install(options?: { userId?: number; sendInstallEvent?: boolean }): Promise<InstallResult>;
  /** ONAPPINSTALL of the current installation delivered (again, or late): the same payload as before. */
  resendInstallEvent(): Promise<DeliveryRecord>;
  frame(options: {
    placement: string;
    placementOptions?: JsonObject;
    userId?: number;
    lang?: string;
  }): FramePost;
  handlerFor(placement: string): string | null;
  installFinish(): void;
  uninstall(options?: { clean?: boolean }): Promise<DeliveryRecord[]>;
  addUser(options: { admin: boolean; name?: string }): number;
  addContact(fields: PhpMap, options?: CrmActionOptions): Promise<number>;
  updateContact(id: number, fields: PhpMap, options?: CrmActionOptions): Promise<void>;
  deleteContact(id: number, options?: CrmActionOptions): Promise<void>;
  addDeal(fields: PhpMap, options?: CrmActionOptions): Promise<number>;
  updateDeal(id: number, fields: PhpMap, options?: CrmActionOptions): Promise<void>;
  deleteDeal(id: number, options?: CrmActionOptions): Promise<void>;
  /** A lead a manager enters (crm.lead.add's fields and rules; ONCRMLEADADD fires). */
  addLead(fields: PhpMap, options?: CrmActionOptions): Promise<number>;
  /** `count` contacts added by a manager in a burst (one "hit" each); resolves with their ids. */
  bulkAddContacts(
    count: number,
    fieldsFn?: (index: number) => PhpMap,
    options?: CrmActionOptions,
  ): Promise<number[]>;
  /** A burst of manager edits, one per id (one "hit" each); resolves when all deliveries answered. */
  bulkUpdateContacts(
    ids: number[],
    fieldsFn: (id: number, index: number) => PhpMap,
    options?: CrmActionOptions,
  ): Promise<void>;
  /** A new deal pipeline (crm.category.list shows it; its stages are `C{id}:NEW` …). */
  addDealCategory(name: string): number;
  /** A manager deletes a deal stage (not the first or a closing one, and only an empty one). */
  deleteDealStage(stageId: string): void;
  /** The portal's booking module installed (true) or removed (false): booking.v1.* exist only with it. */
  setBookingModule(installed: boolean): void;
  /** An admin links an app trigger to a deal stage in the automation settings. */
  linkTrigger(code: string, stageId: string): void;
  /**
   * An admin makes a business-process template for contacts, deals or leads; returns its id. Its
   * workflows keep running until finishWorkflow, unless `completesAtOnce` (all its actions immediate).
   */
  addWorkflowTemplate(
    name: string,
    document: 'contact' | 'deal' | 'lead',
    options?: { completesAtOnce?: boolean },
  ): number;
  /** A running workflow reaches its end (bizproc.workflow.instances no longer lists it). */
  finishWorkflow(id: string): void;
  expireAccessTokens(): void;
  revokeRefreshTokens(): void;
  consumeBucket(n: number): void;
  setFault(spec: FaultSpec): void;
  clearFaults(): void;
  /** Charges a method's operating time (seconds), e.g. past 480 to get 429 OPERATION_TIME_LIMIT. */
  chargeOperatingTime(method: string, seconds: number): void;
  /** An inbound webhook of `userId` (default 1) with `scope` (default crm); `url` ends with `/`. */
  createInboundWebhook(options?: { userId?: number; scope?: string[] }): {
    url: string;
    userId: number;
    secret: string;
  };
  /** An outgoing webhook: the events POSTed to `handler` without tokens; returns its application token. */
  createOutgoingWebhook(options: { handler: string; events: string[] }): { applicationToken: string };
  /** A 30-second authorization code for `grant_type=authorization_code`. */
  issueAuthorizationCode(userId?: number): string;
  /** Resolves when every event delivery started so far has been answered. */
  deliveriesSettled(): Promise<void>;
  /**
   * Workflows reach our robot or action `code` on these documents (a business process started over
   * a list selection: one workflow per element): the handler POSTs, awaited with their answers.
   */
  runWorkflows(start: WorkflowStart): Promise<WorkflowDelivery[]>;
  /** The queue server sends a run's POST once more (same event token). */
  redeliverRun(run: BizprocRun): Promise<DeliveryRecord>;
}

export interface ControlDeps {
  state: PortalState;
  dispatcher: EventDispatcher;
  faults: Faults;
  bucket: LeakyBucket;
  ledger: OperatingLedger;
}

export function createControls({
  state,
  dispatcher,
  faults,
  bucket,
  ledger,
}: ControlDeps): Bitrix24SimControls {
  const actor = (options?: CrmActionOptions): Actor => {
    const userId = options?.userId ?? 1;
    state.user(userId);
    return { userId, clientId: null, connectorId: '' };
  };
  const act = async <T>(fn: () => T): Promise<T> => {
    const { result, deliveries } = dispatcher.hit(fn);
    await deliveries;
    return result;
  };
  const crm = (entity: CrmEntity) => ({
    add: (fields: PhpMap, o?: CrmActionOptions) => act(() => state.crm.add(entity, fields, actor(o))),
    update: async (id: number, fields: PhpMap, o?: CrmActionOptions) => {
      await act(() => state.crm.update(entity, id, fields, actor(o)));
    },
    remove: async (id: number, o?: CrmActionOptions) => {
      await act(() => state.crm.delete(entity, id, actor(o)));
    },
  });
  const contacts = crm('CONTACT');
  const deals = crm('DEAL');
  let installEvent: JsonObject | null = null;
  const installPayload = (userId: number): JsonObject => ({
    event: 'ONAPPINSTALL',
    data: {
      VERSION: String(state.app.version),
      ACTIVE: 'Y',
      INSTALLED: state.installFinished ? 'Y' : 'N',
      LANGUAGE_ID: state.lang,
    },
    ts: String(unixSeconds(state.now())),
    auth: dispatcher.appAuth(userId, true),
  });
  const sendInstallEvent = async (): Promise<DeliveryRecord> => {
    const url = state.app.installEventUrl;
    if (!url) throw new Error('the app has no "Installation event handler URL"');
    const payload = installEvent ?? installPayload(1);
    installEvent = payload;
    const delivery = await deliver(url, 'ONAPPINSTALL', null, payload, state.now().getTime());
    state.deliveries.push(delivery);
    return delivery;
  };

  return {
    async install(options = {}) {
      const userId = options.userId ?? 1;
      if (!state.user(userId).admin) throw new Error('only an administrator can install the app');
      if (!state.installed) {
        state.installed = true;
        state.installFinished = false;
        state.applicationToken = state.ids.hex(32);
      }
      const post = framePost(state, { placement: 'DEFAULT', userId });
      installEvent = installPayload(userId);
      if (!state.app.installEventUrl || options.sendInstallEvent === false) return post;
      const delivery = await sendInstallEvent();
      return { ...post, installEvent: { status: delivery.status, body: delivery.body } };
    },
    async resendInstallEvent() {
      if (!state.installed) throw new Error('the app is not installed');
      return sendInstallEvent();
    },
    frame(options) {
      if (!state.installed) throw new Error('the app is not installed');
      if (options.placement !== 'DEFAULT') {
        if (!state.installFinished) throw new Error('placements are not shown until installFinish');
        if (!state.placements.some((p) => p.placement === options.placement)) {
          throw new Error(`nothing is bound to ${options.placement}`);
        }
      }
      const userId = options.userId ?? 1;
      if (!state.installFinished && !state.user(userId).admin) {
        throw new Error('the application is not fully installed yet: only administrators see the installer');
      }
      return framePost(state, { ...options, userId });
    },
    handlerFor: (placement) => state.placements.find((p) => p.placement === placement)?.handler ?? null,
    installFinish() {
      if (!state.installed) throw new Error('the app is not installed');
      state.installFinished = true;
    },
    async uninstall(options = {}) {
      if (!state.installed) throw new Error('the app is not installed');
      const bindings = dispatcher.appLive
        ? state.eventBindings.filter((b) => b.owner === 'app' && !b.offline && b.event === 'ONAPPUNINSTALL')
        : [];
      const jobs = bindings.map((b) =>
        dispatcher.job(
          b,
          { LANGUAGE_ID: state.lang, CLEAN: options.clean ? '1' : '0' },
          dispatcher.bareAuth(),
        ),
      );
      const deliveries = await dispatcher.send(jobs);
      for (const b of state.eventBindings.filter((x) => x.owner === 'app')) {
        state.eventBindings.splice(state.eventBindings.indexOf(b), 1);
      }
      state.placements.splice(0, state.placements.length);
      state.bizproc.clear();
      state.tokens.dropAll();
      installEvent = null;
      state.installed = false;
      state.installFinished = false;
      return deliveries;
    },
    addUser: (options) => state.addUser(options),
    addContact: (fields, o) => contacts.add(fields, o),
    updateContact: (id, fields, o) => contacts.update(id, fields, o),
    deleteContact: (id, o) => contacts.remove(id, o),
    addDeal: (fields, o) => deals.add(fields, o),
    updateDeal: (id, fields, o) => deals.update(id, fields, o),
    deleteDeal: (id, o) => deals.remove(id, o),
    addLead: (fields, o) => crm('LEAD').add(fields, o),
    async bulkAddContacts(count, fieldsFn, o) {
      const ids: number[] = [];
      const pending: Promise<DeliveryRecord[]>[] = [];
      for (let i = 0; i < count; i++) {
        const fields = fieldsFn?.(i) ?? { NAME: `Гость ${i + 1}`, LAST_NAME: 'Пакетный' };
        const { result, deliveries } = dispatcher.hit(() => state.crm.add('CONTACT', fields, actor(o)));
        ids.push(result);
        pending.push(deliveries);
      }
      await Promise.all(pending);
      return ids;
    },
    async bulkUpdateContacts(ids, fieldsFn, o) {
      const pending = ids.map(
        (id, i) =>
          dispatcher.hit(() => state.crm.update('CONTACT', id, fieldsFn(id, i), actor(o))).deliveries,
      );
      await Promise.all(pending);
    },
    addDealCategory: (name) => state.crm.addCategory(name),
    deleteDealStage: (stageId) => state.crm.deleteStage(stageId),
    setBookingModule(installed) {
      state.bookingModule = installed;
    },
    linkTrigger(code, stageId) {
      state.automation.links.push({ code, stageId });
    },
    addWorkflowTemplate: (name, document, options = {}) =>
      state.automation.addTemplate({ name, document, userId: 1, at: state.now(), ...options }),
    finishWorkflow(id) {
      const workflow = state.automation.started.find((w) => w.id === id);
      if (!workflow) throw new Error(`no workflow ${id}`);
      workflow.running = false;
    },
    expireAccessTokens: () => state.tokens.expireAllAccess(),
    revokeRefreshTokens: () => state.tokens.revokeAllRefresh(),
    consumeBucket: (n) => bucket.consume(n),
    setFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    chargeOperatingTime: (method, seconds) => ledger.charge(method.toLowerCase(), seconds),
    createInboundWebhook(options = {}) {
      const userId = options.userId ?? 1;
      state.user(userId);
      const secret = state.ids.alnum(16);
      state.webhooks.push({ userId, secret, scope: options.scope ?? ['crm'] });
      return { url: `${state.identity.portalUrl}/rest/${userId}/${secret}/`, userId, secret };
    },
    createOutgoingWebhook({ handler, events }) {
      const applicationToken = state.ids.alnum(32);
      for (const event of events) {
        state.eventBindings.push({
          id: state.bindingId(),
          owner: 'webhook',
          event: event.toUpperCase(),
          handler,
          userId: 0,
          connectorId: '',
          offline: false,
          options: {},
          applicationToken,
        });
      }
      return { applicationToken };
    },
    issueAuthorizationCode: (userId = 1) => state.tokens.issueCode(userId),
    deliveriesSettled: () => dispatcher.settled(),
    runWorkflows: (start) => runWorkflows(state, dispatcher, start),
    redeliverRun: (run) => redeliverRun(state, dispatcher, run),
  };
}
