import { expect, type FrameLocator, type Locator, type Page, test } from '@playwright/test';
import { collectErrors, expectFitted, sandboxLinks, shot } from './support/host-pages';

/**
 * Settings → «Рассылки и бонусы» in both CRMs' host pages (the sandbox's simulated portal and
 * account). Bitrix24: the admin sets the birthday bonus, makes a birthday campaign, sees today's
 * audience and turns it on; three NPS answers (given through the NPS page's own form) appear in the
 * chart. amoCRM advanced settings: a win-back campaign with a lead in a chosen status, and the NPS
 * panel. No frame scrollbars at 1280 px nor at a phone-width 360 px, no console errors. Screenshots.
 */

test.use({ screenshot: 'only-on-failure' });

async function openSection(frame: FrameLocator): Promise<Locator> {
  await expect(frame.getByTestId('settings')).toHaveAttribute('data-phase', 'ready', { timeout: 20_000 });
  const section = frame.getByTestId('mailings-section');
  await expect(section.getByTestId('campaigns')).toHaveAttribute('data-phase', 'ready');
  return section;
}

/** An NPS survey sent to a sandbox contact (POST /api/sandbox/nps), answered with `score` on the page's form. */
async function answerNps(page: Page, score: number) {
  let link = '';
  await expect
    .poll(
      async () => {
        const response = await page.request.post('/api/sandbox/nps');
        if (response.ok()) link = (await response.json()).link;
        return response.status();
      },
      { timeout: 60_000, intervals: [1000, 2000, 3000] },
    )
    .toBe(200);
  const answer = await page.request.post(`/api/nps/${new URL(link).pathname.split('/').pop()}`, {
    form: { score: String(score), comment: '' },
    maxRedirects: 0,
  });
  expect(answer.status()).toBeLessThan(400);
}

const people = /^(никого|\d+ человека?)/;

test('Bitrix24: the birthday bonus, a birthday campaign turned on after its preview, the NPS chart', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const [app] = await sandboxLinks(page, 'b24-app-link');
  for (const score of [10, 9, 8, 3]) await answerNps(page, score);
  await page.goto(app as string);
  const frame = page.frameLocator('iframe').first();
  const section = await openSection(frame);

  const bonus = section.getByTestId('birthday-limits');
  await bonus.locator('input[name="birthdayBonus.enabled"]').check();
  await bonus.locator('input[name="birthdayBonus.client"]').fill('500');
  await bonus.locator('input[name="birthdayBonus.child"]').fill('300');
  await bonus.locator('select[name="birthdayBonus.daysBefore"]').selectOption('2');
  await bonus.locator('input[name="mailingLimits.dailyCap"]').fill('300');
  await bonus.getByTestId('birthday-limits-save').click();
  await expect(bonus.getByRole('status')).toHaveText('Сохранено');

  const campaigns = section.getByTestId('campaigns');
  await campaigns.locator('select[name="newCampaignKind"]').selectOption('birthday');
  await campaigns.getByRole('button', { name: 'Новая рассылка' }).click();
  const form = campaigns.getByTestId('campaign-form');
  await form.locator('input[name="campaign.name"]').fill('Поздравление с днём рождения');
  await form.locator('input[name="rules.daysBefore"]').fill('0');
  await form.locator('select[name="rules.who"]').selectOption('both');
  await form.locator('input[name="campaign.bonus"]').fill('200');
  await form.locator('select[name="delivery.pipelineId"]').selectOption({ index: 1 });
  await form.getByRole('button', { name: 'Кто получит сегодня' }).click();
  await expect(form.getByTestId('campaign-preview-count')).toHaveText(people);
  await form.getByRole('button', { name: 'Сохранить рассылку' }).click();

  const row = campaigns.locator('[data-testid="campaign-row"][data-name="Поздравление с днём рождения"]');
  await expect(row).toHaveAttribute('data-enabled', 'false');
  await expect(row.getByTestId('campaign-today')).toHaveText(/^Сегодня: (никого|\d+ человека?)/);
  await row.getByRole('button', { name: 'Включить' }).click();
  const confirm = row.getByTestId('campaign-confirm');
  await expect(confirm).toContainText(/Сегодня получат: (никого|\d+ человека?)/);
  await confirm.getByRole('button', { name: 'Включить' }).click();
  await expect(row).toHaveAttribute('data-enabled', 'true');
  await expect(row).toContainText('Включена');

  await expect(section.getByTestId('recent-sends').locator('li')).not.toHaveCount(0);
  const chart = section.getByTestId('nps-chart');
  await expect(chart.getByTestId('nps-bar')).not.toHaveCount(0);
  for (const group of ['promoters', 'passives', 'detractors'])
    await expect(chart.getByTestId(`nps-${group}`)).toHaveAttribute('data-count', /^[1-9]\d*$/);
  await expectFitted(page.locator('iframe').first());
  await shot(page, testInfo, 'bitrix24-campaigns.png', section);
  await shot(page, testInfo, 'nps-chart.png', section.getByTestId('nps-panel'));

  await page.setViewportSize({ width: 360, height: 800 });
  await expectFitted(page.locator('iframe').first());
  expect(errors).toEqual([]);
});

test('amoCRM advanced settings: a win-back campaign with a lead in a chosen status, and the NPS panel', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const [settings] = await sandboxLinks(page, 'amo-settings-link');
  await page.goto(settings as string);
  const frame = page.frameLocator('iframe.lime-frame');
  const section = await openSection(frame);
  const campaigns = section.getByTestId('campaigns');
  await campaigns.locator('select[name="newCampaignKind"]').selectOption('winback');
  await campaigns.getByRole('button', { name: 'Новая рассылка' }).click();
  const form = campaigns.getByTestId('campaign-form');
  await form.locator('input[name="campaign.name"]').fill('Давно не были');
  await form.locator('input[name="rules.daysWithout"]').fill('45');
  await form.locator('select[name="delivery.pipelineId"]').selectOption({ index: 1 });
  await expect(form.locator('select[name="delivery.stageId"]')).not.toHaveValue('');
  await form.getByRole('button', { name: 'Кто получит сегодня' }).click();
  await expect(form.getByTestId('campaign-preview-count')).toHaveText(people);
  await form.getByRole('button', { name: 'Сохранить рассылку' }).click();
  const row = campaigns.locator('[data-testid="campaign-row"][data-name="Давно не были"]');
  await expect(row).toContainText('Возврат клиентов');
  await expect(row).toContainText('Выключена');
  await expect(section.getByTestId('nps-panel')).toHaveAttribute('data-phase', 'ready');
  await expectFitted(page.locator('iframe.lime-frame'));
  await shot(page, testInfo, 'amocrm-campaigns.png', section);
  expect(errors).toEqual([]);
});

test('Bitrix24: a manager sees the mailings read-only, with a note', async ({ page }) => {
  const errors = collectErrors(page);
  const [app] = await sandboxLinks(page, 'b24-app-link');
  const url = new URL(app as string);
  url.searchParams.set('user', '2');
  await page.goto(url.toString());
  const section = await openSection(page.frameLocator('iframe').first());
  await expect(section.getByText('Изменять рассылки и бонусы может только администратор CRM.')).toBeVisible();
  await expect(section.getByTestId('campaigns')).toContainText('вам они видны без права изменения');
  await expect(section.locator('input[name="birthdayBonus.client"]')).toBeDisabled();
  await expect(section.getByTestId('birthday-limits-save')).toHaveCount(0);
  await expect(section.getByRole('button', { name: 'Новая рассылка' })).toHaveCount(0);
  expect(errors).toEqual([]);
});
