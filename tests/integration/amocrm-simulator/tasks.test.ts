import { beforeAll, describe, expect, it } from 'vitest';
import { api, connect, setupAmocrmSimulator } from './support';

/**
 * Tasks over API v4 (amocrm.ru/developers/content/crm_platform/tasks-api; TaskModel::toApi):
 * the docs' "add tasks" example and its answer, and the refusals — a task needs its text and its
 * due time, names an entity that exists (type and id together) and a user of the account. One bad
 * item refuses the whole batch.
 */

// Functional suite: the 7 req/s limit is raised so it does not pace the assertions (limits.test.ts covers it).
const h = setupAmocrmSimulator({ limits: { perSecond: 1000 } });
let token = '';
let contactId = 0;
let leadId = 0;
beforeAll(async () => {
  token = (await connect(h.sim)).access_token;
  contactId = await h.sim.controls.addContact({ first_name: 'Анна' });
  const lead = await api(h.sim, token, 'POST', '/api/v4/leads', [{ name: 'Бронь ДР' }]);
  leadId = lead.json._embedded.leads[0].id;
});

const post = (body: unknown) => api(h.sim, token, 'POST', '/api/v4/tasks', body);
const paths = (r: { json: { 'validation-errors': { errors: { path: string; code: string }[] }[] } }) =>
  r.json['validation-errors'].flatMap((v) => v.errors.map((e) => `${e.path}:${e.code}`));

describe('POST /api/v4/tasks', () => {
  it('adds the docs example task and answers its id with the request_id', async () => {
    // tasks-api "Добавление задач": [{"task_type_id":1,"text":"Встретиться с клиентом Иван Иванов",
    // "complete_till":1588885140,"entity_id":9785993,"entity_type":"leads","request_id":"example"}]
    const r = await post([
      {
        task_type_id: 1,
        text: 'Встретиться с клиентом Иван Иванов',
        complete_till: 1588885140,
        entity_id: leadId,
        entity_type: 'leads',
        request_id: 'example',
      },
    ]);
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/hal+json');
    const [made] = r.json._embedded.tasks;
    expect(made).toEqual({
      id: expect.any(Number),
      request_id: 'example',
      _links: { self: { href: `${h.sim.url}/api/v4/tasks/${made.id}` } },
    });
    expect(h.sim.state.tasks.find((t) => t.id === made.id)).toMatchObject({
      text: 'Встретиться с клиентом Иван Иванов',
      complete_till: 1588885140,
      entity_type: 'leads',
      entity_id: leadId,
      task_type_id: 1,
      is_completed: false,
    });
  });

  it('gives the task to the responsible user asked for, else to the token user', async () => {
    const manager = h.sim.controls.addUser({ admin: false, name: 'Менеджер' });
    const r = await post([
      {
        text: 'Позвонить',
        complete_till: 1800000000,
        entity_type: 'contacts',
        entity_id: contactId,
        responsible_user_id: manager,
      },
      { text: 'Перезвонить', complete_till: 1800000000, entity_type: 'contacts', entity_id: contactId },
    ]);
    const [mine, theirs] = r.json._embedded.tasks.map((t: { id: number }) =>
      h.sim.state.tasks.find((x) => x.id === t.id),
    );
    expect(mine?.responsible_user_id).toBe(manager);
    expect(theirs?.responsible_user_id).not.toBe(manager);
    expect(h.sim.state.users.map((u) => u.id)).toContain(theirs?.responsible_user_id);
  });

  it('refuses a task without text or due time, naming the paths', async () => {
    const r = await post([{ entity_type: 'contacts', entity_id: contactId }]);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(paths(r)).toEqual(['text:NotBlank', 'complete_till:NotBlank']);
    expect(paths(await post([{ text: '  ', complete_till: '1800000000' }]))).toEqual([
      'text:NotBlank',
      'complete_till:InvalidType',
    ]);
  });

  it('refuses an entity that does not exist, an unknown type, and a type or id alone', async () => {
    const base = { text: 'x', complete_till: 1800000000 };
    expect(paths(await post([{ ...base, entity_type: 'leads', entity_id: 1 }]))).toEqual([
      'entity_id:NotSupportedChoice',
    ]);
    expect(paths(await post([{ ...base, entity_type: 'contacts', entity_id: leadId }]))).toEqual([
      'entity_id:NotSupportedChoice',
    ]);
    expect(paths(await post([{ ...base, entity_type: 'deals', entity_id: leadId }]))).toEqual([
      'entity_type:NotSupportedChoice',
    ]);
    expect(paths(await post([{ ...base, entity_id: leadId }]))).toEqual(['entity_type:NotBlank']);
    expect(paths(await post([{ ...base, entity_type: 'leads' }]))).toEqual(['entity_id:NotSupportedChoice']);
  });

  it('refuses an unknown task type or responsible user, and then writes nothing of the batch', async () => {
    const before = h.sim.state.tasks.length;
    const r = await post([
      { text: 'ok', complete_till: 1800000000 },
      { text: 'x', complete_till: 1800000000, task_type_id: 3, responsible_user_id: 1 },
    ]);
    expect(r.status).toBe(400);
    expect(r.json['validation-errors']).toEqual([
      {
        request_id: '1',
        errors: [
          expect.objectContaining({ path: 'task_type_id', code: 'NotSupportedChoice' }),
          expect.objectContaining({ path: 'responsible_user_id', code: 'NotSupportedChoice' }),
        ],
      },
    ]);
    expect(h.sim.state.tasks).toHaveLength(before);
  });
});
