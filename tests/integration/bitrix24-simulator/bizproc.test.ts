import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bitrix24Simulator, startBitrix24Simulator } from '@/lib/simulators/bitrix24';
import { APP, installFinished, rest, startReceiver, timeShape } from './support';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * The app's robots and workflow actions (api-reference/bizproc/bizproc-robot/*.md,
 * bizproc-activity/*.md), replaying the docs' examples with the handler on the app's own host (the
 * docs' `https://your_domain/…` is no host a portal accepts), and a workflow reaching the action:
 * the handler's POST, bizproc.event.send with the docs' parameters, the token good once.
 */
describe('Bitrix24 simulator: bizproc robots, actions and their answers', () => {
  let sim: Bitrix24Simulator;
  let app: Receiver;
  let admin = '';
  let handler = '';
  beforeAll(async () => {
    app = await startReceiver();
    handler = `${app.url}/robot`;
    sim = await startBitrix24Simulator({
      app: { ...APP, appUrl: `${app.url}/app`, scope: ['crm', 'bizproc', 'placement'] },
    });
    admin = (await installFinished(sim)).token;
  });
  afterAll(async () => {
    await sim.close();
    await app.close();
  });

  const robotExample = () => ({
    CODE: 'test_robot',
    HANDLER: handler,
    AUTH_USER_ID: 1,
    USE_SUBSCRIPTION: 'Y',
    NAME: 'Send message',
    PROPERTIES: {
      datetime: { Name: 'When', Type: 'datetime' },
      text: { Name: 'Text', Type: 'text' },
      user: { Name: 'To whom', Type: 'user', Default: 'Author;' },
    },
    FILTER: {
      INCLUDE: [
        ['crm', 'CCrmDocumentDeal'],
        ['crm', 'CCrmDocumentLead'],
      ],
    },
  });

  it('adds a robot like bizproc-robot-add.md, lists its code, and refuses the same code twice', async () => {
    const add = await rest(sim, 'bizproc.robot.add', robotExample(), { token: admin });
    expect(add.json).toEqual({ result: true, time: timeShape() });
    expect((await rest(sim, 'bizproc.robot.list', {}, { token: admin })).json.result).toEqual(['test_robot']);
    const again = await rest(sim, 'bizproc.robot.add', robotExample(), { token: admin });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      error: 'ERROR_ACTIVITY_ALREADY_INSTALLED',
      error_description: 'Activity or Robot already installed!',
    });
  });

  it('adds an action like bizproc-activity-add.md; actions and robots are listed apart, one code space', async () => {
    const add = await rest(
      sim,
      'bizproc.activity.add',
      {
        CODE: 'md5_action',
        HANDLER: handler,
        AUTH_USER_ID: 1,
        USE_SUBSCRIPTION: 'Y',
        NAME: { de: 'MD5 Generator', en: 'MD5 generator' },
        PROPERTIES: {
          inputString: {
            Name: { de: 'Eingabestring', en: 'Input string' },
            Type: 'string',
            Required: 'Y',
            Multiple: 'N',
            Default: '{=Document:NAME}',
          },
        },
        RETURN_PROPERTIES: {
          outputString: { Name: { de: 'MD5', en: 'MD5' }, Type: 'string', Multiple: 'N', Default: null },
        },
        DOCUMENT_TYPE: ['lists', 'BizprocDocument', 'iblock_164'],
        FILTER: { INCLUDE: [['lists']] },
      },
      { token: admin },
    );
    expect(add.json.result).toBe(true);
    expect((await rest(sim, 'bizproc.activity.list', {}, { token: admin })).json.result).toEqual([
      'md5_action',
    ]);
    expect((await rest(sim, 'bizproc.robot.list', {}, { token: admin })).json.result).toEqual(['test_robot']);
    const taken = await rest(sim, 'bizproc.activity.add', { ...robotExample() }, { token: admin });
    expect(taken.json.error).toBe('ERROR_ACTIVITY_ALREADY_INSTALLED');
  });

  it('refuses what the docs list: no app context, no admin, bad code, handler, name, properties, filter, document type', async () => {
    const hook = sim.controls.createInboundWebhook({ scope: ['crm', 'bizproc'] });
    const viaHook = await fetch(`${hook.url}bizproc.robot.add.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...robotExample(), CODE: 'hooked' }),
    });
    expect(viaHook.status).toBe(403);
    expect(await viaHook.json()).toEqual({
      error: 'ACCESS_DENIED',
      error_description: 'Access denied! Application context required',
    });
    const managerToken = sim.controls.frame({ placement: 'DEFAULT', userId: 2 }).form.AUTH_ID;
    const notAdmin = await rest(sim, 'bizproc.robot.list', {}, { token: managerToken });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.json.error).toBe('ACCESS_DENIED');

    const refusal = async (params: Record<string, unknown>) =>
      (
        await rest(
          sim,
          'bizproc.robot.add',
          { ...robotExample(), CODE: 'other', ...params },
          { token: admin },
        )
      ).json;
    expect(await refusal({ CODE: '' })).toEqual({
      error: 'ERROR_ACTIVITY_VALIDATION_FAILURE',
      error_description: 'Empty activity code!',
    });
    expect((await refusal({ CODE: 'bad code!' })).error_description).toBe('Wrong activity code!');
    expect((await refusal({ HANDLER: 'https://localhost/robot' })).error).toBe('ERROR_WRONG_HANDLER_URL');
    expect((await refusal({ HANDLER: 'https://elsewhere.example.com/robot' })).error).toBe(
      'ERROR_WRONG_HANDLER_URL',
    );
    expect((await refusal({ HANDLER: 'ftp://127.0.0.1/robot' })).error).toBe('ERROR_UNSUPPORTED_PROTOCOL');
    expect((await refusal({ NAME: '' })).error_description).toBe('Empty activity NAME!');
    expect((await refusal({ PROPERTIES: { '1st': { Name: 'x' } } })).error_description).toBe(
      'Wrong property key 1st!',
    );
    expect((await refusal({ PROPERTIES: { amount: { Type: 'double' } } })).error_description).toBe(
      'Empty property NAME amount!',
    );
    expect((await refusal({ FILTER: { INCLUDE: 'crm' } })).error_description).toBe('Wrong activity FILTER!');
    expect((await refusal({ DOCUMENT_TYPE: ['crm', 'CCrmDocumentDeal'] })).error_description).toBe(
      'Wrong activity DOCUMENT_TYPE!',
    );
    expect((await rest(sim, 'bizproc.robot.list', {}, { token: admin })).json.result).toEqual(['test_robot']);
  });

  it('runs the action on each selected element: the handler POST, bizproc.event.send once per token', async () => {
    const [first, second] = await sim.controls.runWorkflows({
      code: 'md5_action',
      documents: [
        ['lists', 'BizprocDocument', '123'],
        ['lists', 'BizprocDocument', '124'],
      ],
      properties: { inputString: 'Test string' },
    });
    if (!first || !second) throw new Error('two workflows ran');
    expect(first.run.eventToken).not.toBe(second.run.eventToken);
    const posted = app.received.filter((r) => r.path === '/robot');
    expect(posted).toHaveLength(2);
    expect(posted[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(posted[0]?.form).toMatchObject({
      workflow_id: first.run.workflowId,
      code: 'md5_action',
      document_id: ['lists', 'BizprocDocument', '123'],
      document_type: ['lists', 'BizprocDocument', '123'],
      event_token: first.run.eventToken,
      properties: { inputString: 'Test string' },
      use_subscription: 'Y',
      auth: {
        domain: sim.domain,
        member_id: sim.memberId,
        user_id: '1',
        application_token: sim.state.applicationToken,
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      },
    });
    expect(first.run.eventToken).toMatch(
      /^[0-9a-f]{14}\.\d{8}\|A\d{5}_\d{5}_\d{5}_\d{5}\|[a-z0-9]{32}\.[0-9a-f]{64}$/,
    );

    // bizproc-event-send.md: lower-case keys as its example; only RETURN_PROPERTIES' keys are kept.
    const send = await rest(
      sim,
      'bizproc.event.send',
      {
        event_token: first.run.eventToken,
        return_values: { outputString: '846c55d14f552180874a628d2615e285', stray: 'x' },
      },
      { token: admin },
    );
    expect(send.json).toEqual({ result: true, time: timeShape() });
    expect(first.run.reply).toMatchObject({
      returnValues: { outputString: '846c55d14f552180874a628d2615e285' },
      logMessage: 'Received response from the application.',
    });
    const twice = await rest(
      sim,
      'bizproc.event.send',
      { EVENT_TOKEN: first.run.eventToken },
      { token: admin },
    );
    expect(twice.status).toBe(403);
    expect(twice.json).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied!' });
    // The docs' example token was never signed by this portal.
    const forged = await rest(
      sim,
      'bizproc.event.send',
      {
        event_token:
          '55c1dc1c3f0d75.78875596|A51601_82584_96831_81132|hsyUws1j4XiwqPqN45eH66CcQtEvpUIP.47dd5d888e8e549d2c984713e12a4268e6e87d0208ca1f093ba1075e77f92e90',
      },
      { token: admin },
    );
    expect(forged.json.error).toBe('ACCESS_DENIED');

    const empty = await rest(
      sim,
      'bizproc.activity.log',
      { event_token: second.run.eventToken },
      { token: admin },
    );
    expect(empty.json).toEqual({ error: 'ERROR_EMPTY_LOG_MESSAGE', error_description: 'Empty log message!' });
    const log = await rest(
      sim,
      'bizproc.activity.log',
      { event_token: second.run.eventToken, log_message: 'Please wait for answer!' },
      { token: admin },
    );
    expect(log.json.result).toBe(true);
    expect(second.run.log).toEqual(['Please wait for answer!']);
    expect(second.run.status).toBe('waiting');
  });

  it('updates like bizproc-robot-update.md and deletes like bizproc-robot-delete.md', async () => {
    const update = await rest(
      sim,
      'bizproc.robot.update',
      {
        CODE: 'test_robot',
        FIELDS: {
          NAME: 'Send message to author',
          USE_SUBSCRIPTION: 'N',
          FILTER: { INCLUDE: [['crm', 'CCrmDocumentDeal']] },
        },
      },
      { token: admin },
    );
    expect(update.json.result).toBe(true);
    expect(sim.state.bizproc.registrations.find((r) => r.code === 'test_robot')).toMatchObject({
      name: 'Send message to author',
      useSubscription: 'N',
      handler,
    });
    const nothing = await rest(
      sim,
      'bizproc.robot.update',
      { CODE: 'test_robot', FIELDS: {} },
      { token: admin },
    );
    expect(nothing.json.error_description).toBe('No fields to update');
    expect(
      (await rest(sim, 'bizproc.robot.delete', { CODE: 'test_robot' }, { token: admin })).json.result,
    ).toBe(true);
    const gone = await rest(sim, 'bizproc.robot.delete', { CODE: 'test_robot' }, { token: admin });
    expect(gone.status).toBe(400);
    expect(gone.json).toEqual({
      error: 'ERROR_ACTIVITY_NOT_FOUND',
      error_description: 'Activity or Robot not found!',
    });
    // An action is not deleted as a robot.
    expect(
      (await rest(sim, 'bizproc.robot.delete', { CODE: 'md5_action' }, { token: admin })).json.error,
    ).toBe('ERROR_ACTIVITY_NOT_FOUND');
  });
});
