import { expect, type FrameLocator } from '@playwright/test';

/** The booking calendar's board, as the booking specs drive it (a CRM's slider or modal). */

/** The sandbox's halls and animators work 10:00–22:00, the hours the board shows. */
const OPEN_HOURS = { from: 10, to: 22 };

/** A click on a resource's row of the board at a wall-clock hour (the board shows 10:00–22:00). */
async function clickAt(calendar: FrameLocator, resource: string, hour: number) {
  const cell = calendar.locator(`[data-testid="booking-cell"][data-resource="${resource}"]`).first();
  const box = await cell.boundingBox();
  if (!box) throw new Error(`no row for ${resource}`);
  const x = ((hour - OPEN_HOURS.from) / (OPEN_HOURS.to - OPEN_HOURS.from)) * box.width + 4;
  await cell.click({ position: { x, y: box.height / 2 } });
}

/** Two days ahead, a hall at `hour`, then the same time for the staff member. */
export async function pickTime(calendar: FrameLocator, hall: string, staff: string, hour: number) {
  await expect(calendar.getByTestId('booking-screen')).toHaveAttribute('data-phase', 'ready', {
    timeout: 20_000,
  });
  const range = calendar.getByTestId('booking-range');
  for (let i = 0; i < 2; i += 1) {
    const before = await range.textContent();
    await calendar.getByRole('button', { name: /^(Вперёд|Forward)$/ }).click();
    await expect(range).not.toHaveText(before ?? '');
  }
  await clickAt(calendar, hall, hour);
  await clickAt(calendar, staff, hour);
  const start = `${String(hour).padStart(2, '0')}:00`;
  const end = `${String(hour + 2).padStart(2, '0')}:00`;
  await expect(calendar.locator('input[name="start"]')).toHaveValue(start);
  await expect(calendar.locator('input[name="end"]')).toHaveValue(end);
  await expect(calendar.locator('select[name="hall"] option:checked')).toHaveText(new RegExp(hall));
  await expect(calendar.getByRole('checkbox', { name: staff })).toBeChecked();
  await expect(calendar.getByTestId('chosen-block')).toHaveCount(2);
  return { date: await calendar.locator('input[name="date"]').inputValue(), start, end };
}

/** Books what is chosen, with the first Lime good the picker offers; the board draws it as this deal's. */
export async function book(calendar: FrameLocator, hall: string, staff: string) {
  await calendar.getByTestId('goods-search').click();
  await calendar.getByTestId('goods-option').first().click();
  await expect(calendar.getByTestId('goods-chosen').locator('li')).toHaveCount(1);
  await expect(calendar.getByTestId('booking-total')).not.toHaveText(/^0/);
  await calendar.getByTestId('booking-create').click();
  const answer = calendar.getByTestId('booking-notice').or(calendar.getByTestId('booking-error'));
  await expect(answer).toBeVisible({ timeout: 15_000 });
  expect(await answer.textContent()).toMatch(/^(Бронь|Booking) (№|#)\d+/);
  const number = Number(/\d+/.exec((await calendar.getByTestId('booking-notice').textContent()) ?? '')?.[0]);
  await expect(calendar.getByTestId('booking-status')).toHaveText(/Предварительная|Held/);
  for (const name of [hall, staff]) {
    await expect(
      calendar
        .locator(`[data-testid="booking-cell"][data-resource="${name}"]`)
        .locator(`[data-testid="busy-block"][data-own="true"][data-number="${number}"]`),
    ).toHaveCount(1);
  }
  return number;
}
