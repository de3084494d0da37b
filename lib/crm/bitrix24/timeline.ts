import { z } from 'zod';
import {
  CrmEntityNotFoundError,
  type CrmLogEntry,
  type CrmLogEntryOutcome,
  type CrmTaskInput,
} from '@/lib/crm/crm-port';
import { Bitrix24ApiError } from './errors';
import { type BatchCommands, type Bitrix24Rest, batchAll } from './rest';

/**
 * What the app writes into a contact's or deal's timeline (api-reference/crm/timeline/**): a
 * manager's note (crm.timeline.comment.add), a system entry with a title
 * (crm.timeline.logmessage.add) and a to-do for a manager (crm.activity.todo.add, the successor of
 * the deprecated crm.activity.add): ownerTypeId and ownerId, a deadline in ATOM format, a title
 * (the text's first line, at most 500 characters, as Bitrix24 itself derives a to-do's subject),
 * the text as description, and responsibleId when given (else the user of the token). The portal
 * refuses an owner it does not have with OWNER_NOT_FOUND (NOT_FOUND for an impossible id).
 */

type Entity = 'contact' | 'deal';

/** CCrmOwnerType ids. */
const entityTypeId = (entity: Entity) => (entity === 'contact' ? 3 : 2);
const TITLE_LENGTH = 500;

export async function addNote(rest: Bitrix24Rest, target: { entity: Entity; id: string; text: string }) {
  await rest.call('crm.timeline.comment.add', {
    fields: { ENTITY_ID: Number(target.id), ENTITY_TYPE: target.entity, COMMENT: target.text },
  });
}

const logMessage = (target: CrmLogEntry) => ({
  fields: {
    entityTypeId: entityTypeId(target.entity),
    entityId: Number(target.id),
    title: target.title,
    text: target.text,
    iconCode: 'info',
  },
});

export async function addLogEntry(rest: Bitrix24Rest, target: CrmLogEntry) {
  await rest.call('crm.timeline.logmessage.add', logMessage(target));
}

/** Many log messages, 50 to a batch that does not halt: each command's own outcome. */
export async function addLogEntries(
  rest: Bitrix24Rest,
  entries: CrmLogEntry[],
): Promise<CrmLogEntryOutcome[]> {
  const commands: BatchCommands = {};
  entries.forEach((entry, i) => {
    commands[`log${i}`] = ['crm.timeline.logmessage.add', logMessage(entry)];
  });
  const outcome = await batchAll(rest, commands);
  return entries.map((_, i) => {
    const error = outcome.errors[`log${i}`];
    if (!error) return 'written';
    return ['OWNER_NOT_FOUND', 'NOT_FOUND'].includes(error.error) ? 'not_found' : 'failed';
  });
}

/** `2026-12-01T09:30:00+00:00`: PHP's DATE_ATOM, in UTC. */
function atom(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`A task's dueAt must be ISO 8601: ${iso}`);
  return at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const todoSchema = z.object({ id: z.coerce.number().int().positive() });

export async function addTask(rest: Bitrix24Rest, target: CrmTaskInput): Promise<{ id: string }> {
  const params: Record<string, unknown> = {
    ownerTypeId: entityTypeId(target.entity),
    ownerId: Number(target.id),
    deadline: atom(target.dueAt),
    title: (target.text.split('\n', 1)[0] ?? '').slice(0, TITLE_LENGTH),
    description: target.text,
  };
  if (target.responsibleUserId) params.responsibleId = Number(target.responsibleUserId);
  let answer: unknown;
  try {
    answer = await rest.call('crm.activity.todo.add', params);
  } catch (error) {
    if (error instanceof Bitrix24ApiError && ['OWNER_NOT_FOUND', 'NOT_FOUND'].includes(error.bitrixCode))
      throw new CrmEntityNotFoundError(target.entity, target.id);
    throw error;
  }
  return { id: String(todoSchema.parse(answer).id) };
}
