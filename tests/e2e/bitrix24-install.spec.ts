import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type Bitrix24Simulator, startBitrix24Simulator } from '../../lib/simulators/bitrix24';

/**
 * Installing the app from a (simulated) Bitrix24: an admin opens the app, the portal frames our
 * installer URL with its POST, we verify the install with the OAuth server, bind events, placements
 * and fields, and send the frame to our install page, which calls installFinish through B24Frame.
 * The app server is the e2e server (sandbox keys from its DATA_DIR); the portal runs in this test.
 */

let sim: Bitrix24Simulator;

test.beforeAll(async ({ baseURL }) => {
  const keys = JSON.parse(
    readFileSync(path.join(process.env.E2E_DATA_DIR as string, 'sandbox-crm.json'), 'utf8'),
  ) as {
    bitrix24: { clientId: string; clientSecret: string };
  };
  sim = await startBitrix24Simulator({
    app: {
      ...keys.bitrix24,
      installEventUrl: `${baseURL}/api/bitrix24/events`,
      appUrl: `${baseURL}/api/bitrix24/app`,
      installUrl: `${baseURL}/api/bitrix24/install`,
      scope: ['crm', 'catalog', 'placement', 'user_brief'],
    },
    seed: 901,
  });
  await sim.controls.install({ sendInstallEvent: false });
});
test.afterAll(async () => {
  // Leave the server as found (other specs expect no connected portal): uninstalling sends
  // ONAPPUNINSTALL, and the portal stops counting as connected.
  const deliveries = await sim?.controls.uninstall();
  expect(deliveries?.map((d) => d.status)).toEqual([200]);
  await sim?.close();
});

test('the installer frame verifies, binds, and finishes the install with installFinish', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(sim.state.installFinished).toBe(false);
  await page.goto(sim.hostPageUrl({ kind: 'app' }, { lang: 'ru' }));
  await expect.poll(() => sim.state.installFinished, { timeout: 20_000 }).toBe(true);
  expect(sim.state.placements.map((p) => p.placement).sort()).toEqual([
    'CRM_CONTACT_DETAIL_TAB',
    'CRM_DEAL_DETAIL_TAB',
    'CRM_DEAL_DETAIL_TOOLBAR',
  ]);
  expect(sim.state.eventBindings.filter((b) => b.offline)).toHaveLength(6);
  expect(sim.state.userFields.CRM_CONTACT.map((f) => f.FIELD_NAME)).toContain('UF_CRM_LIME_CLIENT_ID');
  // installFinish reloads the portal page, which now opens the app itself: our settings.
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await expect(frame.getByTestId('lime-connection')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the deal tab opens the deal’s contact in the portal’s slider', async ({ page }) => {
  const contact = await sim.controls.addContact({ NAME: 'Ольга', LAST_NAME: 'Слайдерова' });
  const deal = await sim.controls.addDeal({ TITLE: 'День рождения', CONTACT_IDS: [contact] });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(sim.hostPageUrl({ kind: 'deal', id: deal, tab: 'CRM_DEAL_DETAIL_TAB' }, { lang: 'ru' }));
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('lime-deal-tab')).toHaveAttribute('data-phase', 'ready', {
    timeout: 20_000,
  });
  await frame.getByTestId('open-contact').click();
  // The SDK sends a path the portal's slider accepts (`/crm/type/0/details/0/../../…`): resolved,
  // it is the contact's card.
  await expect
    .poll(async () => {
      const paths = await page.evaluate(
        () => (window as unknown as { __b24host: { paths: string[] } }).__b24host.paths,
      );
      return paths.map((p) => new URL(p, 'https://portal.invalid').pathname);
    })
    .toEqual([`/crm/contact/details/${contact}/`]);
});
