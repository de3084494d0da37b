import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutbox, markForCrm } from '@/db/queries/crm-outbox';
import { listMirrorTransactions } from '@/db/queries/crm-push-reads';
import { findLinksByLime } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { setSetting } from '@/lib/settings/settings';
import { CRM_PUSH_JOBS, crmPushJobFor } from '@/lib/sync/crm-push/jobs';
import { goodKey } from '@/lib/sync/crm-push/push-goods';
import { limeGatewayFor } from '@/lib/sync/lime/connections';
import { sendClientToCrm } from '@/lib/sync/send-client';
import { startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * Lime → CRM, written once against CrmPort, in both CRMs (issue "Sync", part a): the park's goods
 * become the catalog and stay current; its adults become contacts with our fields and their
 * children, an existing CRM contact with the same phone taken over rather than duplicated; an edit in
 * Lime makes exactly one contact write, and a push with nothing new makes none.
 */

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 611],
  ['amoCRM', startAmocrmAccount, 612],
] as const) {
  describe(`Lime → ${name}: goods and clients`, () => {
    let park: SyncedPark;
    let takenOver: { limeId: number; crmId: string };
    const push = () => park.push();
    const followLime = () => park.followLime();
    const contactOf = (limeId: number) => park.contactOf(limeId);

    beforeAll(async () => {
      park = await startSyncedPark({
        start,
        seed,
        lime: { seed: 21, clients: 12 },
        // A manager entered one of the park's visitors by hand, before the app was connected.
        async before(account, lime) {
          const adult = lime.park.adults().find((c) => c.phoneNumber) as NonNullable<
            ReturnType<typeof lime.park.adults>[number]
          >;
          const crmId = await account.addContact({
            name: adult.firstName,
            phone: `8${adult.phoneNumber?.slice(1)}`,
          });
          takenOver = { limeId: adult.id, crmId };
        },
      });
    });
    afterAll(async () => {
      await park?.close();
    });

    it('every adult becomes one contact with our fields, the children on their parents; the catalog holds the goods', async () => {
      const adults = park.lime.park.adults();
      const stats = await push();
      expect(stats.clients).toBe(adults.length);
      expect(stats.created).toBe(adults.length - 1);
      expect(await countOutbox(park.t.database.db, { tenantId: park.account.tenantId })).toBe(0);

      const links = await findLinksByLime(park.t.database.db, {
        tenantId: park.account.tenantId,
        limeType: 'client',
        crmEntity: 'contact',
        limeIds: adults.map((a) => String(a.id)),
      });
      expect(links.size).toBe(adults.length);
      expect(links.get(String(takenOver.limeId))?.crmId).toBe(takenOver.crmId);
      const contacts = await park.account.crm.getContacts([...links.values()].map((l) => l.crmId));
      expect(contacts.map((c) => c.limeClientId).sort()).toEqual(adults.map((a) => String(a.id)).sort());
      const withPhone = adults.filter((a) => a.phoneNumber);
      for (const adult of withPhone.slice(0, 5)) {
        expect(await park.account.crm.findContactIds({ phones: [adult.phoneNumber as string] })).toEqual([
          links.get(String(adult.id))?.crmId,
        ]);
      }

      const relations = [...park.lime.park.relations.values()];
      const parent = adults.find((a) =>
        relations.some((r) => r.parentId === a.id),
      ) as (typeof adults)[number];
      const children = relations
        .filter((r) => r.parentId === parent.id)
        .map((r) => park.lime.park.clients.get(r.childId))
        .filter((c) => c !== undefined);
      const field = park.account.childrenOf(links.get(String(parent.id))?.crmId as string);
      expect(field).toHaveLength(children.length);
      for (const child of children)
        expect(field.some((entry) => entry.startsWith(child.firstName))).toBe(true);

      const products = park.account.productsByKey();
      for (const good of [...park.lime.park.goods.values()].slice(0, 10)) {
        expect(products.get(goodKey(good.id))).toMatchObject({ name: good.name });
      }
    });

    it('a Lime edit makes exactly one contact write; nothing new makes none', async () => {
      const adult = park.lime.park.adults().filter((a) => a.phoneNumber)[2] as { id: number };
      const before = park.account.contactWrites();
      park.lime.controls.editsClient(adult.id, { email: `edited${seed}@kidburg.example.ru` });
      await followLime();
      await push();
      expect(park.account.contactWrites() - before).toBe(1);
      const [contact] = await park.account.crm.getContacts([(await contactOf(adult.id)) as string]);
      expect(contact?.emails).toContain(`edited${seed}@kidburg.example.ru`);

      await push();
      // Marked again with nothing changed (a replayed event): our hash says the CRM has it already.
      await markForCrm(park.t.database.db, {
        tenantId: park.account.tenantId,
        connectionId: park.connectionId,
        kind: 'client',
        limeIds: [adult.id],
      });
      expect((await push()).unchanged).toBe(1);
      expect(park.account.contactWrites() - before).toBe(1);
    });

    it('a drain that leaves marks asks for a push in the lane of the tenant’s CRM; none without marks', async () => {
      expect(await crmPushJobFor(park.t.database.db, park.account.tenantId)).toBeNull();
      park.lime.controls.passesTurnstile((park.lime.park.adults()[6] as { id: number }).id);
      await followLime();
      expect(await crmPushJobFor(park.t.database.db, park.account.tenantId)).toMatchObject({
        kind: name === 'amoCRM' ? CRM_PUSH_JOBS.amocrm : CRM_PUSH_JOBS.bitrix24,
        tenantId: park.account.tenantId,
      });
      await push();
    });

    it('“send to CRM” writes the named client now, even unchanged; an unknown one is a 404', async () => {
      const adult = park.lime.park.adults().filter((a) => a.phoneNumber)[5] as {
        id: number;
        phoneNumber: string;
      };
      const jobs: EnqueueRequest[] = [];
      const deps = {
        database: park.t.database,
        enqueue: async (job: EnqueueRequest) => {
          jobs.push(job);
          return 'job';
        },
      };
      const claims: EmbedClaims = {
        tenantId: park.account.tenantId,
        crm: name === 'amoCRM' ? 'amocrm' : 'bitrix24',
        userId: '1',
        admin: false,
        locale: 'ru',
        entity: null,
        hostOrigin: 'https://crm.example.ru',
      };
      const before = park.account.contactWrites();
      const phone = adult.phoneNumber;
      const sent = await sendClientToCrm(deps, claims, {
        query: `+7 (${phone.slice(1, 4)}) ${phone.slice(4, 7)}-${phone.slice(7, 9)}-${phone.slice(9)}`,
      });
      expect(sent).toMatchObject({
        client: { id: adult.id },
        contactId: await contactOf(adult.id),
        queued: true,
      });
      expect(jobs.map((j) => j.kind)).toEqual([
        name === 'amoCRM' ? CRM_PUSH_JOBS.amocrm : CRM_PUSH_JOBS.bitrix24,
      ]);
      await push();
      expect(park.account.contactWrites() - before).toBe(1);
      await expect(sendClientToCrm(deps, claims, { query: '+7 000 000-00-00' })).rejects.toMatchObject({
        status: 404,
      });
      await expect(sendClientToCrm(deps, claims, { query: ' ' })).rejects.toMatchObject({ status: 400 });
    });

    it('a purchase becomes one deal with every line, linked to the contact; a pass goes to the timeline; nothing twice', async () => {
      const { db } = park.t.database;
      const tenantId = park.account.tenantId;
      const [pipeline] = await park.account.crm.listPipelines();
      const stage = pipeline?.stages.find((s) => s.semantics === 'process');
      if (!pipeline || !stage) throw new Error('the CRM has no open stage');
      await setSetting(db, {
        tenantId,
        key: 'crmFlows',
        value: {
          purchase: { pipelineId: pipeline.id, stageId: stage.id },
          depositTopup: null,
          pass: { mode: 'timeline', target: null },
          booking: null,
        },
      });
      const adult = park.lime.park.adults().filter((a) => a.phoneNumber)[7] as { id: number };
      const dealsBefore = park.account.dealCount();
      const purchase = park.lime.controls.visitorBuys(adult.id);
      park.lime.controls.passesTurnstile(adult.id);
      await followLime();
      expect(await push()).toMatchObject({ deals: 1, timeline: 1 });
      expect(park.account.dealCount() - dealsBefore).toBe(1);

      const dealId = (
        await findLinksByLime(db, {
          tenantId,
          limeType: 'transaction',
          crmEntity: 'deal',
          limeIds: [String(purchase.id)],
        })
      ).get(String(purchase.id))?.crmId as string;
      const [mirrored] = await listMirrorTransactions(db, {
        tenantId,
        connectionId: park.connectionId,
        ids: [purchase.id],
      });
      const deal = await park.account.crm.getDeal(dealId);
      expect(deal).toMatchObject({
        pipelineId: pipeline.id,
        stageId: stage.id,
        contactIds: [await contactOf(adult.id)],
        externalKey: `lime-tx:${purchase.id}`,
      });
      expect(deal?.products).toHaveLength(purchase.entries.length);
      expect(Math.abs((deal?.amount ?? 0) - Number(mirrored?.totalKopecks))).toBeLessThan(100);
      const contactId = (await contactOf(adult.id)) as string;
      expect(park.account.logEntriesOf(contactId).filter((t) => t.startsWith('Проход'))).toHaveLength(1);

      // Delivered again: the same deal, no second timeline entry.
      const all = park.lime.park.transactions.filter((t) => t.clientId === adult.id).slice(-2);
      await markForCrm(db, {
        tenantId,
        connectionId: park.connectionId,
        kind: 'transaction',
        limeIds: all.map((t) => t.id),
      });
      await push();
      expect(park.account.dealCount() - dealsBefore).toBe(1);
      expect(park.account.logEntriesOf(contactId).filter((t) => t.startsWith('Проход'))).toHaveLength(1);
    });

    it('with “new clients as leads”, a client new to the CRM arrives as one lead', async () => {
      const { db } = park.t.database;
      const tenantId = park.account.tenantId;
      await setSetting(db, { tenantId, key: 'newClientsAsLeads', value: true });
      const { gateway } = await limeGatewayFor(
        { database: park.t.database, secrets: park.account.secrets, allowHttpLoopback: true },
        { tenantId, connectionId: park.connectionId },
      );
      // Someone registers at the park's desk.
      const client = await gateway.createClient(
        {
          firstName: 'Лидия',
          lastName: 'Новикова',
          phone: `7999555${seed}1`,
          email: `lidia${seed}@example.ru`,
        },
        { idempotencyKey: `desk-${seed}` },
      );
      const leadsBefore = park.account.leadCount();
      await followLime();
      expect(await push()).toMatchObject({ leads: 1 });
      expect(park.account.leadCount() - leadsBefore).toBe(1);
      const lead = (
        await findLinksByLime(db, {
          tenantId,
          limeType: 'client',
          crmEntity: 'lead',
          limeIds: [String(client.id)],
        })
      ).get(String(client.id));
      expect(lead?.crmId).toBeTruthy();
      // Pushed again (the desk corrects the e-mail): the same lead, no second one.
      park.lime.controls.editsClient(client.id, { email: `lidia.n${seed}@example.ru` });
      await followLime();
      expect(await push()).toMatchObject({ leads: 0 });
      expect(park.account.leadCount() - leadsBefore).toBe(1);
      await setSetting(db, { tenantId, key: 'newClientsAsLeads', value: false });
    });

    it('a child added in Lime shows on the parent’s contact', async () => {
      const parent = park.lime.park.adults()[4] as { id: number };
      const before = park.account.childrenOf((await contactOf(parent.id)) as string).length;
      park.lime.controls.addsChild(parent.id, {
        firstName: 'Ульяна',
        lastName: 'Новая',
        birthDate: '2022-05-17',
      });
      await followLime();
      await push();
      const field = park.account.childrenOf((await contactOf(parent.id)) as string);
      expect(field).toHaveLength(before + 1);
      expect(field).toContain('Ульяна Новая, 2022-05-17');
    });

    it('renamed, repriced and removed goods are kept current in the catalog', async () => {
      const [renamed, repriced, removed] = [...park.lime.park.goods.values()].filter((g) => g.isActive);
      if (!renamed || !repriced || !removed) throw new Error('the park has too few goods');
      park.lime.controls.renamesGood(renamed.id, 'Батут «Космос», 1 час');
      park.lime.controls.setsGoodPrice(repriced.id, 777);
      park.lime.controls.removesGood(removed.id);
      await followLime();
      expect((await push()).goods).toBe(3);
      const products = park.account.productsByKey();
      expect(products.get(goodKey(renamed.id))).toMatchObject({
        name: 'Батут «Космос», 1 час',
        active: true,
      });
      expect(products.get(goodKey(repriced.id))).toMatchObject({ price: 77_700, active: true });
      expect(products.get(goodKey(removed.id))).toMatchObject({ active: false });
    });
  });
}
