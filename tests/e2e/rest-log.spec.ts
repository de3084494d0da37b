import { expect, test } from '@playwright/test';

/**
 * The REST log in the simulated Bitrix24's app settings (the sandbox's portal, its admin): the calls
 * the app made to the portal while installing and pushing the park are listed newest first, a row
 * opens to its URL and bodies with the OAuth token redacted; filtering by Lime shows none of
 * Bitrix24's. No horizontal overflow in the frame at 1280 px.
 */
test('an admin reads the portal’s REST log, tokens redacted', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/sandbox');
  const link = page.getByTestId('b24-app-link');
  await expect(link).toBeVisible();
  await page.goto((await link.getAttribute('href')) as string);
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });

  const panel = frame.getByTestId('rest-log-panel');
  await expect(panel).toBeVisible();
  const rows = panel.getByTestId('rest-log-row');
  await panel.locator('select[name="restLogSystem"]').selectOption('bitrix24');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  const first = rows.first();
  await first.locator('summary').click();
  await expect(first.locator('pre').first()).toBeVisible();
  // The OAuth calls carry the access token as `auth` in the body: only ever redacted.
  await expect(panel.locator('pre').filter({ hasText: '"auth":"[Redacted]"' })).not.toHaveCount(0);
  await expect(panel.locator('pre').filter({ hasText: /"auth":"(?!\[Redacted\])/ })).toHaveCount(0);

  await panel.locator('select[name="restLogSystem"]').selectOption('lime');
  await expect(rows.filter({ hasText: /Битрикс24|Bitrix24/ })).toHaveCount(0);

  const overflowX = await frame
    .locator('body')
    .evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflowX).toBeLessThanOrEqual(0);
  const shot = testInfo.outputPath('bitrix24-rest-log-1280.png');
  await panel.screenshot({ path: shot });
  await testInfo.attach('bitrix24-rest-log-1280.png', { path: shot, contentType: 'image/png' });
});
