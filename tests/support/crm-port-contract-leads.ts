import { describe, expect, it } from 'vitest';
import type { CrmLeadInput } from '@/lib/crm/crm-port';
import type { ContractFixture } from './crm-port-contract';
import { contact, unique } from './crm-port-inputs';

/**
 * CrmPort.createLead, in both CRMs (part of describeCrmPortContract): a Lime client new to the CRM
 * arrives as a lead once per key, with the client's phone and e-mail where a manager reads them,
 * for the responsible user asked for.
 */

function leadInput(overrides: Partial<CrmLeadInput> = {}): CrmLeadInput {
  const { responsibleUserId: _, ...client } = contact({ email: `Lead.${unique()}@Example.RU` });
  return {
    externalKey: `lime-client:${unique()}`,
    title: `Новый клиент Лайма: ${client.firstName} ${client.lastName}`,
    contact: client,
    responsibleUserId: null,
    ...overrides,
  };
}

export function describeLeadContract(fixture: () => ContractFixture): void {
  describe('new clients as leads', () => {
    it("creates the lead once per key, with the client's phone and e-mail readable", async () => {
      const { crm, leadOf } = fixture();
      const input = leadInput();
      const made = await crm.createLead(input);
      expect(made.created).toBe(true);
      expect(await leadOf(made.leadId)).toEqual({
        title: input.title,
        phones: [input.contact.phone],
        emails: [input.contact.email?.toLowerCase()],
        contactId: made.contactId,
        responsibleUserId: expect.any(String),
      });
      // Where the CRM makes the client a contact of the lead (amoCRM), it is a contact like any other.
      if (made.contactId !== null) {
        const [client] = await crm.getContacts([made.contactId]);
        expect(client).toMatchObject({ firstName: 'Анна', lastName: input.contact.lastName });
        expect(client?.phones).toEqual([input.contact.phone]);
        expect(client?.birthDate).toBe('1990-05-17');
      }
    });

    it('a second call with the same key returns the first lead, unchanged, and makes nothing', async () => {
      const { crm, leadOf, entityCounts } = fixture();
      const input = leadInput();
      const first = await crm.createLead(input);
      const before = await entityCounts();
      const again = await crm.createLead({
        ...input,
        title: 'Другой заголовок',
        contact: { ...input.contact, phone: '79990001111' },
      });
      expect(again).toEqual({ leadId: first.leadId, contactId: first.contactId, created: false });
      expect(await entityCounts()).toEqual(before);
      expect(await leadOf(first.leadId)).toMatchObject({ title: input.title, phones: [input.contact.phone] });
      // Another key is another lead.
      const other = await crm.createLead(leadInput());
      expect(other.created).toBe(true);
      expect(other.leadId).not.toBe(first.leadId);
    });

    it('sets the responsible user asked for; none asked, the CRM default (the integration user)', async () => {
      const { crm, leadOf, managerUser } = fixture();
      const manager = await managerUser();
      const assigned = await crm.createLead(leadInput({ responsibleUserId: manager }));
      expect((await leadOf(assigned.leadId))?.responsibleUserId).toBe(manager);
      if (assigned.contactId !== null) {
        const [client] = await crm.getContacts([assigned.contactId]);
        expect(client?.responsibleUserId).toBe(manager);
      }
      const unassigned = await crm.createLead(leadInput());
      const fallback = (await leadOf(unassigned.leadId))?.responsibleUserId;
      expect(fallback).not.toBe(manager);
      expect((await crm.listUsers()).map((u) => u.id)).toContain(fallback);
    });

    it('a client without phone or e-mail is a lead all the same', async () => {
      const { crm, leadOf } = fixture();
      const input = leadInput();
      const made = await crm.createLead({
        ...input,
        contact: { ...input.contact, phone: null, email: null },
      });
      expect(await leadOf(made.leadId)).toMatchObject({ title: input.title, phones: [], emails: [] });
    });
  });
}
