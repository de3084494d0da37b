import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './support/host-pages';

/**
 * "Open in a new tab" (DESIGN.md "Identity"): from the app's settings inside the simulated Bitrix24,
 * the button opens the settings in a first-party tab, signed in by a one-time code that next-auth
 * turns into a session cookie. The tab keeps working after a reload; the same link opened again is
 * refused, and the settings without a session say how to get one. From amoCRM's advanced settings
 * the tab keeps amoCRM's look.
 */

test.setTimeout(90_000);

async function appPageUrl(page: Page): Promise<string> {
  await page.goto('/sandbox');
  const link = page.getByTestId('b24-app-link');
  await expect(link).toBeVisible();
  return (await link.getAttribute('href')) as string;
}

test('the settings open in a tab of their own, signed in once by the link', async ({
  page,
  browser,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(await appPageUrl(page));
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });

  const opened = page.context().waitForEvent('page');
  // The one-time link, as the frame received it (the tab may reach it before a listener on the tab).
  const linkAnswer = page.waitForResponse((r) => r.url().endsWith('/api/embed/open-tab'));
  await frame.getByTestId('open-in-tab').click();
  const tab = await opened;
  const link = ((await (await linkAnswer).json()) as { url: string }).url;
  expect(link).toContain('#code=');
  const tabErrors = collectErrors(tab);
  await tab.waitForURL(/\/settings$/, { timeout: 30_000 });
  await expect(tab.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(
    /Настройки интеграции с Лаймом|Lime integration settings/,
  );
  // Not in a frame: no "open in a new tab" of its own; the admin's form is editable.
  await expect(tab.getByTestId('open-in-tab')).toHaveCount(0);
  await expect(tab.locator('input[name="baseUrl"]')).toBeEnabled();
  const cookies = await tab.context().cookies();
  expect(cookies.find((c) => c.name.includes('next-auth.session-token'))?.httpOnly).toBe(true);
  const shot = testInfo.outputPath('settings-in-a-tab.png');
  await tab.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('settings-in-a-tab.png', { path: shot, contentType: 'image/png' });

  await tab.reload();
  await expect(tab.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });

  // The link again, in another browser (no session): refused, once used.
  const stranger = await browser.newPage();
  await stranger.goto(link);
  await expect(stranger.getByTestId('open-tab')).toHaveAttribute('data-phase', 'error', { timeout: 20_000 });
  await expect(stranger.getByRole('status')).toHaveText(/уже использована|used already/);
  await stranger.goto(new URL('/settings', link).href);
  await expect(stranger.getByTestId('tab-signed-out')).toBeVisible();
  await stranger.close();

  expect(tabErrors).toEqual([]);
  expect(errors).toEqual([]);
});

test('from the amoCRM advanced settings, the tab keeps amoCRM’s look', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/sandbox');
  const link = page.getByTestId('amo-settings-link').first();
  await expect(link).toBeVisible();
  await page.goto((await link.getAttribute('href')) as string);
  const frame = page.frameLocator('iframe.lime-frame');
  await expect(frame.locator('main')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });

  const opened = page.context().waitForEvent('page');
  await frame.getByTestId('open-in-tab').click();
  const tab = await opened;
  const tabErrors = collectErrors(tab);
  await tab.waitForURL(/\/settings$/, { timeout: 30_000 });
  await expect(tab.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  const font = await tab.locator('main').evaluate((main) => getComputedStyle(main).fontFamily);
  expect(font).toMatch(/^"PT Sans"/);
  expect(tabErrors).toEqual([]);
  expect(errors).toEqual([]);
});
