import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmocrmClient } from '@/lib/crm/amocrm/api-client';
import { createAmocrmCrm } from '@/lib/crm/amocrm/crm-adapter';
import type { CrmPort } from '@/lib/crm/crm-port';
import { normalizePhone } from '@/lib/domain/phone';
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
/** The CRM's clock runs this far ahead of ours (the stage-move windows move it on). */
let clockOffsetMs = 0;
let h: AmocrmHarness;
let crm: CrmPort;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAmocrmHarness(t.database, {
    sim: { now: () => new Date(Date.now() + clockOffsetMs), seed: 402, limits: { perSecond: 50 } },
  });
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
  now: () => new Date(Date.now() + clockOffsetMs),
  async later(seconds) {
    clockOffsetMs += seconds * 1000;
  },
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
  async leadOf(leadId) {
    const lead = h.sim.state.leads.find((l) => String(l.id) === leadId && !l.is_deleted);
    if (!lead) return null;
    const mainId = lead.contact_ids[0];
    const client = h.sim.state.contacts.find((c) => c.id === mainId);
    const values = (code: 'PHONE' | 'EMAIL') => {
      const field = h.sim.state.customFields.contacts.find((f) => f.code === code);
      const found = client?.custom_fields_values.find((v) => v.field_id === field?.id);
      return (found?.values ?? []).map((v) => String(v.value));
    };
    return {
      title: lead.name,
      phones: values('PHONE').map((p) => normalizePhone(p) ?? p),
      emails: values('EMAIL').map((e) => e.toLowerCase()),
      contactId: mainId === undefined ? null : String(mainId),
      responsibleUserId: String(lead.responsible_user_id),
    };
  },
  async manyManagerContacts(count, firstPhone) {
    for (let i = 0; i < count; i++)
      await h.sim.controls.addContact({
        first_name: `Клиент ${i}`,
        custom_fields_values: [
          {
            field_code: 'PHONE',
            values: [{ value: `+7999${String(firstPhone + i).padStart(7, '0')}`, enum_code: 'WORK' }],
          },
        ],
      });
  },
  async entityCounts() {
    return { leads: h.sim.state.leads.length, contacts: h.sim.state.contacts.length };
  },
  async dealHallOf(dealId) {
    const fieldId = h.sim.state.customFields.leads.find((f) => f.code === 'LIME_HALL')?.id;
    const lead = h.sim.state.leads.find((l) => String(l.id) === dealId);
    const value = lead?.custom_fields_values?.find((f) => f.field_id === fieldId)?.values[0]?.value;
    return typeof value === 'string' && value !== '' ? value : null;
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

describe('amoCRM adapter: new clients as leads', () => {
  it('one POST /api/v4/leads/complex: the lead in the pipeline and stage asked, the client as its new contact', async () => {
    const pipeline = h.sim.state.pipelines.find((p) => !p.is_main) ?? h.sim.state.pipelines[0];
    const stage = pipeline?.statuses.filter((s) => s.type === 0).at(-1);
    const manager = String(h.sim.controls.addUser({ admin: false, name: 'Ольга' }));
    const lime = {
      limeClientId: 'lime-amo-lead-1',
      cardNumber: '000777',
      category: 'adult' as const,
      children: [],
      deposit: null,
      bonus: 120,
      lastVisitAt: null,
    };
    const sent = h.sim.requests.length;
    const made = await crm.createLead({
      externalKey: 'lime-client:amo-lead-1',
      title: 'Новый клиент: Вера',
      contact: {
        firstName: 'Вера',
        lastName: 'Лаймова',
        phone: '79991112233',
        email: 'vera@example.ru',
        birthDate: null,
        lime,
      },
      pipelineId: String(pipeline?.id),
      stageId: String(stage?.id),
      responsibleUserId: manager,
    });
    expect(made).toMatchObject({ created: true, contactId: expect.stringMatching(/^\d+$/) });
    const writes = h.sim.requests.slice(sent).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v4/leads/complex']);
    const lead = h.sim.state.leads.find((l) => String(l.id) === made.leadId);
    expect(lead).toMatchObject({
      name: 'Новый клиент: Вера',
      pipeline_id: pipeline?.id,
      status_id: stage?.id,
      responsible_user_id: Number(manager),
    });
    const contact = h.sim.state.contacts.find((c) => String(c.id) === made.contactId);
    const codes = h.sim.state.customFields.contacts;
    const enumOf = (code: string) =>
      contact?.custom_fields_values.find((v) => v.field_id === codes.find((f) => f.code === code)?.id)
        ?.values[0]?.enum_code;
    expect([enumOf('PHONE'), enumOf('EMAIL')]).toEqual(['MOB', 'PRIV']);
    // The contact carries our Lime fields: the contact sync later finds it instead of making another.
    const [again] = await crm.upsertContacts([
      {
        id: null,
        input: {
          firstName: 'Вера',
          lastName: 'Лаймова',
          phone: '79991112233',
          email: null,
          birthDate: null,
          lime,
          responsibleUserId: null,
        },
      },
    ]);
    expect(again).toEqual({ id: made.contactId, created: false });
  });
});
