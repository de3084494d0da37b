import { expect, type FrameLocator, type Page, test } from '@playwright/test';
import { collectErrors } from './support/host-pages';

/**
 * Our real widget (widgets/amocrm/script.js, baked for this server) inside the sandbox's simulated
 * amoCRM account: the account's card page loads it through RequireJS, `$authorizedAjax` sends a real
 * HS256 disposable token to our embed session (a real CORS preflight), and the widget frames our
 * page in the right column, sized by the height the page posts. At a 1280 px and a phone-width
 * 400 px column: the Lime client, no scrollbars, no console errors. Then a lead card, a list
 * selection opened from the list's "More" menu, and the advanced settings page.
 */

interface AmoHost {
  ready: boolean;
  errors: string[];
  callbacks: string[];
  heights: number[];
  modals: number;
}

// The first spec of the run: the sandbox's park history may still be reaching the mirror, and
// openUntil waits up to 60 s for it (CI runs two other suites beside this one).
test.setTimeout(90_000);

const CARD_CHROME_PX = 352;

async function sandboxLink(page: Page, testId: string): Promise<string> {
  await page.goto('/sandbox');
  const link = page.getByTestId(testId).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href')) as string;
}

const host = (page: Page) => page.evaluate(() => (window as unknown as { __amohost: AmoHost }).__amohost);

/** Opens the page until the frame shows `ready` (the park's history reaches the mirror in the first seconds). */
async function openUntil(page: Page, url: string, frame: () => FrameLocator, readyTestId: string) {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        await expect.poll(async () => (await host(page))?.ready).toBe(true);
        const root = frame().locator('main');
        await expect(root).toHaveAttribute('data-phase', /ready|error/, { timeout: 20_000 });
        return frame().getByTestId(readyTestId).count();
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBeGreaterThan(0);
}

async function expectFitted(page: Page, selector: string) {
  const iframe = page.locator(selector).first();
  await expect
    .poll(async () => {
      const content = await (await iframe.elementHandle())?.contentFrame();
      const inner = await content?.evaluate(() => ({
        overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        overflowY: document.documentElement.scrollHeight - document.documentElement.clientHeight,
      }));
      return inner !== undefined && inner.overflowX <= 0 && inner.overflowY <= 1;
    })
    .toBe(true);
}

for (const width of [1280, 400]) {
  test(`the widget in an amoCRM contact card at a ${width} px column shows the Lime client, fits, logs no errors`, async ({
    page,
  }, testInfo) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: width + CARD_CHROME_PX, height: 900 });
    const card = new URL(await sandboxLink(page, 'amo-contact-link'));
    card.searchParams.set('width', String(width));
    const frame = () => page.frameLocator('iframe.lime-frame');
    await openUntil(page, card.toString(), frame, 'lime-client-name');
    await expect(frame().getByTestId('lime-client-name')).not.toBeEmpty();
    await expect(frame().getByTestId('lime-children')).toBeVisible();
    await expect(frame().getByTestId('lime-transactions')).toBeVisible();

    await expectFitted(page, 'iframe.lime-frame');
    // amoCRM's look inside the frame: PT Sans, bundled (the CSP allows no font from elsewhere), in use.
    const font = await frame()
      .locator('main')
      .evaluate(async (main) => {
        await document.fonts.ready;
        // (fonts.check() is true for a family with no font face at all: look at the faces instead.)
        const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'PT Sans');
        return {
          family: getComputedStyle(main).fontFamily,
          loaded: faces.some((f) => f.status === 'loaded'),
        };
      });
    expect(font).toEqual({ family: expect.stringMatching(/^"PT Sans"/), loaded: true });
    const box = await page.locator('iframe.lime-frame').boundingBox();
    expect(Math.round(box?.width ?? 0)).toBe(width);
    // The widget sized its iframe from the heights our page posted: its last height is the frame's.
    const amo = await host(page);
    expect(amo.callbacks.slice(0, 3)).toEqual(['render', 'init', 'bind_actions']);
    expect(amo.heights.length).toBeGreaterThan(1);
    expect(Math.round(box?.height ?? 0)).toBe(amo.heights.at(-1));

    const shot = testInfo.outputPath(`amocrm-contact-${width}px.png`);
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach(`amocrm-contact-${width}px.png`, { path: shot, contentType: 'image/png' });
    expect(amo.errors).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the widget in an amoCRM lead card shows the lead contact’s Lime client', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 400 + CARD_CHROME_PX, height: 900 });
  const url = new URL(await sandboxLink(page, 'amo-lead-link'));
  url.searchParams.set('width', '400');
  const frame = () => page.frameLocator('iframe.lime-frame');
  await openUntil(page, url.toString(), frame, 'lime-client-name');
  await expectFitted(page, 'iframe.lime-frame');
  expect((await host(page)).errors).toEqual([]);
  expect(errors).toEqual([]);
});

test('rows ticked in the contact list open the selection in a modal, each with its Lime client', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(await sandboxLink(page, 'amo-contacts-list-link'));
  await expect.poll(async () => (await host(page))?.ready).toBe(true);
  const checks = page.locator('input.amo-row-check');
  for (let i = 0; i < 3; i += 1) await checks.nth(i).check();
  await page.locator('#amo-actions-more').click();
  await page.locator('#amo-widget-action').click();
  const modal = page.frameLocator('.lime-modal iframe.lime-frame');
  await expect(modal.getByTestId('lime-selection')).toHaveAttribute('data-phase', 'ready', {
    timeout: 20_000,
  });
  await expect(modal.getByTestId('lime-selection-row')).toHaveCount(3);
  // In the account's language (the page is Russian), not the browser's.
  await expect(modal.getByTestId('lime-selection-title')).toHaveText('Выбрано 3 контакта');
  await expectFitted(page, '.lime-modal iframe.lime-frame');
  await expect(modal.getByTestId('lime-selection-matched')).toContainText('3');
  const amo = await host(page);
  expect(amo.callbacks).toContain('contacts.selected');
  expect(amo.modals).toBe(1);
  const shot = testInfo.outputPath('amocrm-selection.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('amocrm-selection.png', { path: shot, contentType: 'image/png' });
  expect(amo.errors).toEqual([]);
  expect(errors).toEqual([]);
});

test('the advanced settings page frames our settings for the account admin', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(await sandboxLink(page, 'amo-settings-link'));
  await expect.poll(async () => (await host(page))?.ready).toBe(true);
  const frame = page.frameLocator('iframe.lime-frame');
  await expect(frame.locator('main')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFitted(page, 'iframe.lime-frame');
  expect((await host(page)).errors).toEqual([]);
  expect(errors).toEqual([]);
});
