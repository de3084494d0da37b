import { expect, test } from '@playwright/test';

/** The sandbox (on by default without CRM keys): the simulated park's data flowing into the mirror. */

const number = (text: string) => Number(text.replace(/\D+/g, ''));

test('shows the simulated park as it arrives, applies every park event, and reacts to a visitor buying', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/sandbox');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const counts = page.locator('[data-testid="sandbox-counts"] dd');
  // History comes in through the change feed; the page refreshes itself until it has all of it.
  await expect
    .poll(async () => number((await counts.nth(3).textContent()) ?? ''), { timeout: 30_000 })
    .toBeGreaterThan(500);
  await expect
    .poll(
      async () =>
        number((await counts.nth(3).textContent()) ?? '') - number((await counts.nth(4).textContent()) ?? ''),
      {
        timeout: 30_000,
      },
    )
    .toBe(0);
  expect(number((await counts.nth(0).textContent()) ?? '')).toBeGreaterThan(20);
  expect(number((await counts.nth(1).textContent()) ?? '')).toBeGreaterThan(100);

  const before = number((await counts.nth(2).textContent()) ?? '');
  await page.getByRole('button', { name: /A visitor buys|Гость покупает/ }).click();
  await page.waitForURL('**/sandbox');
  await expect
    .poll(async () => number((await counts.nth(2).textContent()) ?? ''), { timeout: 15_000 })
    .toBeGreaterThan(before);
  await expect(page.locator('[data-testid="sandbox-transactions"] li').first()).toBeVisible();

  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('the sandbox fits a phone-width frame', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/sandbox');
  await expect(page.locator('[data-testid="sandbox-counts"]')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
