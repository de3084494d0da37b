import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendJournal } from '@/db/queries/journal';
import { findLinksByLime } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { JOURNAL_KINDS } from '@/lib/domain/journal';
import { CRM_PUSH_JOBS } from '@/lib/sync/crm-push/jobs';
import {
  type JournalItem,
  listJournalForClaims,
  retryJournalEntryForClaims,
} from '@/lib/sync/journal/journal-api';
import { saveSettings } from '@/lib/sync/settings-api';
import { startAmocrmAccount, startBitrix24Account } from '../support/crm-push-fixtures';
import { type SyncedPark, startSyncedPark } from '../support/synced-park';
import { createTenant } from '../support/test-database';

/**
 * The sync journal in the settings of both CRMs (issue 6, part d): a purchase the CRM refuses — the
 * stage chosen for purchases was deleted in the CRM, which Bitrix24 answers with
 * CRM_FIELD_ERROR_VALUE_NOT_VALID for the field "Stage" and amoCRM with a 400 NotSupportedChoice at
 * `status_id` — is an error row in plain words naming that field; the admin chooses another stage
 * and presses retry, the push job runs again, the deal arrives, an ok row follows. Filters, paging,
 * the admin-only retry and the tenant scope are checked on the same rows.
 */

for (const [name, start, seed, crm] of [
  ['Bitrix24', startBitrix24Account, 631, 'bitrix24'],
  ['amoCRM', startAmocrmAccount, 632, 'amocrm'],
] as const) {
  describe(`the sync journal in ${name}`, () => {
    let park: SyncedPark;
    let failedId = 0;

    beforeAll(async () => {
      park = await startSyncedPark({ start, seed, lime: { seed: 23, clients: 4 } });
      await park.push();
    });
    afterAll(async () => {
      await park?.close();
    });

    const claims = (admin: boolean): EmbedClaims => ({
      tenantId: park.account.tenantId,
      crm,
      userId: admin ? '1' : '2',
      admin,
      locale: 'ru',
      entity: null,
      hostOrigin: 'https://crm.example.ru',
    });
    const deps = () => ({ database: park.t.database, enqueue: park.account.enqueue });
    const list = (query: Record<string, unknown>, admin = false) =>
      listJournalForClaims(deps(), claims(admin), query);
    const purchasesTo = (pipelineId: string, stageId: string) =>
      saveSettings(park.crmDeps(), claims(true), {
        crmFlows: {
          purchase: { pipelineId, stageId },
          depositTopup: null,
          pass: { mode: 'timeline', target: null },
          booking: null,
        },
      });

    it('a refused deal is an error in plain words; the admin fixes the stage, retries, and the deal arrives', async () => {
      const [pipeline] = await park.account.crm.listPipelines();
      const [, chosen, other] = pipeline?.stages.filter((s) => s.semantics === 'process') ?? [];
      if (!pipeline || !chosen || !other) throw new Error('the CRM has too few open stages');
      await purchasesTo(pipeline.id, chosen.id);
      // A manager deletes that stage in the CRM; then a visitor buys something.
      park.account.deleteStage(pipeline.id, chosen.id);
      expect((await park.account.crm.listPipelines())[0]?.stages.map((s) => s.id)).not.toContain(chosen.id);
      const adult = park.lime.park.adults()[0] as { id: number };
      const purchase = park.lime.controls.visitorBuys(adult.id);
      await park.followLime();
      const dealsBefore = park.account.dealCount();
      await expect(park.push()).rejects.toThrow();
      expect(park.account.dealCount()).toBe(dealsBefore);

      const [failed] = (await list({ status: 'failed' })).entries;
      expect(failed).toMatchObject({
        kind: 'deals',
        operation: 'crm.deals.upsert',
        direction: 'lime_to_crm',
        status: 'error',
        retryable: true,
        problem: { cause: 'field-refused' },
      });
      const problem = (failed as JournalItem).problem;
      expect(problem?.text).toMatch(
        crm === 'bitrix24' ? /Битрикс24 .*поля «Стадия»/ : /amoCRM .*поля «Этап»/,
      );
      expect(problem?.detail).toMatch(crm === 'bitrix24' ? /CRM_FIELD_ERROR_VALUE_NOT_VALID/ : /status_id/);
      failedId = (failed as JournalItem).id;

      // A manager sees it but may not retry; the admin fixes the cause first, then retries.
      await expect(retryJournalEntryForClaims(deps(), claims(false), { id: failedId })).rejects.toMatchObject(
        {
          status: 403,
        },
      );
      await purchasesTo(pipeline.id, other.id);
      const retried = await retryJournalEntryForClaims(deps(), claims(true), { id: failedId });
      await park.account.processCrmEvents();

      expect(park.account.dealCount() - dealsBefore).toBe(1);
      const link = (
        await findLinksByLime(park.t.database.db, {
          tenantId: park.account.tenantId,
          limeType: 'transaction',
          crmEntity: 'deal',
          limeIds: [String(purchase.id)],
        })
      ).get(String(purchase.id));
      expect(await park.account.crm.getDeal(link?.crmId as string)).toMatchObject({ stageId: other.id });
      // (The CRM's own notice of the new deal comes in as an inbound row: not ours to order.)
      const deals = (await list({ kind: 'deals' })).entries.filter((e) => e.direction !== 'inbound');
      expect(deals.slice(0, 3).map((e) => [e.operation, e.status, e.id > retried.entryId])).toEqual([
        ['crm.deals.upsert', 'ok', true],
        ['journal.retry', 'ok', false],
        ['crm.deals.upsert', 'error', false],
      ]);
      expect(deals[0]?.counts).toMatchObject({ deals: 1 });
      // What succeeded, and the retry row itself, are not for retrying.
      await expect(
        retryJournalEntryForClaims(deps(), claims(true), { id: deals[0]?.id as number }),
      ).rejects.toMatchObject({ status: 409 });
    });

    it('filters by entity kind, status and direction, newest first, a page at a time', async () => {
      const contacts = (await list({ kind: 'contacts' })).entries;
      expect(contacts.map((e) => e.operation)).toContain('crm.contacts.upsert');
      expect(contacts.every((e) => ['crm.contacts.upsert', 'contact.changed'].includes(e.operation))).toBe(
        true,
      );
      const failed = (await list({ status: 'failed' })).entries;
      expect(failed.map((e) => e.id)).toEqual([failedId]);
      const ok = (await list({ status: 'ok', limit: 100 })).entries;
      expect(ok.length).toBeGreaterThan(2);
      expect(ok.every((e) => e.status === 'ok' && e.problem === null)).toBe(true);
      expect(ok.map((e) => e.id)).toEqual([...ok.map((e) => e.id)].sort((a, b) => b - a));
      const internal = (await list({ direction: 'internal' })).entries;
      expect(internal.map((e) => e.operation)).toContain('journal.retry');
      expect(internal.every((e) => e.direction === 'internal')).toBe(true);
      expect((await list({ kind: 'products', status: 'error' })).entries).toEqual([]);
      // The database's filter and the code's kind of each row agree, for every kind.
      const byKind = await Promise.all(JOURNAL_KINDS.map((kind) => list({ kind, limit: 100 })));
      expect(byKind.flatMap((page, i) => page.entries.filter((e) => e.kind !== JOURNAL_KINDS[i]))).toEqual(
        [],
      );
      expect(byKind.reduce((n, page) => n + page.entries.length, 0)).toBe(
        (await list({ limit: 100 })).entries.length,
      );

      const first = await list({ limit: 2 });
      expect(first.entries).toHaveLength(2);
      const second = await list({ limit: 2, before: first.nextCursor });
      expect(second.entries[0]?.id).toBeLessThan(first.entries[1]?.id as number);
      const all = await list({ limit: 100 });
      expect(all.nextCursor).toBeNull();
      expect(all.entries.slice(2, 4)).toEqual(second.entries);

      await expect(list({ kind: 'everything' })).rejects.toMatchObject({ status: 400 });
      await expect(list({ limit: 1000 })).rejects.toMatchObject({ status: 400 });
    });

    it('another tenant’s row is never listed, and retrying it is a 404', async () => {
      const other = await createTenant(park.t.database, { kind: crm, externalId: `other-${seed}` });
      const foreign = await appendJournal(park.t.database.db, {
        tenantId: other.id,
        direction: 'lime_to_crm',
        operation: 'crm.deals.upsert',
        status: 'error',
        error: 'Bitrix24 crm.item.add: CRM_FIELD_ERROR_VALUE_NOT_VALID — Invalid value for field "Stage"',
        details: { retry: { job: CRM_PUSH_JOBS[crm], payload: {} } },
      });
      expect((await list({ limit: 100 })).entries.map((e) => e.id)).not.toContain(foreign);
      await expect(retryJournalEntryForClaims(deps(), claims(true), { id: foreign })).rejects.toMatchObject({
        status: 404,
      });
      await expect(retryJournalEntryForClaims(deps(), claims(true), { id: 'one' })).rejects.toMatchObject({
        status: 400,
      });
    });
  });
}
