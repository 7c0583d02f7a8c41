// Wrong passwords and wrong inquiry PINs, counted for real until they lock (journey.md
// steps 1 and 3). Each test makes its own customer, so the demo users stay usable.
import { expect, test } from '@playwright/test';
import { accountRow, fixtureAccountText, newCustomer, userRow } from './support/fixtures';
import { formAlert, logIn } from './support/journey';
import { startJourney } from './support/oauth';

const WRONG_CREDENTIALS = 'ログインIDまたはログインパスワードが正しくありません。';
const USER_LOCKED = 'ログインパスワードの誤りが規定回数に達したため、ご利用を停止しています。お手数ですが、当組合までお問い合わせください。';

test('a wrong password and an unknown login ID get the same message', async ({ page }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, 'not-the-password');
  await expect(formAlert(page)).toHaveText(WRONG_CREDENTIALS);
  await logIn(page, `${customer.loginId}-nobody`, customer.password);
  await expect(formAlert(page)).toHaveText(WRONG_CREDENTIALS);
  await expect(page).toHaveURL(/\/consent\/login$/);
  expect((await userRow(customer.userId)).failedLoginCount).toBe(1);
});

test('empty fields are refused in the browser with messages tied to the inputs', async ({ page }) => {
  await startJourney(page, 'demo-feed');
  await page.getByRole('button', { name: 'API連携' }).click();
  await expect(page.getByLabel('ログインID')).toHaveAccessibleDescription('ログインIDを入力してください。');
  await expect(page.getByLabel('ログインパスワード')).toHaveAccessibleDescription('ログインパスワードを入力してください。');
  await expect(page.getByLabel('ログインID')).toBeFocused();
});

test('five wrong passwords lock the user, and then even the right password is refused', async ({ page }) => {
  const customer = await newCustomer([{ registered: true }]);
  await startJourney(page, 'demo-feed');
  for (let attempt = 1; attempt <= 4; attempt++) {
    await logIn(page, customer.loginId, `wrong-${attempt}`);
    await expect(formAlert(page)).toHaveText(WRONG_CREDENTIALS);
    await expect.poll(async () => (await userRow(customer.userId)).failedLoginCount).toBe(attempt);
  }
  await logIn(page, customer.loginId, 'wrong-5');
  await expect(formAlert(page)).toHaveText(USER_LOCKED);
  expect((await userRow(customer.userId)).lockedAt).not.toBeNull();

  await logIn(page, customer.loginId, customer.password);
  await expect(formAlert(page)).toHaveText(USER_LOCKED);
  await page.reload();
  await expect(page).toHaveURL(/\/consent\/login$/);
});

test('five wrong inquiry PINs stop registration for that account only', async ({ page }) => {
  const customer = await newCustomer([{ registered: false }, { registered: false }]);
  const [target, other] = customer.accountIds as [string, string];
  await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await expect(page).toHaveURL(/\/consent\/pin$/);

  const pin = page.getByLabel('照会用暗証番号', { exact: true });
  await page.getByRole('radio', { name: await fixtureAccountText(target) }).check();
  await pin.fill('12');
  await page.getByRole('button', { name: '登録' }).click();
  await expect(pin).toHaveAccessibleDescription(/照会用暗証番号は数字4桁で入力してください。/);
  expect((await accountRow(target)).pinFailedCount).toBe(0);

  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByRole('radio', { name: await fixtureAccountText(target) }).check();
    await pin.fill('0000');
    await page.getByRole('button', { name: '登録' }).click();
    await expect(formAlert(page)).toHaveText(
      `照会用暗証番号が正しくありません。あと${5 - attempt}回誤ると、この口座の登録を停止します。`,
    );
    await expect(pin).toHaveValue('');
  }
  await page.getByRole('radio', { name: await fixtureAccountText(target) }).check();
  await pin.fill('0000');
  await page.getByRole('button', { name: '登録' }).click();
  await expect(formAlert(page)).toContainText('この口座の登録を停止しました');
  expect((await accountRow(target)).pinLockedAt).not.toBeNull();
  await expect(page.getByRole('radio', { name: await fixtureAccountText(target) })).toBeDisabled();

  // The other account still registers with the right PIN.
  await page.getByRole('radio', { name: await fixtureAccountText(other) }).check();
  await pin.fill('1357');
  await page.getByRole('button', { name: '登録' }).click();
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await expect(page.getByText('※照会用暗証番号の誤りが規定回数に達した口座は登録できません。当組合までお問い合わせください。')).toBeVisible();
  expect((await accountRow(other)).pinFailedCount).toBe(0);
});
