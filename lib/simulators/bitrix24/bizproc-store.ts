import { createHmac } from 'node:crypto';
import type { IdSource } from './ids';
import type { JsonObject, PhpMap } from './types';

/**
 * The app's automation rules (robots) and workflow actions (b_bizproc_rest_activity): one code
 * space per app — a robot and an action are rows of one table, told apart by IS_ROBOT — and the
 * runs of them the portal's workflows made: each run has its own event token
 * (`<workflow id>|<activity name>|<random>.<signature>`, the shape of the docs' example), waiting
 * for bizproc.event.send while the action subscribes to the answer. A token is good once.
 */

export type BizprocKind = 'robot' | 'activity';

export interface BizprocRegistration {
  kind: BizprocKind;
  code: string;
  handler: string;
  authUserId: number;
  useSubscription: 'Y' | 'N' | '';
  name: PhpMap | string;
  description: PhpMap | string;
  properties: PhpMap;
  returnProperties: PhpMap;
  documentType: string[] | null;
  filter: PhpMap | null;
  usePlacement: 'Y' | 'N';
}

export interface BizprocReply {
  returnValues: JsonObject;
  logMessage: string;
  at: number;
}

export interface BizprocRun {
  workflowId: string;
  activityName: string;
  eventToken: string;
  kind: BizprocKind;
  code: string;
  documentId: [string, string, string];
  properties: JsonObject;
  /** Waiting for bizproc.event.send (a subscribing action), then done. */
  status: 'waiting' | 'done' | 'not_waiting';
  reply: BizprocReply | null;
  /** bizproc.activity.log lines and the answer's LOG_MESSAGE, in order. */
  log: string[];
}

export class BizprocStore {
  readonly registrations: BizprocRegistration[] = [];
  readonly runs: BizprocRun[] = [];
  private readonly signingKey: string;

  constructor(private readonly ids: IdSource) {
    this.signingKey = ids.hex(32);
  }

  find(code: string): BizprocRegistration | undefined {
    return this.registrations.find((r) => r.code === code);
  }

  codes(kind: BizprocKind): string[] {
    return this.registrations.filter((r) => r.kind === kind).map((r) => r.code);
  }

  remove(code: string): void {
    const at = this.registrations.findIndex((r) => r.code === code);
    if (at >= 0) this.registrations.splice(at, 1);
  }

  /** The app's robots and actions go with it (the portal drops them on uninstall). */
  clear(): void {
    this.registrations.splice(0, this.registrations.length);
  }

  /** A new run of `registration` on a document: its workflow, its activity name and its token. */
  startRun(
    registration: BizprocRegistration,
    documentId: [string, string, string],
    properties: JsonObject,
  ): BizprocRun {
    // uniqid('', true): 14 hex digits, a dot, 8 decimal digits; activity names as the designer makes them.
    const digits = (n: number) => [...this.ids.hex(n)].map((c) => Number.parseInt(c, 16) % 10).join('');
    const workflowId = `${this.ids.hex(14)}.${digits(8)}`;
    const activityName = `A${digits(5)}_${digits(5)}_${digits(5)}_${digits(5)}`;
    const head = `${workflowId}|${activityName}|${this.ids.alnum(32)}`;
    const run: BizprocRun = {
      workflowId,
      activityName,
      eventToken: `${head}.${this.sign(head)}`,
      kind: registration.kind,
      code: registration.code,
      documentId,
      properties,
      status: registration.useSubscription === 'N' ? 'not_waiting' : 'waiting',
      reply: null,
      log: [],
    };
    this.runs.push(run);
    return run;
  }

  /** The run a token names, when the token is one the portal signed; null for anything else. */
  runOf(token: string): BizprocRun | null {
    const dot = token.lastIndexOf('.');
    if (dot < 0) return null;
    const head = token.slice(0, dot);
    if (token.slice(dot + 1) !== this.sign(head)) return null;
    return this.runs.find((r) => r.eventToken === token) ?? null;
  }

  private sign(head: string): string {
    return createHmac('sha256', this.signingKey).update(head).digest('hex');
  }
}
