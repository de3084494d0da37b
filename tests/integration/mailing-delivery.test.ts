import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSend } from '@/db/queries/campaign-sends';
import { openNpsToken } from '@/lib/auth/nps-token';
import type { CampaignDelivery } from '@/lib/domain/campaign-delivery';
import { deliverSend } from '@/lib/mailings/deliver';
import { MailingDeliveryError } from '@/lib/mailings/delivery-errors';
import { checkTriggerForClaims } from '@/lib/mailings/trigger-check';
import {
  type CrmAccountFixture,
  claimsOf,
  startAmocrmAccount,
  startBitrix24Account,
} from '../support/crm-push-fixtures';
import { campaignWithSend, limeConnectionOf } from '../support/mailing-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * deliverSend (issue 8) in both CRMs over their simulators: the message's values land in the
 * contact's fields (for NPS a signed link to this send's page) and the CRM's own automation is set
 * going — Bitrix24 our trigger on the NPS deal or on a deal made for the contact, or an admin's
 * business process on the contact; amoCRM a lead for the contact in the chosen status. A retry
 * makes nothing twice; what cannot be sent is MailingDeliveryError in words, with a MAILING_ code.
 */

const APP_URL = 'https://bridge.example.ru';

function suite(name: 'Bitrix24' | 'amoCRM', start: typeof startBitrix24Account, seed: number) {
  describe(`deliverSend, ${name}`, () => {
    let t: TestDatabase;
    let account: CrmAccountFixture;
    let connectionId: string;
    let contactId: string;
    const db = () => t.database.db;
    const deps = () => ({
      database: t.database,
      secrets: account.secrets,
      allowHttpLoopback: true,
      crm: account.crm,
      appUrl: APP_URL,
    });

    beforeAll(async () => {
      t = await createTestDatabase();
      account = await start(t.database, seed);
      connectionId = await limeConnectionOf(t.database, account.tenantId);
      contactId = await account.addContact({ name: 'Анна', phone: '+79990001122' });
    });
    afterAll(async () => {
      await account?.close();
      await t?.drop();
    });

    const sendOf = (
      kind: 'birthday' | 'nps',
      delivery: Record<string, unknown>,
      extra: { dealId?: string; contactId?: string | null; fields?: Record<string, string> } = {},
    ) =>
      campaignWithSend(t.database, {
        tenantId: account.tenantId,
        connectionId,
        kind,
        delivery,
        contactId: extra.contactId === undefined ? contactId : extra.contactId,
        dealId: extra.dealId,
        fields: extra.fields,
      });

    async function pipeline() {
      const [main] = await account.crm.listPipelines();
      const open = main?.stages.filter((s) => s.semantics === 'process') ?? [];
      return { id: main?.id as string, first: open[0]?.id as string, second: open[1]?.id as string };
    }

    it('a birthday: the child’s name and bonus in the contact’s fields, the CRM’s automation set going once', async () => {
      const p = await pipeline();
      const delivery: CampaignDelivery =
        name === 'Bitrix24'
          ? { crm: 'bitrix24', mode: 'trigger', pipelineId: p.id, stageId: p.first }
          : { crm: 'amocrm', mode: 'lead', pipelineId: p.id, statusId: p.second };
      const target = await sendOf('birthday', delivery, { fields: { childName: 'Миша', bonus: '500 ₽' } });
      const first = await deliverSend(deps(), target);
      expect(account.contactFieldOf(contactId, 'LIME_MAIL_CHILD')).toBe('Миша');
      expect(account.contactFieldOf(contactId, 'LIME_MAIL_BONUS')).toBe('500 ₽');
      const [deal] = await account.crm.getDealSummaries([first.crmEntityId as string]);
      expect(deal).toMatchObject({ pipelineId: p.id, contactIds: [contactId] });
      const deals = account.dealCount();
      const again = await deliverSend(deps(), target);
      expect(again.crmEntityId).toBe(first.crmEntityId);
      expect(account.dealCount()).toBe(deals);
      expect((await getSend(db(), { tenantId: account.tenantId, id: target.sendId }))?.crmEntityId).toBe(
        first.crmEntityId,
      );
      const sim = account.bitrix24?.sim;
      if (sim) {
        // No rule is linked to the trigger: Bitrix24 answered true, the deal stayed where it was.
        expect(first.check).toBe('not_confirmed');
        expect(sim.state.automation.triggers.map((x) => x.code)).toEqual(['lime_mailing']);
        expect(
          sim.state.automation.executions.map((e) => [e.code, e.ownerTypeId, String(e.ownerId)]),
        ).toEqual([
          ['lime_mailing', 2, first.crmEntityId],
          ['lime_mailing', 2, first.crmEntityId],
        ]);
      } else expect(deal?.stageId).toBe(p.second);
    });

    it('NPS: a signed link to this send’s page in the contact’s field; Bitrix24 runs the trigger on the deal that moved', async () => {
      const p = await pipeline();
      const dealId = await account.addDeal({ title: 'Праздник', pipelineId: p.id, stageId: p.first });
      const delivery: CampaignDelivery =
        name === 'Bitrix24'
          ? { crm: 'bitrix24', mode: 'trigger' }
          : { crm: 'amocrm', mode: 'lead', pipelineId: p.id, statusId: p.second };
      const target = await sendOf('nps', delivery, { dealId });
      const { crmEntityId } = await deliverSend(deps(), target);
      const link = account.contactFieldOf(contactId, 'LIME_NPS_LINK') as string;
      expect(link.startsWith(`${APP_URL}/nps/`)).toBe(true);
      const claims = openNpsToken(account.secrets, link.slice(`${APP_URL}/nps/`.length), new Date());
      expect(claims).toMatchObject({ tenantId: account.tenantId, sendId: target.sendId });
      if (name === 'Bitrix24') expect(crmEntityId).toBe(dealId);
      else expect(crmEntityId).not.toBe(dealId);
    });

    it('refuses in words, with a MAILING_ code: no contact, no delivery chosen, another CRM’s delivery, a contact gone', async () => {
      const p = await pipeline();
      const good: CampaignDelivery =
        name === 'Bitrix24'
          ? { crm: 'bitrix24', mode: 'trigger', pipelineId: p.id, stageId: p.first }
          : { crm: 'amocrm', mode: 'lead', pipelineId: p.id, statusId: p.second };
      const other: CampaignDelivery =
        name === 'Bitrix24'
          ? { crm: 'amocrm', mode: 'lead', pipelineId: '1', statusId: '2' }
          : { crm: 'bitrix24', mode: 'workflow', templateId: '1' };
      // The sends first, then each delivery awaited in turn: a delivery started before the next
      // send is made would reject with no handler yet (an unhandled rejection on PostgreSQL).
      const cases: [Awaited<ReturnType<typeof sendOf>>, string, RegExp][] = [
        [await sendOf('birthday', good, { contactId: null }), 'MAILING_NO_CONTACT', /нет контакта/],
        [await sendOf('birthday', {}), 'MAILING_NOT_CONFIGURED', /Не выбрано/],
        [await sendOf('birthday', other), 'MAILING_UNSUPPORTED', /другой CRM/],
        [await sendOf('birthday', good, { contactId: '987654' }), 'MAILING_NO_CONTACT', /987654/],
      ];
      for (const [target, code, words] of cases) {
        const error = await deliverSend(deps(), target).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(MailingDeliveryError);
        expect(error).toMatchObject({ code, message: expect.stringMatching(words) });
      }
    });

    if (name === 'Bitrix24') {
      it('a trigger is confirmed only when a linked rule moved the deal; a deal gone is a refusal in words', async () => {
        const sim = account.bitrix24?.sim;
        if (!sim) throw new Error('no simulator');
        const p = await pipeline();
        const delivery = { crm: 'bitrix24', mode: 'trigger', pipelineId: p.id, stageId: p.first };
        const unlinked = await sendOf('birthday', delivery);
        expect((await deliverSend(deps(), unlinked)).check).toBe('not_confirmed');
        expect(
          (await getSend(db(), { tenantId: account.tenantId, id: unlinked.sendId }))?.deliveryCheck,
        ).toBe('not_confirmed');
        sim.controls.linkTrigger('lime_mailing', p.second);
        const linked = await sendOf('birthday', delivery);
        const sent = await deliverSend(deps(), linked);
        expect(sent.check).toBe('confirmed');
        const [deal] = await account.crm.getDealSummaries([sent.crmEntityId as string]);
        expect(deal?.stageId).toBe(p.second);
        // Run again (a retry): the deal is already past the stage it was made at — still confirmed.
        expect((await deliverSend(deps(), linked)).check).toBe('confirmed');
        const gone = await sendOf('nps', { crm: 'bitrix24', mode: 'trigger' }, { dealId: '987654' });
        await expect(deliverSend(deps(), gone)).rejects.toMatchObject({
          code: 'MAILING_NO_DEAL',
          message: expect.stringMatching(/987654/),
        });
        sim.state.automation.links.length = 0;
      });

      it('the settings’ check on a test deal: not confirmed until the trigger is linked, then confirmed; admins only', async () => {
        const sim = account.bitrix24?.sim;
        if (!sim) throw new Error('no simulator');
        const p = await pipeline();
        const dealId = await account.addDeal({ title: 'Тест', pipelineId: p.id, stageId: p.first });
        const admin = { ...claimsOf(account, true), locale: 'ru' as const };
        const before = await checkTriggerForClaims(deps(), admin, { dealId });
        expect(before).toMatchObject({
          dealId,
          confirmed: false,
          text: expect.stringMatching(/^Не подтверждено/),
        });
        sim.controls.linkTrigger('lime_mailing', p.second);
        const after = await checkTriggerForClaims(deps(), admin, { dealId });
        expect(after).toMatchObject({ confirmed: true, text: expect.stringMatching(/^Сработало/) });
        await expect(
          checkTriggerForClaims(deps(), claimsOf(account, false), { dealId }),
        ).rejects.toMatchObject({
          status: 403,
        });
        await expect(checkTriggerForClaims(deps(), admin, { dealId: 'x' })).rejects.toMatchObject({
          status: 400,
        });
        sim.state.automation.links.length = 0;
      });

      it('a business process whose start answer was lost is not started twice: found running, or marked unknown', async () => {
        const sim = account.bitrix24?.sim;
        if (!sim) throw new Error('no simulator');
        const lost = {
          method: 'bizproc.workflow.start',
          status: 504,
          error: 'GATEWAY_TIMEOUT',
          error_description: 'Gateway Timeout',
          afterRun: true,
        };
        const startsOf = (templateId: number) =>
          sim.state.automation.started.filter(
            (w) => w.templateId === templateId && w.documentId[2] === `CONTACT_${contactId}`,
          );
        for (const [completesAtOnce, check] of [
          [false, 'confirmed'],
          [true, 'unknown'],
        ] as const) {
          const template = sim.controls.addWorkflowTemplate('Поздравление', 'contact', { completesAtOnce });
          const target = await sendOf('birthday', {
            crm: 'bitrix24',
            mode: 'workflow',
            templateId: String(template),
          });
          sim.controls.setFault(lost);
          await expect(deliverSend(deps(), target)).rejects.toMatchObject({ status: 504 });
          expect(startsOf(template)).toHaveLength(1);
          expect(
            (await getSend(db(), { tenantId: account.tenantId, id: target.sendId }))?.automationAskedAt,
          ).toBeInstanceOf(Date);
          // The retry looks among the running workflows instead of starting another.
          const retried = await deliverSend(deps(), target);
          expect(retried).toEqual({ crmEntityId: contactId, check });
          expect(startsOf(template)).toHaveLength(1);
          expect(
            sim.requests.filter((r) => r.restMethod === 'bizproc.workflow.instances').length,
          ).toBeGreaterThan(0);
          expect(
            (await getSend(db(), { tenantId: account.tenantId, id: target.sendId }))?.deliveryCheck,
          ).toBe(check);
        }
      });

      it('a business process starts on the contact’s document; a template gone is a refusal', async () => {
        const sim = account.bitrix24?.sim;
        if (!sim) throw new Error('no simulator');
        const template = sim.controls.addWorkflowTemplate('Поздравление', 'contact');
        const target = await sendOf('birthday', {
          crm: 'bitrix24',
          mode: 'workflow',
          templateId: String(template),
        });
        expect((await deliverSend(deps(), target)).crmEntityId).toBe(contactId);
        expect(sim.state.automation.started.at(-1)).toMatchObject({
          templateId: template,
          documentId: ['crm', 'CCrmDocumentContact', `CONTACT_${contactId}`],
        });
        const gone = await sendOf('birthday', { crm: 'bitrix24', mode: 'workflow', templateId: '9999' });
        await expect(deliverSend(deps(), gone)).rejects.toMatchObject({
          code: 'MAILING_CRM_REFUSED',
          message: expect.stringMatching(/Template not found/),
        });
      });
    }
  });
}

suite('Bitrix24', startBitrix24Account, 831);
suite('amoCRM', startAmocrmAccount, 832);
