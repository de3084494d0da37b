import { BatchErrors, batchItems, nowSeconds, type Route, requestIdOf, selfLink } from './core';
import type { ItemError } from './problems';
import type { Task } from './types';

/**
 * `POST /api/v4/tasks` (amocrm.ru/developers/content/crm_platform/tasks-api; the payload keys of
 * amocrm-api-php `Models/TaskModel::toApi`): an array of 1..50 tasks, each with `text` and
 * `complete_till` (unix seconds) — both required, "a task must have a responsible user and a due
 * date" — `task_type_id` 1 (call) or 2 (meeting), the only types of a fresh account,
 * `responsible_user_id` (a user of the account; default: the token's user) and optionally the
 * entity it is attached to: `entity_type` leads or contacts (companies and customers are not
 * simulated) with an `entity_id` that exists, both or neither. One invalid item refuses the whole
 * batch. Answers `_embedded.tasks[] {id, request_id, _links}`.
 */

const blank = (path: string): ItemError => ({
  code: 'NotBlank',
  path,
  detail: 'This value should not be blank.',
});
const notAChoice = (path: string): ItemError => ({
  code: 'NotSupportedChoice',
  path,
  detail: 'The value you selected is not a valid choice.',
});

const TASK_TYPES = [1, 2];

const addTasks: Route['handler'] = (core, req) => {
  const items = batchItems(req.body);
  const errors = new BatchErrors();
  items.forEach((item, i) => {
    const e: ItemError[] = [];
    if (typeof item.text !== 'string' || !item.text.trim()) e.push(blank('text'));
    if (item.complete_till === undefined || item.complete_till === null) e.push(blank('complete_till'));
    else if (typeof item.complete_till !== 'number' || !Number.isInteger(item.complete_till))
      e.push({ code: 'InvalidType', path: 'complete_till', detail: 'This value should be of type int.' });
    const { entity_type: type, entity_id: id } = item;
    if (type !== undefined || id !== undefined) {
      if (type !== 'leads' && type !== 'contacts')
        e.push(type === undefined ? blank('entity_type') : notAChoice('entity_type'));
      else if (typeof id !== 'number' || !(type === 'leads' ? core.crm.lead(id) : core.crm.contact(id)))
        e.push(notAChoice('entity_id'));
    }
    if (item.task_type_id !== undefined && !TASK_TYPES.includes(item.task_type_id as number))
      e.push(notAChoice('task_type_id'));
    core.crm.userPart(item, e);
    errors.add(requestIdOf(item, i), e);
  });
  errors.throwIfAny();
  const made: Task[] = items.map((item) => ({
    id: core.ids.next('task'),
    text: String(item.text),
    complete_till: item.complete_till as number,
    entity_id: (item.entity_id as number | undefined) ?? null,
    entity_type: (item.entity_type as string | undefined) ?? null,
    task_type_id: (item.task_type_id as number | undefined) ?? 1,
    responsible_user_id: (item.responsible_user_id as number | undefined) ?? req.userId,
    is_completed: false,
    created_at: nowSeconds(core),
  }));
  core.tasks.push(...made);
  return {
    status: 200,
    body: {
      _links: selfLink(core, '/api/v4/tasks'),
      _embedded: {
        tasks: made.map((task, i) => ({
          id: task.id,
          request_id: requestIdOf(items[i] ?? {}, i),
          _links: selfLink(core, `/api/v4/tasks/${task.id}`),
        })),
      },
    },
  };
};

export const taskRoutes: Route[] = [{ method: 'POST', pattern: /^\/api\/v4\/tasks$/, handler: addTasks }];
