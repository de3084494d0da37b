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

test('“send to CRM” finds a park client by Lime id and queues the push', async ({ page }) => {
  await page.goto('/sandbox');
  const limeId = await page.getByTestId('b24-contact-link').first().getAttribute('data-lime-client-id');
  expect(limeId).toMatch(/^\d+$/);
  await page.goto((await appPageUrl(page)).toString());
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  const send = frame.getByTestId('send-client');
  // The park's history reaches the mirror in the first seconds after start: until then, "no such client".
  await expect
    .poll(
      async () => {
        await send.locator('input[name="query"]').fill(limeId as string);
        await frame.getByTestId('send-client-button').click();
        const status = frame.getByTestId('send-client-status');
        await expect(status).toBeVisible({ timeout: 15_000 });
        return status.getAttribute('class');
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toMatch(/text-success/);
  await expect(frame.getByTestId('send-client-status')).toHaveText(/контакт|contact/);
});
