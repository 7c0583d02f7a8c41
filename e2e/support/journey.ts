// Steps of the consent journey as a customer does them: by role and Japanese name.
import { expect, type Locator, type Page } from '@playwright/test';

export async function logIn(page: Page, loginId: string, password: string) {
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('ログインパスワード').fill(password);
  await page.getByRole('button', { name: 'API連携' }).click();
}

export async function registerPin(page: Page, accountText: string, pin: string) {
  await expect(page).toHaveURL(/\/consent\/pin$/);
  await page.getByRole('radio', { name: accountText }).check();
  await page.getByLabel('照会用暗証番号', { exact: true }).fill(pin);
  await page.getByRole('button', { name: '登録' }).click();
}

export async function approve(page: Page) {
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await page.getByRole('checkbox', { name: '認可手続きを継続する' }).check();
  await page.getByRole('button', { name: '許可' }).click();
}

export const DEMO_PASSWORD = 'Tsunagu#2026';

/** The form's own message (Next.js's route announcer is an alert too, outside <main>). */
export function formAlert(page: Page): Locator {
  return page.getByRole('main').getByRole('alert');
}
