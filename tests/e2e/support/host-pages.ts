import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** What the specs that drive the sandbox's simulated CRM host pages share. */

/** Console errors and uncaught page errors; lines matching `expected` (a refusal the test provokes) are left out. */
export function collectErrors(page: Page, expected?: RegExp): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const line = `${message.text()} (${message.location().url})`;
    if (expected?.test(line)) return;
    if (message.type() === 'error') errors.push(line);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The hrefs of the sandbox page's links with this test id (cards, lists, the app). */
export async function sandboxLinks(page: Page, testId: string): Promise<string[]> {
  await page.goto('/sandbox');
  const links = page.getByTestId(testId);
  await expect(links.first()).toBeVisible();
  return links.evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).href));
}

/** Our page inside a frame: no scrollbar of its own (the host sized the frame to the content). */
export async function expectFitted(frame: Locator) {
  await expect
    .poll(async () => {
      const content = await (await frame.elementHandle())?.contentFrame();
      return content?.evaluate(() => ({
        x: document.documentElement.scrollWidth - document.documentElement.clientWidth <= 0,
        y: document.documentElement.scrollHeight - document.documentElement.clientHeight <= 1,
      }));
    })
    .toEqual({ x: true, y: true });
}

/** A screenshot of the page (or one element) attached to the test's report. */
export async function shot(page: Page, testInfo: TestInfo, name: string, target?: Locator) {
  const path = testInfo.outputPath(name);
  await (target ?? page).screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
