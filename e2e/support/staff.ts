// A console page of its own, logged in as a staff member (the landing page shows).
import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

export async function staffPage(browser: Browser, loginId: string, password: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto('/admin/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('ログインパスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: '連携の照会・解除' })).toBeVisible();
  return page;
}
