/**
 * CRM automation as an app reaches it: the app's triggers (crm.automation.trigger.*), an admin's
 * link of a trigger to a stage (the automation settings), each execution as it was asked for, and
 * business-process templates with the workflows started from them (bizproc.workflow.*). Kept so
 * tests can see what the CRM's automation was told to do.
 */

export interface AppTrigger {
  /** The app (client_id) the trigger belongs to: each app sees only its own. */
  clientId: string;
  code: string;
  name: string;
}

/** An execution as asked: it is accepted whatever happens next. */
export interface TriggerExecution {
  clientId: string;
  code: string;
  ownerTypeId: number;
  ownerId: number;
  at: Date;
  /** The stage the owner was moved to by a linked rule; null when nothing reacted. */
  movedTo: string | null;
}

export interface WorkflowTemplate {
  id: number;
  moduleId: 'crm';
  entity: string;
  documentType: string;
  name: string;
  autoExecute: number;
  userId: number;
  modified: Date;
  /**
   * A template whose actions all run at once (send an SMS, set a field) finishes inside
   * bizproc.workflow.start and is never listed as running; otherwise (a pause, a task, a robot
   * waiting for an answer) the workflow runs until finishWorkflow.
   */
  completesAtOnce: boolean;
}

export interface StartedWorkflow {
  id: string;
  templateId: number;
  documentId: [string, string, string];
  parameters: Record<string, unknown>;
  at: Date;
  startedBy: number;
  /** Listed by bizproc.workflow.instances while true: only running workflows are. */
  running: boolean;
}

/** The crm document types a template is for: [ENTITY, DOCUMENT_TYPE, id prefix]. */
export const CRM_DOCUMENTS = {
  contact: ['CCrmDocumentContact', 'CONTACT'],
  deal: ['CCrmDocumentDeal', 'DEAL'],
  lead: ['CCrmDocumentLead', 'LEAD'],
} as const;

export class AutomationStore {
  readonly triggers: AppTrigger[] = [];
  /** Stage a trigger moves a deal to, set by an admin in the automation settings. */
  readonly links: { code: string; stageId: string }[] = [];
  readonly executions: TriggerExecution[] = [];
  readonly templates: WorkflowTemplate[] = [];
  readonly started: StartedWorkflow[] = [];
  private nextTemplateId = 1;
  private nextWorkflow = 1;

  addTemplate(input: {
    name: string;
    document: keyof typeof CRM_DOCUMENTS;
    userId: number;
    at: Date;
    completesAtOnce?: boolean;
  }): number {
    const [entity, documentType] = CRM_DOCUMENTS[input.document];
    const id = this.nextTemplateId++;
    this.templates.push({
      id,
      moduleId: 'crm',
      entity,
      documentType,
      name: input.name,
      autoExecute: 0,
      userId: input.userId,
      modified: input.at,
      completesAtOnce: input.completesAtOnce ?? false,
    });
    return id;
  }

  workflowId(): string {
    const n = this.nextWorkflow++;
    return `${(0x66e81a64 + n).toString(16)}${n.toString(16).padStart(6, '0')}.${String(10_000_000 + n).slice(-8)}`;
  }
}
