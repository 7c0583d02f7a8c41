// Every step at a phone's and a desktop's width: nothing wider than the screen, the
// partner named, 「キャンセル」 offered. Screenshots land in test-results/ for review.
import { expect, test, type Page } from '@playwright/test';
import { fixtureAccountText, newCustomer } from './support/fixtures';
import { approve, logIn, registerPin } from './support/journey';
import { startJourney } from './support/oauth';

const WIDTHS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 900 },
];

async function check(page: Page, name: string, width: string) {
  await expect(page.getByTestId('partner-name')).toHaveText('デモ会計（デモ会計株式会社）');
  await expect(page.getByRole('button', { name: 'キャンセル' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is wider than the ${width} screen`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${width}-${name}.png`), fullPage: true });
}

for (const size of WIDTHS) {
  test(`every step fits a ${size.name} screen and names the partner`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const customer = await newCustomer([
      { registered: true, memo: '口座メモ5678901234567890' },
      { registered: false, memo: '売上入金用' },
      { registered: false },
    ]);
    const journey = await startJourney(page, 'demo-kaikei');
    await check(page, '1-login', size.name);
    await logIn(page, customer.loginId, customer.password);
    await expect(page).toHaveURL(/\/consent\/operations$/);
    await check(page, '2-operations', size.name);
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page).toHaveURL(/\/consent\/pin$/);
    await check(page, '3-pin', size.name);
    await registerPin(page, await fixtureAccountText(customer.accountIds[1]!), '1357');
    await expect(page).toHaveURL(/\/consent\/pin-result$/);
    await check(page, '4-pin-result', size.name);
    await page.getByRole('button', { name: '確認' }).click();
    await expect(page).toHaveURL(/\/consent\/grant$/);
    await check(page, '5-grant', size.name);
    await approve(page);
    expect((await journey.callback).searchParams.get('code')).toBeTruthy();
  });
}
