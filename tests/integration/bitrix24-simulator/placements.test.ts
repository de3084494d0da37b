import { beforeAll, describe, expect, it } from 'vitest';
import { rest, setupBitrix24Simulator, timeShape } from './support';

const HANDLER = 'https://app.example.com/api/bitrix24/placement';

describe('Bitrix24 simulator: placements (placement-bind.md, placement-get.md) and frames', () => {
  const b24 = setupBitrix24Simulator();
  let admin = '';
  beforeAll(async () => {
    admin = (await b24.sim.controls.install()).form.AUTH_ID ?? '';
  });

  it('binds a CRM detail tab (`{"result": true}`) and lists it with placement.get', async () => {
    const { sim } = b24;
    const bind = await rest(
      sim,
      'placement.bind',
      { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER, TITLE: 'Лайм', DESCRIPTION: 'Покупки клиента' },
      { token: admin },
    );
    expect(bind.json).toEqual({ result: true, time: timeShape() });
    // placement-bind.md example: OPTIONS are kept only where the placement declares them, LANG_ALL per language.
    const withLangs = await rest(
      sim,
      'placement.bind',
      {
        PLACEMENT: 'CRM_CONTACT_DETAIL_TAB',
        HANDLER: `${HANDLER}?type=1`,
        OPTIONS: { errorHandlerUrl: 'http://myapp.com/error/' },
        LANG_ALL: {
          en: { TITLE: 'title', DESCRIPTION: 'description', GROUP_NAME: 'group' },
          ru: { TITLE: 'Лайм', DESCRIPTION: 'Данные Лайм', GROUP_NAME: 'Лайм' },
        },
      },
      { token: admin },
    );
    expect(withLangs.json.result).toBe(true);
    const get = await rest(sim, 'placement.get', {}, { token: admin });
    expect(get.json.result).toEqual([
      {
        placement: 'CRM_DEAL_DETAIL_TAB',
        userId: 0,
        handler: HANDLER,
        options: [],
        title: 'Лайм',
        description: 'Покупки клиента',
        langAll: { ru: { TITLE: 'Лайм', DESCRIPTION: 'Покупки клиента', GROUP_NAME: '' } },
      },
      {
        placement: 'CRM_CONTACT_DETAIL_TAB',
        userId: 0,
        handler: `${HANDLER}?type=1`,
        options: [],
        title: 'Лайм',
        description: 'Данные Лайм',
        langAll: {
          en: { TITLE: 'title', DESCRIPTION: 'description', GROUP_NAME: 'group' },
          ru: { TITLE: 'Лайм', DESCRIPTION: 'Данные Лайм', GROUP_NAME: 'Лайм' },
        },
      },
    ]);
    expect(sim.controls.handlerFor('CRM_DEAL_DETAIL_TAB')).toBe(HANDLER);
    expect(sim.controls.handlerFor('CRM_DEAL_DETAIL_TOOLBAR')).toBeNull();
  });

  it('refuses unknown codes, DEFAULT, relative or localhost handlers, a missing PLACEMENT and duplicates', async () => {
    const { sim } = b24;
    const bind = (params: Record<string, unknown>) => rest(sim, 'placement.bind', params, { token: admin });
    expect((await bind({ PLACEMENT: 'CRM_NOTHING_TAB', HANDLER })).json).toEqual({
      error: 'ERROR_PLACEMENT_NOT_FOUND',
      error_description: 'Placement not found',
    });
    expect((await bind({ PLACEMENT: 'DEFAULT', HANDLER })).json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: 'Wrong value',
      argument: 'PLACEMENT',
    });
    // placement-bind.md "Error Handling"
    expect((await bind({ HANDLER })).json).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: "Argument 'PLACEMENT' is null or empty",
      argument: 'PLACEMENT',
    });
    expect((await bind({ PLACEMENT: 'CRM_DEAL_DETAIL_TOOLBAR', HANDLER: '/embedded/menu' })).json.error).toBe(
      'ERROR_WRONG_HANDLER_URL',
    );
    expect(
      (await bind({ PLACEMENT: 'CRM_DEAL_DETAIL_TOOLBAR', HANDLER: 'http://localhost/x' })).json.error,
    ).toBe('ERROR_WRONG_HANDLER_URL');
    expect((await bind({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER, USER_ID: 2 })).json.error).toBe(
      'ERROR_PLACEMENT_USER_MODE',
    );
    const again = await bind({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER });
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('ERROR_CORE');
  });

  it('lists the codes the app may bind (placement.list) and refuses a webhook (WRONG_AUTH_TYPE)', async () => {
    const { sim } = b24;
    const list = await rest(sim, 'placement.list', {}, { token: admin });
    expect(list.json.result).toEqual(
      expect.arrayContaining([
        'CRM_CONTACT_DETAIL_TAB',
        'CRM_DEAL_DETAIL_TAB',
        'CRM_DEAL_DETAIL_TOOLBAR',
        'CRM_CONTACT_DETAIL_TOOLBAR',
        'CRM_DEAL_LIST_MENU',
        'CRM_CONTACT_LIST_MENU',
        'CRM_DEAL_DETAIL_ACTIVITY',
      ]),
    );
    const hook = sim.controls.createInboundWebhook({ scope: ['crm', 'placement'] });
    const viaHook = await fetch(`${hook.url}placement.bind`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER }),
    });
    expect(viaHook.status).toBe(403);
    expect(await viaHook.json()).toEqual({
      error: 'WRONG_AUTH_TYPE',
      error_description: 'Current authorization type is denied for this method Application context required',
    });
  });

  it('shows no placement frame before installFinish; then posts PLACEMENT and PLACEMENT_OPTIONS with URI', async () => {
    const { sim } = b24;
    expect(() =>
      sim.controls.frame({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '8061' } }),
    ).toThrow(/installFinish/);
    sim.controls.installFinish();
    expect(() => sim.controls.frame({ placement: 'CRM_DEAL_DETAIL_TOOLBAR' })).toThrow(/nothing is bound/);
    const manager = sim.controls.addUser({ admin: false });
    const frame = sim.controls.frame({
      placement: 'CRM_DEAL_DETAIL_TAB',
      placementOptions: { ID: '8061' },
      userId: manager,
      lang: 'en',
    });
    expect(frame.query).toMatchObject({ DOMAIN: sim.domain, PROTOCOL: '0', LANG: 'en' });
    expect(frame.form).toMatchObject({
      PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
      member_id: sim.memberId,
      APPLICATION_TOKEN: sim.state.applicationToken,
    });
    expect(JSON.parse(frame.form.PLACEMENT_OPTIONS ?? '')).toEqual({
      ID: '8061',
      URI: '/crm/deal/details/8061/',
    });
    const profile = await rest(sim, 'profile', {}, { token: frame.form.AUTH_ID });
    expect(profile.json.result).toMatchObject({ ID: String(manager), ADMIN: false });
    const again = sim.controls.frame({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '8061' } });
    expect(again.query.APP_SID).not.toBe(frame.query.APP_SID);
  });

  it('counts each removed handler twice in placement.unbind, as the portal does', async () => {
    const { sim } = b24;
    const removed = await rest(
      sim,
      'placement.unbind',
      { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER },
      { token: admin },
    );
    expect(removed.json.result).toEqual({ count: 2 });
    const none = await rest(sim, 'placement.unbind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB' }, { token: admin });
    expect(none.json.result).toEqual({ count: 0 });
    expect(sim.state.placements.map((p) => p.placement)).toEqual(['CRM_CONTACT_DETAIL_TAB']);
  });
});
