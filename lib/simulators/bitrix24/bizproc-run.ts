import type { BizprocRegistration, BizprocRun } from './bizproc-store';
import { deliver } from './deliver';
import type { EventDispatcher } from './event-dispatch';
import { changeKeyCase, isMap, strval } from './php';
import type { PortalState } from './portal-state';
import type { DeliveryRecord, JsonObject, JsonValue } from './types';
import { unixSeconds } from './wire-time';

/**
 * A workflow reaching our robot or action, as the portal's queue server calls the handler
 * (tutorials/bizproc/how-to-create-custom-activity.md "Example of incoming handler data", the
 * fields b24phpsdk's IncomingRobotRequest reads): one form-urlencoded POST per document with
 * `workflow_id`, `code`, `document_id[0..2]`, `document_type[0..2]`, `event_token`,
 * `properties[…]` (the template's values, strings; defaults for those left empty),
 * `use_subscription`, `timeout_duration`, `ts` and `auth[…]` — tokens of AUTH_USER_ID (else of the
 * user who started the workflow), with a refresh_token and the application_token.
 *
 * A business process started over a list selection is one workflow per selected element: each
 * gets its own run, and so its own token.
 */

export type DocumentId = [string, string, string];

export interface WorkflowStart {
  code: string;
  /** e.g. ['crm', 'CCrmDocumentContact', 'CONTACT_12'], one workflow each. */
  documents: DocumentId[];
  /** The template's values of the action's properties. */
  properties?: Record<string, JsonValue>;
  /** Who starts the workflows; default 1 (the admin). */
  userId?: number;
}

export interface WorkflowDelivery {
  run: BizprocRun;
  delivery: DeliveryRecord;
}

const DOCUMENT_TYPES: Record<string, string> = {
  CCrmDocumentContact: 'CONTACT',
  CCrmDocumentCompany: 'COMPANY',
  CCrmDocumentDeal: 'DEAL',
  CCrmDocumentLead: 'LEAD',
};

function valuesOf(declared: JsonObject, given: Record<string, JsonValue>): JsonObject {
  const out: JsonObject = {};
  for (const [key, property] of Object.entries(declared)) {
    const p = isMap(property) ? changeKeyCase(property, true) : {};
    const value = given[key] ?? p.DEFAULT ?? null;
    if ((value === null || value === '') && strval(p.REQUIRED).toUpperCase() === 'Y') {
      throw new Error(`the template leaves the required property ${key} empty`);
    }
    if (value !== null) out[key] = typeof value === 'number' ? String(value) : value;
  }
  return out;
}

function post(
  state: PortalState,
  dispatcher: EventDispatcher,
  registration: BizprocRegistration,
  run: BizprocRun,
  starter: number,
): Promise<DeliveryRecord> {
  const [module, entity, id] = run.documentId;
  const payload: { [key: string]: JsonValue } = {
    workflow_id: run.workflowId,
    code: registration.code,
    document_id: run.documentId,
    document_type: [module, entity, DOCUMENT_TYPES[entity] ?? id],
    event_token: run.eventToken,
    properties: run.properties,
    use_subscription: registration.useSubscription === 'N' ? 'N' : 'Y',
    timeout_duration: '0',
    ts: String(unixSeconds(state.now())),
    auth: dispatcher.appAuth(registration.authUserId > 0 ? registration.authUserId : starter, true),
  };
  return deliver(registration.handler, registration.code, null, payload, state.now().getTime()).then(
    (delivery) => {
      state.deliveries.push(delivery);
      return delivery;
    },
  );
}

function registered(state: PortalState, code: string): BizprocRegistration {
  const registration = state.bizproc.find(code);
  if (!registration) throw new Error(`the app has no robot or action ${code}`);
  return registration;
}

export async function runWorkflows(
  state: PortalState,
  dispatcher: EventDispatcher,
  start: WorkflowStart,
): Promise<WorkflowDelivery[]> {
  if (!dispatcher.appLive) throw new Error('the app is not installed and finished');
  const registration = registered(state, start.code);
  const starter = start.userId ?? 1;
  state.user(starter);
  const properties = valuesOf(registration.properties, start.properties ?? {});
  return Promise.all(
    start.documents.map(async (documentId) => {
      const run = state.bizproc.startRun(registration, documentId, properties);
      return { run, delivery: await post(state, dispatcher, registration, run, starter) };
    }),
  );
}

/** The same POST once more, as the queue server may send it again (same token, fresh auth). */
export function redeliverRun(
  state: PortalState,
  dispatcher: EventDispatcher,
  run: BizprocRun,
): Promise<DeliveryRecord> {
  return post(state, dispatcher, registered(state, run.code), run, 1);
}
