import { expect, type Page, test } from '@playwright/test';

/**
 * The app's settings in the simulated Bitrix24 (the sandbox's portal): the Lime connection with
 * "test connection" for the admin; read-only for a manager. No scrollbars, no console errors.
 */

async function appPageUrl(page: Page): Promise<URL> {
  await page.goto('/sandbox');
  const link = page.getByTestId('b24-app-link');
  await expect(link).toBeVisible();
  return new URL((await link.getAttribute('href')) as string);
}

test('an admin tests the Lime connection from the settings', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto((await appPageUrl(page)).toString());
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await expect(frame.locator('input[name="baseUrl"]')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  // The responsible user is picked in Bitrix24's own user-selection dialog.
  await page.evaluate(() => {
    (window as unknown as { __b24host: { selectUserAnswer: unknown } }).__b24host.selectUserAnswer = {
      id: '2',
      name: 'Менеджер',
    };
  });
  await frame.getByTestId('pick-responsible').click();
  await expect(frame.locator('select[name="responsibleUserId"]')).toHaveValue('2');
  await frame.getByRole('button', { name: /Проверить подключение|Test the connection/ }).click();
  await expect(frame.getByTestId('lime-connection-message')).toHaveText(/Лайм отвечает|Lime answers/, {
    timeout: 15_000,
  });
  const fits = await (await (await page.locator('iframe').first().elementHandle())?.contentFrame())?.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
  expect(fits).toBe(true);
  expect(errors).toEqual([]);
});

test('a manager sees the settings read-only', async ({ page }) => {
  const url = await appPageUrl(page);
  url.searchParams.set('user', '2');
  await page.goto(url.toString());
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await expect(
    frame.getByText(/Изменять настройки может только администратор|Only an administrator/),
  ).toBeVisible();
  await expect(frame.locator('input[name="baseUrl"]')).toBeDisabled();
});

test('“send to CRM” finds a park client by phone and queues the push', async ({ page }) => {
  await page.goto('/sandbox');
  // A sandbox contact's card names one of the park's adults; its phone is shown on the portal's card.
  const card = page.getByTestId('b24-contact-link').first();
  await page.goto((await card.getAttribute('href')) as string);
  const phone = ((await page.locator('body').textContent()) ?? '').match(/\+7\d{10}/)?.[0];
  expect(phone).toBeTruthy();
  await page.goto((await appPageUrl(page)).toString());
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await frame
    .getByTestId('send-client')
    .locator('input[name="query"]')
    .fill(phone as string);
  await frame.getByTestId('send-client-button').click();
  await expect(frame.getByTestId('send-client-status')).toHaveText(/контакт|contact/, { timeout: 15_000 });
  await expect(frame.getByTestId('send-client-status')).toHaveClass(/text-success/);
});
