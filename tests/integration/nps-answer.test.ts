import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealNpsToken } from '@/lib/auth/nps-token';
import type { CampaignDelivery } from '@/lib/domain/campaign-delivery';
import { deliverSend } from '@/lib/mailings/deliver';
import { answerNps, npsPageState } from '@/lib/mailings/nps-answer';
import {
  type CrmAccountFixture,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { campaignWithSend, limeConnectionOf } from '../support/mailing-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The NPS answer (issue 8) in both CRMs: the link a mailing wrote into the contact opens the form;
 * the answer is stored once (a second submit shows the first) and then lands in the contact's NPS
 * field and timeline in the CRM simulator, once however often the job runs. A tampered or expired
 * link, or one of a send that is not NPS, gets its clear page and changes nothing.
 */

const APP_URL = 'https://bridge.example.ru';

function suite(name: 'Bitrix24' | 'amoCRM', start: typeof startBitrix24Account, seed: number) {
  describe(`NPS answers, ${name}`, () => {
    let t: TestDatabase;
    let account: CrmAccountFixture;
    let contactId: string;
    let connectionId: string;
    const deps = () => ({
      database: t.database,
      secrets: account.secrets,
      now: () => new Date(),
      enqueue: (job: Parameters<CrmAccountFixture['enqueue']>[0]) => account.enqueue(job),
    });
    const answers = async () =>
      (await t.database.query<{ n: number }>('select count(*)::int as n from nps_answers')).rows[0]?.n;

    const sendOf = (kind: 'nps' | 'birthday', delivery: CampaignDelivery) =>
      campaignWithSend(t.database, { tenantId: account.tenantId, connectionId, kind, delivery, contactId });

    let token = '';
    let sendId = '';
    beforeAll(async () => {
      t = await createTestDatabase();
      account = await start(t.database, seed);
      connectionId = await limeConnectionOf(t.database, account.tenantId);
      contactId = await account.addContact({ name: 'Ольга', phone: '+79990003344' });
      const [pipeline] = await account.crm.listPipelines();
      const stage = pipeline?.stages.filter((s) => s.semantics === 'process')[1]?.id as string;
      const delivery: CampaignDelivery =
        name === 'Bitrix24'
          ? { crm: 'bitrix24', mode: 'trigger', pipelineId: pipeline?.id as string, stageId: stage }
          : { crm: 'amocrm', mode: 'lead', pipelineId: pipeline?.id as string, statusId: stage };
      const target = await sendOf('nps', delivery);
      sendId = target.sendId;
      await deliverSend(
        {
          database: t.database,
          secrets: account.secrets,
          allowHttpLoopback: true,
          crm: account.crm,
          appUrl: APP_URL,
        },
        target,
      );
      token = (account.contactFieldOf(contactId, 'LIME_NPS_LINK') as string).slice(`${APP_URL}/nps/`.length);
    });
    afterAll(async () => {
      await account?.close();
      await t?.drop();
    });

    it('the answer lands in the contact’s NPS field and timeline once; a second submit shows the first', async () => {
      expect(await npsPageState(deps(), token)).toEqual({ kind: 'form', locale: 'ru' });
      const first = await answerNps(deps(), token, { score: '9', comment: '  Всё понравилось!  ' });
      expect(first).toEqual({
        recorded: true,
        state: { kind: 'answered', locale: 'ru', score: 9, comment: 'Всё понравилось!' },
      });
      const second = await answerNps(deps(), token, { score: '2', comment: 'передумал' });
      expect(second).toMatchObject({ recorded: false, state: { kind: 'answered', score: 9 } });
      expect(await answers()).toBe(1);
      await account.processCrmEvents();
      expect(account.contactFieldOf(contactId, 'LIME_NPS')).toBe('9');
      const entries = () => account.logEntriesOf(contactId).filter((e) => e.startsWith('Лайм: оценка NPS'));
      expect(entries()).toHaveLength(1);
      await account.enqueue({
        kind: name === 'Bitrix24' ? 'nps.crm.bitrix24' : 'nps.crm.amocrm',
        tenantId: account.tenantId,
        payload: {},
      });
      await account.processCrmEvents();
      expect(entries()).toHaveLength(1);
      const [row] = (await t.database.query<{ crm_status: string }>('select crm_status from nps_answers'))
        .rows;
      expect(row?.crm_status).toBe('written');
    });

    it('a tampered, expired or non-NPS link gets its clear page and changes nothing', async () => {
      const before = await answers();
      // One character of the sealed payload changed (mid-segment: every bit of it counts).
      const at = token.lastIndexOf('.') + 5;
      const flipped = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      expect(await npsPageState(deps(), flipped)).toEqual({ kind: 'invalid', locale: null });
      expect(await npsPageState(deps(), 'not-a-token')).toEqual({ kind: 'invalid', locale: null });
      const expired = sealNpsToken(account.secrets, {
        tenantId: account.tenantId,
        sendId,
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await npsPageState(deps(), expired)).toEqual({ kind: 'expired', locale: null });
      const birthday = await sendOf('birthday', { crm: 'bitrix24', mode: 'workflow', templateId: '1' });
      const other = sealNpsToken(account.secrets, {
        tenantId: account.tenantId,
        sendId: birthday.sendId,
        expiresAt: new Date(Date.now() + 60_000),
      });
      for (const bad of [flipped, expired, other]) {
        const outcome = await answerNps(deps(), bad, { score: '0' });
        expect(outcome.recorded).toBe(false);
        expect(['invalid', 'expired']).toContain(outcome.state.kind);
      }
      expect(await answers()).toBe(before);
    });
  });
}

suite('Bitrix24', startBitrix24Account, 841);
suite('amoCRM', startAmocrmAccount, 842);
