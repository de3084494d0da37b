import { expect, type FrameLocator, type Locator, type Page, test } from '@playwright/test';
import { book, pickTime } from './support/booking-board';
import { collectErrors, expectFitted, sandboxLinks, shot } from './support/host-pages';

/**
 * Booking a hall and a staff member from a deal card, in each CRM's host page of the sandbox: the
 * simulated Bitrix24 deal card's «Лайм» tab opens the calendar in the portal's slider
 * (BX24.openApplication), the simulated amoCRM lead card's widget opens it in an amoCRM modal. A
 * manager picks free time on the board (a hall, then a staff member), adds a Lime good, books, and
 * sees the time drawn busy as this deal's; the card's summary shows the booking when the slider or
 * modal closes. From a second deal, the same staff member at an overlapping time is refused with
 * the message naming the first booking's time and deal. The sandbox's halls and animators work
 * 10:00–22:00; the bookings are two days ahead, so the board's own clock never gets in the way.
 */

test.use({ screenshot: 'only-on-failure' });

/** The browser's own line for the 409 the conflict is expected to be. */
const CONFLICT_LINE = /status of 409 \(Conflict\) \(http:\/\/127\.0\.0\.1:\d+\/api\/embed\/bookings\)$/;

async function sandboxNames(page: Page, testId: string): Promise<string[]> {
  await page.goto('/sandbox');
  const links = page.getByTestId(testId);
  await expect(links.first()).toBeVisible();
  return links.allTextContents();
}

const lastWord = (name: string | undefined) => (name ?? '').trim().split(/\s+/).at(-1) as string;

/** Searches the CRM's contacts by a word of a name and makes the first found the booking's contact. */
async function chooseContact(calendar: FrameLocator, word: string) {
  await calendar.getByTestId('contact-change').click();
  await calendar.getByTestId('contact-search').fill(word);
  const option = calendar.getByTestId('contact-option').filter({ hasText: word }).first();
  await expect(option).toBeVisible({ timeout: 15_000 });
  await option.click();
  await expect(calendar.getByTestId('contact-chosen')).toContainText(word);
}

/** The same staff member at an overlapping time from another deal: refused, naming the first booking. */
async function expectConflict(
  calendar: FrameLocator,
  first: { number: number; dealId: string; staff: string },
) {
  await calendar.getByTestId('goods-search').click();
  await calendar.getByTestId('goods-option').first().click();
  await calendar.getByTestId('booking-create').click();
  const error = calendar.getByTestId('booking-error');
  await expect(error).toBeVisible({ timeout: 15_000 });
  await expect(error).toHaveText(
    new RegExp(
      `«${first.staff}» уже занят .* с 14:00 до 16:00: бронь №${first.number}, сделка ${first.dealId}`,
    ),
  );
  // Nothing was booked: the form still offers to book.
  await expect(calendar.getByTestId('booking-create')).toBeEnabled();
  await expect(calendar.getByTestId('booking-status')).toHaveCount(0);
}

/** At a phone's width the page does not overflow sideways: the board scrolls inside its own box. */
async function expectPhoneWidth(frame: Locator) {
  await frame.evaluate((el) => {
    (el as HTMLIFrameElement).style.width = '360px';
  });
  const handle = await frame.elementHandle();
  await expect
    .poll(async () =>
      (await handle?.contentFrame())?.evaluate(() => {
        const board = document.querySelector('[data-testid="booking-calendar"]') as HTMLElement;
        return [
          document.documentElement.clientWidth,
          document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          board.scrollWidth > board.clientWidth,
        ];
      }),
    )
    .toEqual([360, true, true]);
}

test('Bitrix24: the deal tab books a hall and an animator in the slider; a second deal hears of the conflict', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page, CONFLICT_LINE);
  await page.setViewportSize({ width: 1280, height: 900 });
  const contacts = await sandboxNames(page, 'b24-contact-link');
  const [first, second] = await sandboxLinks(page, 'b24-deal-link');
  const dealOf = (url: string) => /\/crm\/deal\/details\/(\d+)\//.exec(url)?.[1] as string;

  await page.goto(first as string);
  const tab = page.frameLocator('.b24-tab-body iframe');
  await expect(tab.getByTestId('booking-summary')).toBeVisible({ timeout: 20_000 });
  await tab.getByTestId('booking-open').click();
  await expect(page.locator('.b24-slider')).toBeVisible();
  const slider = page.frameLocator('.b24-slider iframe');
  const when = await pickTime(slider, 'Большой зал', 'Аниматор Алиса', 14);
  await chooseContact(slider, lastWord(contacts[5]));
  const number = await book(slider, 'Большой зал', 'Аниматор Алиса');
  await expect(page.locator('.b24-slider-title')).toHaveText(/^День рождения: /); // the deal's title
  await expectFitted(page.locator('.b24-slider iframe'));
  // The slider's layout grew to the page: the portal was asked to resize it.
  const layout = await page.locator('.b24-slider .app-layout').boundingBox();
  const heights = await page.evaluate(
    () => (window as unknown as { __b24host: { heights: number[] } }).__b24host.heights,
  );
  expect(Math.round(layout?.height ?? 0)).toBe(heights.at(-1));
  await shot(page, testInfo, 'bitrix24-booking-slider-1280.png');
  // The week: seven days side by side, the booking still drawn as this deal's.
  await slider.getByTestId('booking-view-week').click();
  await expect(slider.getByTestId('booking-day')).toHaveCount(7);
  await expect(
    slider.locator(`[data-testid="busy-block"][data-own="true"][data-number="${number}"]`),
  ).toHaveCount(2);
  await expectFitted(page.locator('.b24-slider iframe'));
  await shot(page, testInfo, 'bitrix24-booking-week-1280.png');

  // Closed, the card's tab reads the booking again.
  await page.locator('.b24-slider-close').click();
  await expect(page.locator('.b24-slider')).toHaveCount(0);
  await expect(tab.getByTestId('booking-summary-number')).toHaveText(new RegExp(`№${number}`));
  await expect(tab.getByTestId('booking-summary-facts')).toContainText('Большой зал');
  await expect(tab.getByTestId('booking-summary-facts')).toContainText('Аниматор Алиса');
  await expect(tab.getByTestId('booking-summary-when')).toContainText(`${when.start}–${when.end}`);
  await shot(page, testInfo, 'bitrix24-deal-tab-booking.png');

  await page.goto(second as string);
  await expect(tab.getByTestId('booking-summary')).toBeVisible({ timeout: 20_000 });
  await tab.getByTestId('booking-open').click();
  await pickTime(slider, 'Малый зал', 'Аниматор Алиса', 15);
  await expectConflict(slider, { number, dealId: dealOf(first as string), staff: 'Аниматор Алиса' });
  await shot(page, testInfo, 'bitrix24-booking-conflict.png');
  await expectPhoneWidth(page.locator('.b24-slider iframe'));
  expect(errors).toEqual([]);
});

test('amoCRM: the lead widget books a hall and an animator in a modal; a second lead hears of the conflict', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page, CONFLICT_LINE);
  await page.setViewportSize({ width: 1280, height: 900 });
  const contacts = await sandboxNames(page, 'amo-contact-link');
  const [first, second] = await sandboxLinks(page, 'amo-lead-link');
  const leadOf = (url: string) => /\/leads\/detail\/(\d+)/.exec(url)?.[1] as string;
  const card = page.frameLocator('iframe.lime-frame').first();
  const modal = page.frameLocator('.lime-modal iframe.lime-frame');
  const amoErrors = () =>
    page.evaluate(() => (window as unknown as { __amohost: { errors: string[] } }).__amohost.errors);

  await page.goto(first as string);
  await expect(card.getByTestId('booking-summary')).toBeVisible({ timeout: 20_000 });
  await card.getByTestId('booking-open').click();
  const when = await pickTime(modal, 'Большой зал', 'Аниматор Алиса', 14);
  await chooseContact(modal, lastWord(contacts[5]));
  const number = await book(modal, 'Большой зал', 'Аниматор Алиса');
  await expectFitted(page.locator('.lime-modal iframe.lime-frame'));
  await shot(page, testInfo, 'amocrm-booking-modal-1280.png');

  await page.locator('.lime-modal .modal-body__close').click();
  await expect(page.locator('.lime-modal')).toHaveCount(0);
  await expect(card.getByTestId('booking-summary-number')).toHaveText(new RegExp(`№${number}`));
  await expect(card.getByTestId('booking-summary-when')).toContainText(`${when.start}–${when.end}`);

  await page.goto(second as string);
  await expect(card.getByTestId('booking-summary')).toBeVisible({ timeout: 20_000 });
  await card.getByTestId('booking-open').click();
  await pickTime(modal, 'Малый зал', 'Аниматор Алиса', 15);
  await expectConflict(modal, { number, dealId: leadOf(first as string), staff: 'Аниматор Алиса' });
  await shot(page, testInfo, 'amocrm-booking-conflict.png');
  expect(await amoErrors()).toEqual([]);
  expect(errors).toEqual([]);
});

test('Bitrix24 settings: the admin adds a staff member with hours and breaks, then archives them', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page, CONFLICT_LINE);
  await page.setViewportSize({ width: 1280, height: 900 });
  const [app] = await sandboxLinks(page, 'b24-app-link');
  await page.goto(app as string);
  const frame = page.frameLocator('iframe').first();
  const panel = frame.getByTestId('resources-panel');
  await expect(panel.getByTestId('resource-row')).toHaveCount(4, { timeout: 20_000 });
  await panel.getByTestId('resource-add-staff').click();
  const editor = panel.getByTestId('resource-editor');
  await editor.locator('input[name="resource.name"]').fill('Ведущий Пётр');
  await editor.getByRole('checkbox', { name: 'Вс' }).uncheck();
  await editor.getByLabel('Пн с').fill('12:00');
  await editor.locator('input[name="resource.bufferAfterMin"]').fill('15');
  await editor.getByTestId('resource-save').click();
  const row = panel.locator('[data-testid="resource-row"][data-name="Ведущий Пётр"]');
  await expect(row).toContainText('Пн 12:00–22:00, Вт–Сб 10:00–22:00, Вс выходной');
  await expect(row).toContainText('перерыв 0 мин до, 15 мин после');
  await row.getByRole('button', { name: 'В архив' }).click();
  await expect(row).toContainText('В архиве');
  await expect(row).toContainText('Пн 12:00–22:00'); // archived as it was
  const path = testInfo.outputPath('bitrix24-settings-halls-and-staff.png');
  await panel.screenshot({ path });
  await testInfo.attach('bitrix24-settings-halls-and-staff.png', { path, contentType: 'image/png' });
  await expectFitted(page.locator('iframe').first());
  expect(errors).toEqual([]);
});
