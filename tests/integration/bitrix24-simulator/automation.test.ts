import { beforeAll, describe, expect, it } from 'vitest';
import { APP, installFinished, rest, setupBitrix24Simulator } from './support';

/**
 * CRM automation as an app drives it: crm.automation.trigger.add / list / execute / delete
 * (api-reference/crm/automation/triggers/*.md: the docs' `call_done` examples and refusals; execute
 * answers true even when nothing reacts) and bizproc.workflow.template.list / start / instances
 * (api-reference/bizproc/template/bizproc-workflow-template-list.md, bizproc-workflow-start.md,
 * bizproc-workflow-instances.md: running workflows only).
 */

describe('Bitrix24 simulator: automation triggers and business processes', () => {
  const b24 = setupBitrix24Simulator({
    app: { ...APP, scope: ['crm', 'bizproc', 'placement', 'user_brief'] },
  });
  let token = '';
  beforeAll(async () => {
    token = (await installFinished(b24.sim)).token;
  });

  const call = (method: string, params: Record<string, unknown>) => rest(b24.sim, method, params, { token });

  it('adds the docs’ trigger, renames it by its code, lists and deletes the app’s own', async () => {
    expect(
      (await call('crm.automation.trigger.add', { CODE: 'call_done', NAME: 'Call completed' })).json.result,
    ).toBe(true);
    await call('crm.automation.trigger.add', { CODE: 'call_done', NAME: 'Звонок завершён' });
    await call('crm.automation.trigger.add', { CODE: 'payment_received', NAME: 'Payment received' });
    expect((await call('crm.automation.trigger.list', {})).json.result).toEqual([
      { NAME: 'Звонок завершён', CODE: 'call_done' },
      { NAME: 'Payment received', CODE: 'payment_received' },
    ]);
    expect((await call('crm.automation.trigger.delete', { CODE: 'payment_received' })).json.result).toBe(
      true,
    );
    expect((await call('crm.automation.trigger.list', {})).json.result).toHaveLength(1);
    const wrong = await call('crm.automation.trigger.add', { CODE: 'call done', NAME: 'x' });
    expect(wrong.json).toMatchObject({ error: '', error_description: 'Wrong trigger code!' });
    const unnamed = await call('crm.automation.trigger.add', { CODE: 'x' });
    expect(unnamed.json.error_description).toBe('Empty trigger name!');
  });

  it('refuses an inbound webhook: the methods need the application context', async () => {
    const hook = b24.sim.controls.createInboundWebhook({ scope: ['crm', 'bizproc'] });
    const answer = await fetch(`${hook.url}crm.automation.trigger.list`, { method: 'POST' });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({
      error: 'ACCESS_DENIED',
      error_description: 'Access denied! Application context required',
    });
  });

  it('execute answers true also when nothing reacts, moves a deal to a linked stage, and is recorded', async () => {
    const { sim } = b24;
    await call('crm.automation.trigger.add', { CODE: 'lime_mailing', NAME: 'Лайм: рассылка' });
    const deal = await sim.controls.addDeal({ TITLE: 'ДР', STAGE_ID: 'NEW' });
    const unlinked = await call('crm.automation.trigger.execute', {
      CODE: 'lime_mailing',
      OWNER_TYPE_ID: 2,
      OWNER_ID: deal,
    });
    expect(unlinked.json.result).toBe(true);
    const missing = await call('crm.automation.trigger.execute', {
      CODE: 'lime_mailing',
      OWNER_TYPE_ID: 2,
      OWNER_ID: 99_999,
    });
    expect(missing.json.result).toBe(true);
    sim.controls.linkTrigger('lime_mailing', 'PREPARATION');
    await call('crm.automation.trigger.execute', { CODE: 'lime_mailing', OWNER_TYPE_ID: 2, OWNER_ID: deal });
    expect(sim.state.deals.find((d) => d.id === deal)?.fields.STAGE_ID).toBe('PREPARATION');
    expect(sim.state.automation.executions.map((e) => [e.ownerId, e.movedTo])).toEqual([
      [deal, null],
      [99_999, null],
      [deal, 'PREPARATION'],
    ]);
    const unknown = await call('crm.automation.trigger.execute', {
      CODE: 'nope',
      OWNER_TYPE_ID: 2,
      OWNER_ID: deal,
    });
    expect(unknown.json.error_description).toBe('Trigger with code nope is not registered.');
    const owner = await call('crm.automation.trigger.execute', {
      CODE: 'lime_mailing',
      OWNER_TYPE_ID: 99,
      OWNER_ID: deal,
    });
    expect(owner.json.error_description).toBe('Incorrect parameter OWNER_TYPE_ID.');
  });

  it('lists templates with the docs’ select and filter, and starts one on a contact’s document', async () => {
    const { sim } = b24;
    const template = sim.controls.addWorkflowTemplate('Поздравление', 'contact');
    sim.controls.addWorkflowTemplate('Сделка', 'deal');
    const list = await call('bizproc.workflow.template.list', {
      select: ['ID', 'NAME', 'DOCUMENT_TYPE'],
      filter: { MODULE_ID: 'crm', ENTITY: 'CCrmDocumentContact', AUTO_EXECUTE: 0 },
      order: { ID: 'DESC' },
    });
    expect(list.json.result).toEqual([
      {
        ID: String(template),
        NAME: 'Поздравление',
        DOCUMENT_TYPE: ['crm', 'CCrmDocumentContact', 'CONTACT'],
      },
    ]);
    expect(list.json.total).toBe(1);
    const contact = await sim.controls.addContact({ NAME: 'Анна' });
    const started = await call('bizproc.workflow.start', {
      TEMPLATE_ID: template,
      DOCUMENT_ID: ['crm', 'CCrmDocumentContact', `CONTACT_${contact}`],
      PARAMETERS: { Parameter1: 'user_1' },
    });
    expect(started.json.result).toMatch(/^[0-9a-f]+\.\d+$/);
    expect(sim.state.automation.started.at(-1)).toMatchObject({
      templateId: template,
      documentId: ['crm', 'CCrmDocumentContact', `CONTACT_${contact}`],
    });
    const empty = await call('bizproc.workflow.start', {
      DOCUMENT_ID: ['crm', 'CCrmDocumentContact', 'CONTACT_1'],
    });
    expect(empty.json).toMatchObject({
      error: 'ERROR_WRONG_WORKFLOW_ID',
      error_description: 'Empty TEMPLATE_ID',
    });
    const mismatch = await call('bizproc.workflow.start', {
      TEMPLATE_ID: template,
      DOCUMENT_ID: ['crm', 'CCrmDocumentDeal', 'DEAL_1'],
    });
    expect(mismatch.json.error_description).toBe('Template type and DOCUMENT_ID mismatch!');
    const gone = await call('bizproc.workflow.start', {
      TEMPLATE_ID: 9999,
      DOCUMENT_ID: ['crm', 'CCrmDocumentContact', 'CONTACT_1'],
    });
    expect(gone.json.error_description).toBe('Template not found');
  });

  it('instances lists the running workflows only, filtered by template, document and start; a start whose answer was lost still ran', async () => {
    const { sim } = b24;
    const waits = sim.controls.addWorkflowTemplate('С паузой', 'contact');
    const quick = sim.controls.addWorkflowTemplate('Сразу', 'contact', { completesAtOnce: true });
    const contact = await sim.controls.addContact({ NAME: 'Борис' });
    const doc = ['crm', 'CCrmDocumentContact', `CONTACT_${contact}`];
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = (await call('bizproc.workflow.start', { TEMPLATE_ID: waits, DOCUMENT_ID: doc })).json
      .result;
    await call('bizproc.workflow.start', { TEMPLATE_ID: quick, DOCUMENT_ID: doc });
    sim.controls.setFault({
      method: 'bizproc.workflow.start',
      status: 504,
      error: 'GATEWAY_TIMEOUT',
      error_description: 'Gateway Timeout',
      afterRun: true,
    });
    const lost = await call('bizproc.workflow.start', { TEMPLATE_ID: waits, DOCUMENT_ID: doc });
    expect(lost.status).toBe(504);
    const ofContact = async () =>
      (
        await call('bizproc.workflow.instances', {
          select: ['ID', 'TEMPLATE_ID', 'DOCUMENT_ID', 'ENTITY', 'STARTED_BY'],
          filter: {
            MODULE_ID: 'crm',
            ENTITY: 'CCrmDocumentContact',
            DOCUMENT_ID: `CONTACT_${contact}`,
            '>=STARTED': since,
          },
          order: { STARTED: 'ASC' },
        })
      ).json;
    const listed = await ofContact();
    // The quick one finished inside start; the one whose answer was lost did start.
    expect(listed.total).toBe(2);
    expect(listed.result).toEqual([
      {
        ID: first,
        TEMPLATE_ID: String(waits),
        DOCUMENT_ID: `CONTACT_${contact}`,
        ENTITY: 'CCrmDocumentContact',
        STARTED_BY: '1',
      },
      expect.objectContaining({ TEMPLATE_ID: String(waits) }),
    ]);
    const plain = (await call('bizproc.workflow.instance.list', {})).json.result as Record<string, unknown>[];
    expect(Object.keys(plain[0] ?? {})).toEqual(['ID', 'MODIFIED', 'OWNED_UNTIL']);
    sim.controls.finishWorkflow(first);
    expect((await ofContact()).total).toBe(1);
  });
});
