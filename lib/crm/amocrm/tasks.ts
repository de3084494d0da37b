import { z } from 'zod';
import { CrmEntityNotFoundError, type CrmTaskInput } from '@/lib/crm/crm-port';
import type { AmocrmClient } from './api-client';
import { AmocrmApiError } from './errors';
import { isoToUnix } from './fields';

/**
 * A task on a contact or lead (reference/amocrm.md §3.5; amocrm-api-php Models/TaskModel::toApi):
 * `POST /api/v4/tasks` with `text`, `complete_till` in unix seconds, `entity_type` contacts|leads,
 * `entity_id`, the task type and, when given, `responsible_user_id` (else amoCRM gives the task to
 * the user of the token). Every account has the types 1 (call, "Связаться") and 2 (meeting); ours
 * are calls. amoCRM refuses an entity it does not have with a validation error at `entity_id`.
 */

const TASK_TYPE_CALL = 1;

/** One task sent, one answered: `_embedded.tasks[0].id`. */
const answerSchema = z.object({
  _embedded: z.object({ tasks: z.tuple([z.object({ id: z.number().int() })], z.unknown()) }),
});

export async function addTask(client: AmocrmClient, target: CrmTaskInput): Promise<{ id: string }> {
  const completeTill = isoToUnix(target.dueAt);
  if (!Number.isFinite(completeTill))
    throw new RangeError(`A task's dueAt must be ISO 8601: ${target.dueAt}`);
  const task: Record<string, unknown> = {
    text: target.text,
    complete_till: completeTill,
    entity_type: target.entity === 'contact' ? 'contacts' : 'leads',
    entity_id: Number(target.id),
    task_type_id: TASK_TYPE_CALL,
  };
  if (target.responsibleUserId) task.responsible_user_id = Number(target.responsibleUserId);
  let answer: unknown;
  try {
    answer = await client.post('/api/v4/tasks', [task]);
  } catch (error) {
    if (error instanceof AmocrmApiError && error.fieldErrors.some((e) => e.path === 'entity_id'))
      throw new CrmEntityNotFoundError(target.entity, target.id);
    throw error;
  }
  const [made] = answerSchema.parse(answer)._embedded.tasks;
  return { id: String(made.id) };
}
