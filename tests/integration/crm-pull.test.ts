import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullContactEdits } from '@/lib/sync/crm-pull/pull-contacts';
import { startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * Both directions without echo (issue "Sync", part b), in both CRMs: a manager's edit reaches Lime
 * in exactly one update and nothing comes back to the CRM; a Lime edit reaches the CRM in exactly
 * one write and nothing goes back to Lime; one field edited on both sides goes to the later edit
 * (Lime here), and the CRM ends with it. The CRM's own notifications drive the pull, through our
 * endpoints and jobs.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 621],
  ['amoCRM', startAmocrmAccount, 622],
] as const) {
  describe(`${name} ⇄ Lime: contact edits both ways, without echo`, () => {
    let park: SyncedPark;
    const limeUpdates = () =>
      park.lime.requests.filter((r) => /ClientManagement\/Update$/i.test(r.path)).length;
    const contactOf = async (limeId: number) => (await park.contactOf(limeId)) as string;
    const adult = (index: number) =>
      park.lime.park.adults().filter((a) => a.phoneNumber)[index] as { id: number };
    const pull = (contactId: string) =>
      pullContactEdits(park.crmDeps(), { tenantId: park.account.tenantId, contactIds: [contactId] });

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 23, clients: 10 } });
      await park.push();
      // The CRM's notifications of our own first writes: read, recognised as ours, nothing to Lime.
      await park.account.processCrmEvents();
    });
    afterAll(async () => {
      await park?.close();
    });

    it('our own writes coming back from the CRM send nothing to Lime', () => {
      expect(limeUpdates()).toBe(0);
    });

    it('a manager’s rename reaches Lime in one update; Lime’s event for it writes nothing back', async () => {
      const client = adult(1);
      const contactId = await contactOf(client.id);
      await park.account.renameContact(contactId, 'Варвара');
      await park.account.processCrmEvents();
      expect(limeUpdates()).toBe(1);
      expect(park.lime.park.clients.get(client.id)?.firstName).toBe('Варвара');

      const writes = park.account.contactWrites();
      await park.followLime();
      await park.push();
      expect(park.account.contactWrites()).toBe(writes);
      await park.account.processCrmEvents();
      expect(limeUpdates()).toBe(1);
    });

    it('a Lime edit reaches the CRM in one write; the CRM’s notification of it sends nothing to Lime', async () => {
      const client = adult(2);
      const writes = park.account.contactWrites();
      const updates = limeUpdates();
      park.lime.controls.editsClient(client.id, { firstName: 'Святослав' });
      await park.followLime();
      await park.push();
      expect(park.account.contactWrites() - writes).toBe(1);
      const [contact] = await park.account.crm.getContacts([await contactOf(client.id)]);
      expect(contact?.firstName).toBe('Святослав');
      await park.account.processCrmEvents();
      const stats = await pull(await contactOf(client.id));
      expect(stats).toMatchObject({ read: 1, echoes: 1, written: 0 });
      expect(limeUpdates()).toBe(updates);
    });

    it('one field edited on both sides: the later edit (Lime’s) wins, and the CRM ends with it', async () => {
      const client = adult(3);
      const contactId = await contactOf(client.id);
      const updates = limeUpdates();
      await park.account.renameContact(contactId, 'Из CRM');
      park.lime.controls.editsClient(client.id, { firstName: 'Из Лайма' });
      await park.followLime();
      const stats = await pull(contactId);
      expect(stats).toMatchObject({ written: 0, conflicts: 1 });
      expect(limeUpdates()).toBe(updates);
      await park.push();
      const [contact] = await park.account.crm.getContacts([contactId]);
      expect(contact?.firstName).toBe('Из Лайма');
      expect(park.lime.park.clients.get(client.id)?.firstName).toBe('Из Лайма');
    });
  });
}
