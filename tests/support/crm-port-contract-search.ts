import { describe, expect, it } from 'vitest';
import type { ContractFixture } from './crm-port-contract';
import { contact, unique } from './crm-port-inputs';

/**
 * CrmPort.searchContacts, in both CRMs (part of describeCrmPortContract): what a manager types to
 * attach a contact to a booking — a part of the first or last name, both names, or a phone in any
 * format. A part of a number (its last seven digits) finds it only where the CRM searches inside
 * numbers (amoCRM); Bitrix24 matches whole numbers only.
 */

let phoneSerial = 0;
/** A number no other contact of the contract shares, even in its last seven digits. */
const freshPhone = () =>
  `79996${String((Date.now() % 100_000) * 10 + (phoneSerial++ % 10)).padStart(6, '0')}`;

export function describeContactSearchContract(fixture: () => ContractFixture): void {
  describe('contacts a manager searches for', () => {
    it('finds a part of the first or the last name in any case, and both names together', async () => {
      const { crm } = fixture();
      const tag = unique();
      const input = contact({ firstName: `Ярослава${tag}`, lastName: `Искомая${tag}` });
      const [made] = await crm.upsertContacts([{ id: null, input }]);
      const ids = async (query: string) => (await crm.searchContacts(query)).map((c) => c.id);
      expect(await ids(`скомая${tag}`.toUpperCase())).toEqual([made?.id]);
      expect(await ids(`рослава${tag}`)).toEqual([made?.id]);
      expect(await ids(`Ярослава${tag} Искомая${tag}`)).toEqual([made?.id]);
      const [found] = await crm.searchContacts(`Искомая${tag}`);
      expect(found).toMatchObject({
        id: made?.id,
        firstName: input.firstName,
        lastName: input.lastName,
        phones: [input.phone],
        emails: [input.email],
      });
    });

    it('finds a phone written any way a manager types it', async () => {
      const { crm, managerContact } = fixture();
      const phone = freshPhone();
      const national = phone.slice(1);
      const id = await managerContact({
        firstName: 'Телефон',
        phone: `+7 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`,
      });
      for (const typed of [
        `8 ${national}`,
        `+7${national}`,
        national,
        `+7 (${national.slice(0, 3)}) ${national.slice(3)}`,
      ])
        expect((await crm.searchContacts(typed)).map((c) => c.id)).toEqual([id]);
      const lastSeven = await crm.searchContacts(phone.slice(-7));
      expect(lastSeven.map((c) => c.id)).toEqual(crm.kind === 'amocrm' ? [id] : []);
    });

    it('gives at most `limit` contacts; nothing found and a blank query are empty lists', async () => {
      const { crm } = fixture();
      const tag = unique();
      await crm.upsertContacts(
        [1, 2, 3].map(() => ({ id: null, input: contact({ lastName: `Однофамилец${tag}` }) })),
      );
      expect(await crm.searchContacts(`Однофамилец${tag}`)).toHaveLength(3);
      expect(await crm.searchContacts(`Однофамилец${tag}`, 2)).toHaveLength(2);
      expect(await crm.searchContacts(`Нетакого${unique()}`)).toEqual([]);
      expect(await crm.searchContacts('   ')).toEqual([]);
      expect(await crm.searchContacts(freshPhone())).toEqual([]);
    });
  });
}
