import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMirrorTransactions } from '@/db/queries/crm-push-reads';
import { findLinksByLime } from '@/db/queries/links';
import { createLogger } from '@/lib/log/logger';
import type { EnqueueRequest } from '@/lib/queue/lanes';
import { setSetting } from '@/lib/settings/settings';
import {
  CRM_IMPORT_JOBS,
  changeImport,
  currentImportView,
  ImportConflictError,
  startImport,
} from '@/lib/sync/crm-import/import-control';
import { runImportSlice } from '@/lib/sync/crm-import/run-import';
import { startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';

/**
 * The initial import (issue "Sync", part d), in both CRMs: goods, adults and the last 30 days of
 * transactions reach the CRM in rounds with progress; a pause stops it between rounds and a resume
 * goes on from the cursor; a contact a manager made (same phone) and one a killed slice made (our
 * Lime id on it, no link yet) are taken over, never duplicated; a second import writes nothing new.
 */

const log = createLogger({ level: 'silent' });
const DAYS = 30;

for (const [name, start, seed] of [
  ['Bitrix24', startBitrix24Account, 631],
  ['amoCRM', startAmocrmAccount, 632],
] as const) {
  describe(`Initial import into ${name}`, () => {
    let park: SyncedPark;
    const sent: EnqueueRequest[] = [];
    let byManager: { limeId: number; crmId: string };
    let byKilledSlice: { limeId: number; crmId: string };
    const db = () => park.t.database.db;
    const tenantId = () => park.account.tenantId;
    const control = () => ({ db: db(), enqueue: async (job: EnqueueRequest) => sent.push(job) });
    const slice = (sliceMs = 0) =>
      runImportSlice({ ...park.crmDeps(), log }, { tenantId: tenantId(), sliceMs });

    beforeAll(async () => {
      park = await startSyncedPark({
        start,
        seed,
        lime: { seed: 23, clients: 10 },
        async before(account, lime) {
          const [first, second] = lime.park.adults().filter((c) => c.phoneNumber);
          if (!first || !second) throw new Error('the park has too few adults with phones');
          byManager = {
            limeId: first.id,
            crmId: await account.addContact({
              name: first.firstName,
              phone: `8${first.phoneNumber?.slice(1)}`,
            }),
          };
          const [made] = await account.crm.upsertContacts([
            {
              id: null,
              input: {
                firstName: second.firstName,
                lastName: null,
                phone: null,
                email: null,
                birthDate: null,
                responsibleUserId: null,
                lime: {
                  limeClientId: String(second.id),
                  cardNumber: null,
                  category: 'adult',
                  children: [],
                  deposit: null,
                  bonus: null,
                  lastVisitAt: null,
                },
              },
            },
          ]);
          byKilledSlice = { limeId: second.id, crmId: made?.id as string };
        },
      });
      const [pipeline] = await park.account.crm.listPipelines();
      const stage = pipeline?.stages.find((s) => s.semantics === 'process');
      if (!pipeline || !stage) throw new Error('the CRM has no open stage');
      await setSetting(db(), {
        tenantId: tenantId(),
        key: 'crmFlows',
        value: {
          purchase: { pipelineId: pipeline.id, stageId: stage.id },
          depositTopup: { pipelineId: pipeline.id, stageId: stage.id },
          pass: { mode: 'deal', target: null },
          booking: null,
        },
      });
    });
    afterAll(async () => {
      await park?.close();
    });

    it('runs in rounds with progress, pauses between rounds, resumes from its cursor, and ends with a summary', async () => {
      const adults = park.lime.park.adults();
      const view = await startImport(control(), { tenantId: tenantId(), days: DAYS });
      expect(sent.at(-1)).toMatchObject({
        kind: CRM_IMPORT_JOBS[park.account.name === 'amoCRM' ? 'amocrm' : 'bitrix24'],
      });
      expect(view).toMatchObject({ status: 'running', phase: 'goods', fraction: 0 });
      expect(view.totals.clients).toBe(adults.length);
      expect(view.totals.children).toBeGreaterThan(0);
      await expect(startImport(control(), { tenantId: tenantId() })).rejects.toBeInstanceOf(
        ImportConflictError,
      );

      const first = await slice();
      expect(first.more).toBe(true);
      const afterOne = await currentImportView(db(), { tenantId: tenantId() });
      expect(afterOne?.done.goods).toBeGreaterThan(0);
      expect(afterOne?.fraction).toBeGreaterThan(0);
      expect(afterOne?.fraction).toBeLessThan(1);

      await changeImport(control(), { tenantId: tenantId(), action: 'pause' });
      const writes = park.account.contactWrites();
      const deals = park.account.dealCount();
      expect((await slice(60_000)).more).toBe(false);
      expect(park.account.contactWrites()).toBe(writes);
      expect((await currentImportView(db(), { tenantId: tenantId() }))?.status).toBe('paused');

      await changeImport(control(), { tenantId: tenantId(), action: 'resume' });
      while ((await slice()).more);
      const done = await currentImportView(db(), { tenantId: tenantId() });
      expect(done).toMatchObject({ status: 'done', phase: 'done', fraction: 1, etaSeconds: null });
      expect(done?.done).toEqual({
        goods: done?.totals.goods,
        clients: adults.length,
        transactions: done?.totals.transactions,
      });
      expect(done?.outcome).toMatchObject({ created: adults.length - 2, matched: 2 });

      const links = await findLinksByLime(db(), {
        tenantId: tenantId(),
        limeType: 'client',
        crmEntity: 'contact',
        limeIds: adults.map((a) => String(a.id)),
      });
      expect(links.size).toBe(adults.length);
      expect(links.get(String(byManager.limeId))?.crmId).toBe(byManager.crmId);
      expect(links.get(String(byKilledSlice.limeId))?.crmId).toBe(byKilledSlice.crmId);
      const contacts = await park.account.crm.getContacts([...links.values()].map((l) => l.crmId));
      expect(new Set(contacts.map((c) => c.id)).size).toBe(adults.length);

      const since = Date.parse(done?.transactionsSince as string);
      const all = await listMirrorTransactions(db(), {
        tenantId: tenantId(),
        connectionId: park.connectionId,
        ids: park.lime.park.transactions.map((tx) => tx.id),
      });
      const recent = all.filter((tx) => tx.occurredAt.getTime() >= since);
      expect(done?.totals.transactions).toBe(recent.length);
      const dealKinds = recent.filter((tx) => ['purchase', 'deposit_topup'].includes(tx.type));
      expect(dealKinds.length).toBeGreaterThan(0);
      expect(park.account.dealCount() - deals).toBe(dealKinds.length);
      expect(done?.outcome.deals).toBe(dealKinds.length);
    });

    it('a second import finds everything in place and writes no contact and no deal', async () => {
      const writes = park.account.contactWrites();
      const deals = park.account.dealCount();
      await startImport(control(), { tenantId: tenantId(), days: DAYS });
      while ((await slice(60_000)).more);
      const again = await currentImportView(db(), { tenantId: tenantId() });
      expect(again).toMatchObject({ status: 'done' });
      expect(again?.outcome.created ?? 0).toBe(0);
      expect(park.account.contactWrites()).toBe(writes);
      expect(park.account.dealCount()).toBe(deals);
      expect(again?.outcome.deals ?? 0).toBe(0);
      expect(again?.outcome.unchanged).toBe(
        (again?.totals.clients ?? 0) + (again?.totals.goods ?? 0) + deals,
      );
    });

    it('a cancelled import stops and another can start', async () => {
      await startImport(control(), { tenantId: tenantId(), days: DAYS });
      expect((await changeImport(control(), { tenantId: tenantId(), action: 'cancel' })).status).toBe(
        'cancelled',
      );
      expect((await slice(60_000)).more).toBe(false);
      await expect(
        changeImport(control(), { tenantId: tenantId(), action: 'resume' }),
      ).rejects.toBeInstanceOf(ImportConflictError);
      expect((await startImport(control(), { tenantId: tenantId(), days: DAYS })).status).toBe('running');
    });
  });
}
