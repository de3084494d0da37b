import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLimeConnections } from '@/db/queries/lime-connections';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { getSetting } from '@/lib/settings/settings';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import {
  getSettingsView,
  saveLimeConnectionForClaims,
  saveSettings,
  testLimeConnectionForClaims,
} from '@/lib/sync/settings-api';
import { type Bitrix24Harness, startBitrix24Harness, TEST_APP } from '../../support/bitrix24-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The settings in the app's main frame: what everyone sees (pipelines and users from the portal, the
 * Lime connection without its secrets), what only admins change, the Lime connection saved and
 * tested, and bad input refused with nothing changed.
 */

let t: TestDatabase;
let h: Bitrix24Harness;
let lime: LimeSimulator;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBitrix24Harness(t.database, { sim: { seed: 801 } });
  await h.installViaFrame();
  h.sim.controls.installFinish();
  tenantId = (await h.tenant())?.id as string;
  lime = await startLimeSimulator({ seed: 3, clients: 20 });
});
afterAll(async () => {
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const deps = () => ({
  database: t.database,
  secrets: h.deps.secrets,
  allowHttpLoopback: true,
  bitrix24App: TEST_APP,
  appUrl: 'https://bridge.example.com',
});
const claims = (admin: boolean): EmbedClaims => ({
  tenantId,
  crm: 'bitrix24',
  userId: admin ? '1' : '2',
  admin,
  locale: 'ru',
  entity: null,
  hostOrigin: h.sim.portalUrl,
});
const connection = (token: string) => ({
  baseUrl: lime.url,
  auth: { mode: 'token', token },
  installationId: lime.installationId,
  cashdeskId: lime.cashdeskId,
  depositGoodTypeId: lime.depositGoodTypeId,
  bonusGoodTypeId: lime.bonusGoodTypeId,
  timeZone: lime.timeZone,
});

describe('settings', () => {
  it('shows the portal pipelines (default first) and users, and no Lime connection yet', async () => {
    const view = await getSettingsView(deps(), claims(false));
    expect(view.admin).toBe(false);
    expect(view.lime).toBeNull();
    expect(view.pipelines[0]?.isDefault).toBe(true);
    expect(view.users.map((u) => u.id)).toContain('1');
    expect(view.settings.crmFlows).toEqual({
      purchase: null,
      depositTopup: null,
      pass: { mode: 'timeline', target: null },
      booking: null,
    });
  });

  it('only an admin saves; a bad value changes nothing and says which', async () => {
    const view = await getSettingsView(deps(), claims(true));
    const pipeline = view.pipelines[0];
    const stage = pipeline?.stages[0];
    const flows = {
      purchase: { pipelineId: pipeline?.id, stageId: stage?.id },
      depositTopup: null,
      pass: { mode: 'deal', target: null },
      booking: null,
    };
    await expect(saveSettings(deps(), claims(false), { crmFlows: flows })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      saveSettings(deps(), claims(true), { crmFlows: flows, responsibleUserId: 'abc' }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/responsibleUserId/),
    });
    await expect(saveSettings(deps(), claims(true), { bitrix24ReconciledUntil: null })).rejects.toMatchObject(
      { status: 400 },
    );
    expect((await getSetting(t.database.db, { tenantId, key: 'crmFlows' })).purchase).toBeNull();
    await saveSettings(deps(), claims(true), {
      crmFlows: flows,
      responsibleUserId: '2',
      newClientsAsLeads: true,
    });
    const saved = await getSettingsView(deps(), claims(false));
    expect(saved.settings).toMatchObject({
      crmFlows: flows,
      responsibleUserId: '2',
      newClientsAsLeads: true,
    });
  });

  it('the birthday bonus and mailing limits: saved by an admin, refused whole when one value is wrong', async () => {
    const birthdayBonus = {
      enabled: true,
      clientKopecks: 50_000,
      childKopecks: 30_000,
      daysBefore: 3,
      hour: 11,
    };
    const mailingLimits = { quietFrom: '22:00', quietTo: '08:30', dailyCap: 200 };
    await expect(saveSettings(deps(), claims(false), { birthdayBonus })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      saveSettings(deps(), claims(true), {
        birthdayBonus,
        mailingLimits: { ...mailingLimits, quietTo: '25:00' },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/mailingLimits/) });
    expect((await getSettingsView(deps(), claims(false))).settings.birthdayBonus.enabled).toBe(false);
    await saveSettings(deps(), claims(true), { birthdayBonus, mailingLimits });
    expect((await getSettingsView(deps(), claims(false))).settings).toMatchObject({
      birthdayBonus,
      mailingLimits,
    });
  });

  it('the Lime connection: saved by an admin, shown without secrets, tested; a blank token keeps the stored one', async () => {
    await expect(
      saveLimeConnectionForClaims(deps(), claims(false), connection(lime.credentials.token)),
    ).rejects.toMatchObject({
      status: 403,
    });
    const saved = await saveLimeConnectionForClaims(deps(), claims(true), connection(lime.credentials.token));
    expect(saved).toMatchObject({
      baseUrl: lime.url,
      authMode: 'token',
      installationId: lime.installationId,
    });
    expect(saved.webhookUrl).toBe(`https://bridge.example.com/api/lime/webhook/${saved.id}`);
    expect(JSON.stringify(await getSettingsView(deps(), claims(true)))).not.toContain(lime.credentials.token);
    expect(await testLimeConnectionForClaims(deps(), claims(true))).toMatchObject({
      reachable: true,
      authenticated: true,
    });

    await saveLimeConnectionForClaims(deps(), claims(true), {
      ...connection(''),
      timeZone: 'Asia/Yekaterinburg',
    });
    expect(await testLimeConnectionForClaims(deps(), claims(true))).toMatchObject({ authenticated: true });
    const rows = await listLimeConnections(t.database.db, { tenantId });
    expect(rows.map((r) => r.timeZone)).toEqual(['Asia/Yekaterinburg']);
  });

  it('a wrong token is reported by the test; an address that is not allowed is refused on save', async () => {
    await saveLimeConnectionForClaims(deps(), claims(true), connection('wrong-token-0000'));
    const check = await testLimeConnectionForClaims(deps(), claims(true));
    expect(check).toMatchObject({ reachable: true, authenticated: false });
    await expect(
      saveLimeConnectionForClaims(deps(), claims(true), {
        ...connection(lime.credentials.token),
        baseUrl: 'http://10.0.0.5:8080',
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/refused/) });
    const rows = await listLimeConnections(t.database.db, { tenantId });
    expect(rows.map((r) => r.baseUrl)).toEqual([lime.url]);
  });
});
