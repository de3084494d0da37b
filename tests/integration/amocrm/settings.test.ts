import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLimeConnections } from '@/db/queries/lime-connections';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import { type LimeSimulator, startLimeSimulator } from '@/lib/simulators/lime';
import {
  getSettingsView,
  saveLimeConnectionForClaims,
  saveSettings,
  testLimeConnectionForClaims,
} from '@/lib/sync/settings-api';
import { type AmocrmHarness, startAmocrmHarness } from '../../support/amocrm-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The widget's advanced settings for an amoCRM account: the account's pipelines with their statuses
 * (amoCRM's won 142 and lost 143 as closed stages) and users, flows saved by an admin only, the Lime
 * connection saved and tested — the same screen as Bitrix24's, read through the amoCRM adapter.
 */

let t: TestDatabase;
let h: AmocrmHarness;
let lime: LimeSimulator;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAmocrmHarness(t.database, { sim: { seed: 77 } });
  await h.connect();
  tenantId = (await h.tenantId()) as string;
  lime = await startLimeSimulator({ seed: 5, clients: 20 });
});
afterAll(async () => {
  await h?.close();
  await lime?.close();
  await t?.drop();
});

const deps = () => ({ ...h.crmDeps(), appUrl: 'https://bridge.example.com' });
const admin = () => h.sim.state.users.find((u) => u.is_admin);
const manager = () =>
  h.sim.state.users.find((u) => !u.is_admin) ?? { id: h.sim.controls.addUser({ admin: false }) };
const claims = (isAdmin: boolean): EmbedClaims => ({
  tenantId,
  crm: 'amocrm',
  userId: String(isAdmin ? admin()?.id : manager().id),
  admin: isAdmin,
  locale: 'ru',
  entity: null,
  hostOrigin: h.sim.url,
});

describe('amoCRM settings', () => {
  it('shows the account pipelines with open and closed statuses, and its users', async () => {
    const view = await getSettingsView(deps(), claims(false));
    expect(view.admin).toBe(false);
    expect(view.lime).toBeNull();
    expect(view.pipelines.map((p) => p.id)).toEqual(
      [...h.sim.state.pipelines]
        .sort((a, b) => Number(b.is_main) - Number(a.is_main))
        .map((p) => String(p.id)),
    );
    const main = view.pipelines[0];
    expect(main?.isDefault).toBe(true);
    expect(main?.stages.find((s) => s.id === '142')?.semantics).toBe('success');
    expect(main?.stages.find((s) => s.id === '143')?.semantics).toBe('failure');
    expect(main?.stages.some((s) => s.semantics === 'process')).toBe(true);
    expect(view.users.map((u) => u.id)).toContain(String(admin()?.id));
  });

  it('an admin saves the flows with an amoCRM pipeline, status and responsible user; a manager cannot', async () => {
    const view = await getSettingsView(deps(), claims(true));
    const pipeline = view.pipelines[1] ?? view.pipelines[0];
    const stage = pipeline?.stages.find((s) => s.semantics === 'process');
    const flows = {
      purchase: { pipelineId: pipeline?.id, stageId: stage?.id },
      depositTopup: null,
      pass: { mode: 'timeline', target: null },
      booking: { pipelineId: pipeline?.id, stageId: stage?.id },
    };
    await expect(saveSettings(deps(), claims(false), { crmFlows: flows })).rejects.toMatchObject({
      status: 403,
    });
    expect((await getSettingsView(deps(), claims(false))).settings.crmFlows.purchase).toBeNull();
    const responsible = String(manager().id);
    await saveSettings(deps(), claims(true), { crmFlows: flows, responsibleUserId: responsible });
    expect((await getSettingsView(deps(), claims(false))).settings).toMatchObject({
      crmFlows: flows,
      responsibleUserId: responsible,
    });
  });

  it('the Lime connection: saved by an admin, tested, shown without its token', async () => {
    const connection = {
      baseUrl: lime.url,
      auth: { mode: 'token', token: lime.credentials.token },
      installationId: lime.installationId,
      cashdeskId: lime.cashdeskId,
      depositGoodTypeId: lime.depositGoodTypeId,
      bonusGoodTypeId: lime.bonusGoodTypeId,
      timeZone: lime.timeZone,
    };
    await expect(saveLimeConnectionForClaims(deps(), claims(false), connection)).rejects.toMatchObject({
      status: 403,
    });
    const saved = await saveLimeConnectionForClaims(deps(), claims(true), connection);
    expect(saved.webhookUrl).toBe(`https://bridge.example.com/api/lime/webhook/${saved.id}`);
    expect(await testLimeConnectionForClaims(deps(), claims(true))).toMatchObject({
      reachable: true,
      authenticated: true,
    });
    expect(JSON.stringify(await getSettingsView(deps(), claims(false)))).not.toContain(
      lime.credentials.token,
    );
    expect((await listLimeConnections(t.database.db, { tenantId })).map((c) => c.baseUrl)).toEqual([
      lime.url,
    ]);
  });
});
