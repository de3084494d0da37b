import { expect, type FrameLocator, type Page, test } from '@playwright/test';

/**
 * The sync journal in the simulated Bitrix24's app settings (the sandbox's portal): purchases go to
 * a stage a manager has meanwhile deleted in the portal, the portal refuses the next purchase's
 * deal, the journal shows it in plain words; the admin chooses another stage, presses "Retry", and
 * the journal gains the deal's ok row. Filters narrow the list; no horizontal overflow at phone width.
 */

async function openSettings(page: Page): Promise<FrameLocator> {
  await page.goto('/sandbox');
  const link = page.getByTestId('b24-app-link');
  await expect(link).toBeVisible();
  await page.goto((await link.getAttribute('href')) as string);
  const frame = page.frameLocator('iframe').first();
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  return frame;
}

/** The admin saves the settings (and the server has them). */
async function save(page: Page, frame: FrameLocator) {
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/embed/settings') && r.request().method() === 'PUT',
  );
  await frame
    .getByTestId('crm-settings')
    .getByRole('button', { name: /^(Сохранить|Save)$/ })
    .click();
  expect((await saved).ok()).toBe(true);
}

/** Presses "refresh" until the journal shows a row matching `selector`. */
async function waitForRow(frame: FrameLocator, selector: string) {
  const rows = frame.locator(`[data-testid="journal-row"]${selector}`);
  await expect
    .poll(
      async () => {
        await frame.getByTestId('journal-refresh').click();
        await expect(frame.getByTestId('journal-refresh')).toBeEnabled();
        return rows.count();
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBeGreaterThan(0);
  return rows.first();
}

test('a deal the portal refuses shows in plain words; fixed and retried, it goes through', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  const frame = await openSettings(page);
  await expect(frame.getByTestId('journal-panel')).toBeVisible();

  // While the page is open, a manager deletes the stage the admin is about to choose for purchases.
  await frame.locator('select[name="purchase.pipeline"]').selectOption({ index: 1 });
  const stages = frame.locator('select[name="purchase.stage"] option');
  const doomed = (await stages.nth(1).getAttribute('value')) as string;
  const other = (await stages.nth(2).getAttribute('value')) as string;
  const deleted = await page.request.post('/api/sandbox/crm', {
    form: { action: 'delete-stage', stage: doomed },
  });
  expect(deleted.ok()).toBe(true);
  await frame.locator('select[name="purchase.stage"]').selectOption(doomed);
  await save(page, frame);

  // A visitor buys: the push of that purchase is refused.
  expect((await page.request.post('/api/sandbox/lime', { form: { action: 'buy' } })).ok()).toBe(true);
  await frame.locator('select[name="journalStatus"]').selectOption('failed');
  const failed = await waitForRow(frame, '[data-operation="crm.deals.upsert"][data-status="error"]');
  await expect(failed.getByTestId('journal-problem')).toHaveText(/(Битрикс24|Bitrix24).*(«Стадия»|«Stage»)/);

  // The admin picks another stage, saves, and retries the failed row.
  await frame.locator('select[name="purchase.stage"]').selectOption(other);
  await save(page, frame);
  await failed.getByTestId('journal-retry').click();
  await expect(frame.getByText(/Повтор запрошен:|Retry requested:/)).toBeVisible();

  await frame.locator('select[name="journalStatus"]').selectOption('');
  await frame.locator('select[name="journalKind"]').selectOption('deals');
  // Newest first: above the "retry requested" row, a round that wrote a deal.
  await expect
    .poll(
      async () => {
        await frame.getByTestId('journal-refresh').click();
        await expect(frame.getByTestId('journal-refresh')).toBeEnabled();
        return frame.getByTestId('journal-row').evaluateAll((rows) => {
          const retry = rows.findIndex((r) => r.getAttribute('data-operation') === 'journal.retry');
          const written = rows.findIndex(
            (r) =>
              r.getAttribute('data-operation') === 'crm.deals.upsert' &&
              r.getAttribute('data-status') === 'ok' &&
              /(сделок|deals): [1-9]/.test(r.textContent ?? ''),
          );
          return retry > 0 && written >= 0 && written < retry;
        });
      },
      { timeout: 30_000, intervals: [1000, 2000] },
    )
    .toBe(true);
  const kinds = await frame
    .getByTestId('journal-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));
  expect(new Set(kinds)).toEqual(new Set(['deals']));

  // A phone-wide frame: the panel wraps, nothing overflows sideways.
  await page
    .locator('iframe')
    .first()
    .evaluate((el) => {
      (el as HTMLIFrameElement).style.width = '360px';
    });
  const frameElement = await page.locator('iframe').first().elementHandle();
  await expect
    .poll(async () =>
      (await frameElement?.contentFrame())?.evaluate(() => [
        document.documentElement.clientWidth,
        document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      ]),
    )
    .toEqual([360, true]);
  expect(errors).toEqual([]);
});
