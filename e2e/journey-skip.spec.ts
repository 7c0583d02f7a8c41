// tsunagu02 has every account registered and demo-feed does not let customers choose
// operations: steps 2–4 are skipped and shown as skipped.
import { expect, test } from '@playwright/test';
import { approve, DEMO_PASSWORD, logIn } from './support/journey';
import { exchangeCode, startJourney } from './support/oauth';

test('tsunagu02 goes from login straight to 許可 with demo-feed, steps 2–4 marked skipped', async ({ page, request }) => {
  const journey = await startJourney(page, 'demo-feed');
  const steps = page.getByRole('navigation', { name: 'お手続きの流れ' }).getByRole('listitem');
  await expect(steps.nth(1)).toContainText('省略');
  await expect(page.getByText('デモ明細フィード（デモフィード株式会社）').first()).toBeVisible();
  await logIn(page, 'tsunagu02', DEMO_PASSWORD);

  await expect(page).toHaveURL(/\/consent\/grant$/);
  await expect(steps).toHaveText([/手順1.*完了/, /手順2.*省略/, /手順3.*省略/, /手順4.*省略/, /手順5.*表示中/]);
  await expect(steps.nth(4)).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('granted-operations').getByRole('listitem')).toHaveText(['口座一覧照会', '残高照会', '入出金明細照会']);
  await expect(page.getByTestId('granted-accounts').getByRole('listitem')).toHaveText([
    '港支店(110) 当座 3000019',
    '本店営業部(456) 普通 3000001',
  ]);
  await expect(page.getByTestId('grant-period')).toContainText('（365日間）');

  for (const path of ['/consent/operations', '/consent/pin', '/consent/pin-result']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/consent\/grant$/);
  }
  await approve(page);
  const callback = await journey.callback;
  expect(callback.searchParams.get('state')).toBe(journey.state);
  const response = await exchangeCode(request, journey, callback.searchParams.get('code')!);
  expect(response.status()).toBe(200);
  expect((await response.json()).scope).toBe('accounts:read balances:read transactions:read');
});
