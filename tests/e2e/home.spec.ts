import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';

/*
 * The home page, the guides and the health route of a freshly started production server (fresh
 * DATA_DIR, embedded PGlite; see playwright.config.ts).
 */

const RUSSIAN = 'ru-RU,ru;q=0.9,en;q=0.8';
const ENGLISH = 'en-US,en;q=0.9';

async function contextFor(browser: Browser, language: 'ru' | 'en', width = 1280): Promise<BrowserContext> {
  return browser.newContext({
    locale: language === 'ru' ? 'ru-RU' : 'en-US',
    extraHTTPHeaders: { 'Accept-Language': language === 'ru' ? RUSSIAN : ENGLISH },
    viewport: { width, height: 800 },
  });
}

/**
 * Collects console errors, page errors, failed requests and 4xx/5xx responses while a page loads.
 * One exception: Next's router aborts its own RSC prefetch once it has read what it needs (the
 * response was a 200, checked below), so an aborted prefetch is not a failure.
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const errorText = request.failure()?.errorText ?? 'unknown';
    const abortedPrefetch =
      errorText === 'net::ERR_ABORTED' && request.headers()['next-router-prefetch'] === '1';
    if (!abortedPrefetch) problems.push(`request failed: ${request.url()} (${errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

test('GET /api/health answers 200 and reports embedded PGlite', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { status?: unknown; db?: unknown };
  expect(body.status).toBe('ok');
  expect(body.db).toBe('pglite');
});

test('the home page speaks Russian to a Russian browser', async ({ browser }) => {
  const context = await contextFor(browser, 'ru');
  const page = await context.newPage();
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page).toHaveTitle('Lime ↔ CRM');
  await expect(page.getByRole('heading', { level: 1, name: 'Lime ↔ CRM' })).toBeVisible();
  await expect(page.getByText('Связывает Лайм — систему, на которой работают')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Что подключено сейчас' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Как подключить' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Инструкция для Битрикс24' })).toHaveAttribute(
    'href',
    '/docs/bitrix24',
  );
  await expect(page.getByRole('link', { name: 'Инструкция для amoCRM' })).toHaveAttribute(
    'href',
    '/docs/amocrm',
  );
  await context.close();
});

test('the home page speaks English to an English browser and shows a fresh server', async ({ browser }) => {
  const context = await contextFor(browser, 'en');
  const page = await context.newPage();
  await page.goto('/');

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Lime ↔ CRM' })).toBeVisible();
  await expect(
    page.getByText('Connects Lime, the system that runs family entertainment centres'),
  ).toBeVisible();
  await expect(page.getByRole('figure', { name: /Diagram: Lime exchanges data/ })).toBeVisible();

  // A fresh DATA_DIR: nothing connected yet, embedded database, inline worker.
  for (const kind of ['bitrix24', 'bitrix24_webhook', 'amocrm']) {
    await expect(page.getByTestId(`count-${kind}`)).toHaveText('0');
  }
  await expect(page.getByTestId('status-database')).toHaveText('PGlite (embedded)');
  await expect(page.getByText('inline, in this process')).toBeVisible();

  // Where the sandbox is.
  await expect(page.getByRole('heading', { level: 2, name: 'Sandbox' })).toBeVisible();
  await expect(page.locator('a[href="/sandbox"]').first()).toBeVisible();
  await context.close();
});

for (const width of [1280, 375]) {
  test(`the home page loads cleanly and fits ${width} px without horizontal scroll`, async ({ browser }) => {
    for (const language of ['ru', 'en'] as const) {
      const context = await contextFor(browser, language, width);
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto('/', { waitUntil: 'networkidle' });

      const { scrollWidth, clientWidth } = await horizontalOverflow(page);
      expect(scrollWidth, `${language} at ${width} px`).toBeLessThanOrEqual(clientWidth);
      expect(problems, `${language} at ${width} px`).toEqual([]);
      await page.screenshot({ path: `test-results/home-${width}-${language}.png`, fullPage: true });
      await context.close();
    }
  });
}

test('a guide renders from docs/, and nothing outside docs/ is reachable', async ({ browser }) => {
  const context = await contextFor(browser, 'en');
  const page = await context.newPage();
  const problems = watchProblems(page);

  const guide = await page.goto('/docs/bitrix24', { waitUntil: 'networkidle' });
  expect(guide?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Connecting Bitrix24' })).toBeVisible();
  await expect(page.getByText('/api/bitrix24/install').first()).toBeVisible();
  expect(problems).toEqual([]);
  const { scrollWidth, clientWidth } = await horizontalOverflow(page);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

  const amocrm = await page.goto('/docs/amocrm');
  expect(amocrm?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Connecting amoCRM' })).toBeVisible();

  for (const path of [
    '/docs/..%2Fpackage',
    '/docs/..%2F..%2Fetc%2Fpasswd',
    '/docs/Package',
    '/docs/no-such-guide',
  ]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain('"dependencies"');
  }
  await context.close();
});

test('a Russian reader gets the Russian guide, and links between guides keep their language', async ({
  browser,
}) => {
  const context = await contextFor(browser, 'ru');
  const page = await context.newPage();
  const problems = watchProblems(page);

  await page.goto('/docs/bitrix24', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1, name: 'Подключение Битрикс24' })).toBeVisible();
  await expect(page.getByText('Путь для первоначальной установки').first()).toBeVisible();
  await page.getByRole('link', { name: 'English version' }).click();
  await expect(page).toHaveURL(/\/docs\/bitrix24\?lang=en$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connecting Bitrix24' })).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();

  // The configuration table on a phone scrolls in its own box; the page does not.
  const phone = await contextFor(browser, 'ru', 375);
  const small = await phone.newPage();
  await small.goto('/docs/deployment', { waitUntil: 'networkidle' });
  await expect(small.getByRole('columnheader', { name: 'переменная' })).toBeVisible();
  await expect(small.getByRole('cell', { name: 'APP_ENCRYPTION_KEY', exact: true })).toBeVisible();
  const { scrollWidth, clientWidth } = await horizontalOverflow(small);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await phone.close();
});
