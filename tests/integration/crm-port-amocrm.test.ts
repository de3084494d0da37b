import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmocrmClient } from '@/lib/crm/amocrm/api-client';
import { createAmocrmCrm } from '@/lib/crm/amocrm/crm-adapter';
import type { CrmPort } from '@/lib/crm/crm-port';
import { type AmocrmHarness, startAmocrmHarness } from '../support/amocrm-harness';
import { describeCrmPortContract } from '../support/crm-port-contract';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The CrmPort contract against the amoCRM adapter, over HTTP to the amoCRM simulator.
 *
 * The simulator keeps amoCRM's real rules; this test shrinks nothing but raises the per-second
 * limit from 7 to 50, because the contract makes a few hundred calls and at 7/s the run would take
 * far longer than it needs to prove the behaviour.
 */

let t: TestDatabase;
let h: AmocrmHarness;
let crm: CrmPort;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAmocrmHarness(t.database, { sim: { seed: 402, limits: { perSecond: 50 } } });
  await h.connect();
  const tenantId = await h.tenantId();
  const keys = h.deps.keys;
  if (!tenantId || !keys) throw new Error('the amoCRM connection made no tenant');
  const client = createAmocrmClient(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, keys },
    { tenantId, baseUrl: h.sim.url },
  );
  crm = createAmocrmCrm(client);
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describeCrmPortContract('amoCRM', () => ({
  crm,
  async notesOf(entity, id) {
    return h.sim.state.notes
      .filter(
        (n) =>
          n.note_type === 'common' &&
          n.entity_type === (entity === 'contact' ? 'contacts' : 'leads') &&
          String(n.entity_id) === id,
      )
      .map((n) => String(n.params.text));
  },
  async logEntriesOf(entity, id) {
    return h.sim.state.notes
      .filter(
        (n) =>
          n.note_type === 'service_message' &&
          n.entity_type === (entity === 'contact' ? 'contacts' : 'leads') &&
          String(n.entity_id) === id,
      )
      .map((n) => `${n.params.service}: ${n.params.text}`);
  },
  async managerContact({ firstName, phone }) {
    const id = await h.sim.controls.addContact({
      first_name: firstName,
      custom_fields_values: [{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] }],
    });
    return String(id);
  },
  async managerUser() {
    return String(h.sim.controls.addUser({ admin: false, name: 'Ольга Менеджер' }));
  },
  async tasksOf(entity, id) {
    return h.sim.state.tasks
      .filter(
        (t) => t.entity_type === (entity === 'contact' ? 'contacts' : 'leads') && String(t.entity_id) === id,
      )
      .map((t) => ({
        id: String(t.id),
        text: t.text,
        dueAt: new Date(t.complete_till * 1000).toISOString(),
        responsibleUserId: String(t.responsible_user_id),
      }));
  },
}));

describe('amoCRM adapter: tasks', () => {
  it('makes a call-type task (1) due at the whole second', async () => {
    const contact = await h.sim.controls.addContact({ first_name: 'Анна' });
    const { id } = await crm.addTask({
      entity: 'contact',
      id: String(contact),
      text: 'Позвонить',
      dueAt: '2026-12-02T07:00:00.750Z',
      responsibleUserId: null,
    });
    expect(h.sim.state.tasks.find((t) => String(t.id) === id)).toMatchObject({
      task_type_id: 1,
      complete_till: Date.parse('2026-12-02T07:00:00Z') / 1000,
    });
  });
});
