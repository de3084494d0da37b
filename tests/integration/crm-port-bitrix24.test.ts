import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrix24Crm } from '@/lib/crm/bitrix24/crm-adapter';
import { createOAuthRest } from '@/lib/crm/bitrix24/oauth-client';
import type { CrmPort } from '@/lib/crm/crm-port';
import { normalizePhone } from '@/lib/domain/phone';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../support/bitrix24-harness';
import { describeCrmPortContract } from '../support/crm-port-contract';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The CrmPort contract against the Bitrix24 adapter, over HTTP to the Bitrix24 simulator. The portal
 * is an Enterprise one (its real limit: 5 requests/s after a burst of 250), and our limiter is told
 * so: the contract's hundreds of calls take half a minute on a standard portal's 2/s, which proves
 * nothing more (the standard limit is proved by the sync and import tests and the benchmark).
 */

let t: TestDatabase;
/** The CRM's clock runs this far ahead of ours (the stage-move windows move it on). */
let clockOffsetMs = 0;
let h: Bitrix24Harness;
let crm: CrmPort;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, {
    sim: { now: () => new Date(Date.now() + clockOffsetMs), seed: 401, limits: { rate: 5, burst: 250 } },
  });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  const tenant = await h.tenant();
  const rest = await createOAuthRest(
    { database: t.database, secrets: h.deps.secrets, allowHttpLoopback: true, app: TEST_APP },
    { tenantId: tenant?.id as string, tier: 'enterprise' },
  );
  crm = createBitrix24Crm(rest);
});
afterAll(async () => {
  await h?.close();
  await t?.drop();
});

describeCrmPortContract('Bitrix24', () => ({
  crm,
  now: () => new Date(Date.now() + clockOffsetMs),
  async later(seconds) {
    clockOffsetMs += seconds * 1000;
  },
  async notesOf(entity, id) {
    return h.sim.state.timelineComments
      .filter((c) => c.ENTITY_TYPE === entity && String(c.ENTITY_ID) === id)
      .map((c) => c.COMMENT);
  },
  async logEntriesOf(entity, id) {
    return h.sim.state.timelineLogMessages
      .filter((m) => m.entityTypeId === (entity === 'contact' ? 3 : 2) && String(m.entityId) === id)
      .map((m) => `${m.title}: ${m.text}`);
  },
  async managerContact({ firstName, phone }) {
    const id = await h.sim.controls.addContact({
      NAME: firstName,
      PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }],
    });
    return String(id);
  },
  async managerUser() {
    return String(h.sim.controls.addUser({ admin: false, name: 'Ольга Менеджер' }));
  },
  async tasksOf(entity, id) {
    return h.sim.state.todoActivities
      .filter((a) => a.ownerTypeId === (entity === 'contact' ? 3 : 2) && String(a.ownerId) === id)
      .map((a) => ({
        id: String(a.id),
        text: a.description,
        dueAt: new Date(a.deadline).toISOString(),
        responsibleUserId: String(a.responsibleId),
      }));
  },
  async leadOf(leadId) {
    const lead = h.sim.state.leads.find((l) => String(l.id) === leadId);
    if (!lead) return null;
    const values = (type: 'PHONE' | 'EMAIL') =>
      lead.multi.filter((m) => m.TYPE_ID === type).map((m) => m.VALUE);
    return {
      title: lead.fields.TITLE ?? '',
      phones: values('PHONE').map((p) => normalizePhone(p) ?? p),
      emails: values('EMAIL').map((e) => e.toLowerCase()),
      contactId: lead.contactIds[0] === undefined ? null : String(lead.contactIds[0]),
      responsibleUserId: lead.fields.ASSIGNED_BY_ID ?? '',
    };
  },
  async manyManagerContacts(count, firstPhone) {
    for (let i = 0; i < count; i++)
      await h.sim.controls.addContact({
        NAME: `Клиент ${i}`,
        PHONE: [{ VALUE: `+7999${String(firstPhone + i).padStart(7, '0')}`, VALUE_TYPE: 'WORK' }],
      });
  },
  async entityCounts() {
    return { leads: h.sim.state.leads.length, contacts: h.sim.state.contacts.length };
  },
  async dealHallOf(dealId) {
    const value = h.sim.state.deals.find((d) => String(d.id) === dealId)?.uf.UF_CRM_LIME_HALL;
    return typeof value === 'string' && value !== '' ? value : null;
  },
}));

describe('Bitrix24 adapter: to-dos', () => {
  it('titles a to-do with the first line of its text and keeps the whole text as its description', async () => {
    const contact = await h.sim.controls.addContact({ NAME: 'Анна' });
    const text = 'Подтвердить бронь\nЗал «Джунгли», 12 детей';
    const { id } = await crm.addTask({
      entity: 'contact',
      id: String(contact),
      text,
      dueAt: '2026-12-02T07:00:00.250Z',
      responsibleUserId: null,
    });
    expect(h.sim.state.todoActivities.find((a) => String(a.id) === id)).toMatchObject({
      title: 'Подтвердить бронь',
      description: text,
      deadline: '2026-12-02T10:00:00+03:00',
    });
    const sent = h.sim.requests.filter((r) => r.restMethod === 'crm.activity.todo.add').at(-1);
    expect(sent?.body).toContain('"deadline":"2026-12-02T07:00:00+00:00"');
  });
});

describe('Bitrix24 adapter: new clients as leads', () => {
  it('writes the client into the lead (phone MOBILE, e-mail HOME, birth date), keyed by ORIGINATOR_ID/ORIGIN_ID; no pipeline', async () => {
    const sent = h.sim.requests.length;
    const made = await crm.createLead({
      externalKey: 'lime-client:b24-lead-1',
      title: 'Новый клиент: Вера',
      contact: {
        firstName: 'Вера',
        lastName: 'Лаймова',
        phone: '79991112233',
        email: 'Vera@Example.RU',
        birthDate: '1991-12-03',
        lime: null,
      },
      pipelineId: '7',
      stageId: 'C7:NEW',
      responsibleUserId: null,
    });
    expect(made).toEqual({ leadId: expect.stringMatching(/^\d+$/), contactId: null, created: true });
    const lead = h.sim.state.leads.find((l) => String(l.id) === made.leadId);
    expect(lead?.fields).toMatchObject({
      TITLE: 'Новый клиент: Вера',
      NAME: 'Вера',
      LAST_NAME: 'Лаймова',
      BIRTHDATE: '1991-12-03',
      STATUS_ID: 'NEW',
      ORIGINATOR_ID: 'lime-bridge',
      ORIGIN_ID: 'lime-client:b24-lead-1',
    });
    expect(lead?.multi.map((m) => [m.TYPE_ID, m.VALUE_TYPE, m.VALUE])).toEqual([
      ['PHONE', 'MOBILE', '+79991112233'],
      ['EMAIL', 'HOME', 'vera@example.ru'],
    ]);
    const calls = h.sim.requests.slice(sent).map((r) => r.restMethod);
    expect(calls).toEqual(['crm.lead.list', 'crm.lead.add']);
    const add = h.sim.requests.slice(sent).find((r) => r.restMethod === 'crm.lead.add');
    expect(JSON.parse(add?.body ?? '{}').params).toEqual({ REGISTER_SONET_EVENT: 'Y' });
  });
});
