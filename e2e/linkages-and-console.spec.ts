import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { companies } from '@/db/schema';
import { e2eDb } from './support/db';
import { newCustomer, type FixtureCustomer } from './support/fixtures';
import { approve, logIn } from './support/journey';
import { exchangeCode, startJourney } from './support/oauth';

// After the journey: sharing stops when the customer stops it on their own page, or when
// staff stop it because the customer phoned the credit union; staff also unlock users.

async function linkWithDemoFeed(page: Page, request: APIRequestContext, customer: FixtureCustomer): Promise<string> {
  const journey = await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await approve(page);
  const callback = await journey.callback;
  const tokens = await (await exchangeCode(request, journey, callback.searchParams.get('code')!)).json();
  expect(typeof tokens.access_token).toBe('string');
  return tokens.access_token;
}

async function accountsStatus(request: APIRequestContext, accessToken: string): Promise<number> {
  return (await request.get('/api/v1/accounts', { headers: { authorization: `Bearer ${accessToken}` } })).status();
}

async function staffPage(browser: Browser, loginId: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('ログインパスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: '連携の照会・解除' })).toBeVisible();
  return page;
}

async function companyName(customer: FixtureCustomer): Promise<string> {
  return (await e2eDb().select().from(companies).where(eq(companies.id, customer.companyId)).limit(1))[0]!.name;
}

test('the customer stops a linkage on their own page and the partner loses access at once', async ({ page, browser, request }) => {
  const customer = await newCustomer([{ registered: true }]);
  const accessToken = await linkWithDemoFeed(page, request, customer);
  expect(await accountsStatus(request, accessToken)).toBe(200);

  const own = await (await browser.newContext()).newPage();
  await own.goto('/linkages');
  await expect(own).toHaveURL(/\/linkages\/login$/);
  await own.getByLabel('ログインID').fill(customer.loginId);
  await own.getByLabel('ログインパスワード').fill(customer.password);
  await own.getByRole('button', { name: 'ログイン' }).click();

  const item = own.getByRole('listitem').filter({ hasText: 'デモ明細フィード（デモフィード株式会社）' });
  await expect(item).toContainText('連携中');
  await item.getByRole('link', { name: '連携を停止' }).click();
  await own.getByRole('button', { name: '停止する' }).click();
  await expect(own.getByRole('status')).toContainText('連携を停止しました');
  await expect(own.getByRole('listitem').filter({ hasText: 'デモ明細フィード' })).toContainText('停止済み');
  expect(await accountsStatus(request, accessToken)).toBe(401);
});

test('staff revoke a linkage when the customer phones in; an auditor may only look', async ({ page, browser, request }) => {
  const customer = await newCustomer([{ registered: true }]);
  const accessToken = await linkWithDemoFeed(page, request, customer);
  const name = await companyName(customer);

  const auditor = await staffPage(browser, 'auditor', 'Auditor#2026-tsunagu');
  await auditor.getByLabel('法人名・ログインID・連携先で検索').fill(name);
  await auditor.getByRole('button', { name: '検索' }).click();
  await expect(auditor.getByRole('row').filter({ hasText: name })).toBeVisible();
  await expect(auditor.getByRole('button', { name: '連携を解除' })).toHaveCount(0);

  const admin = await staffPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByLabel('法人名・ログインID・連携先で検索').fill(name);
  await admin.getByRole('button', { name: '検索' }).click();
  await admin.getByRole('row').filter({ hasText: name }).getByRole('button', { name: '連携を解除' }).click();
  await expect(admin.getByRole('status')).toHaveText('処理が完了しました。');
  expect(await accountsStatus(request, accessToken)).toBe(401);

  await admin.getByRole('link', { name: '監査ログ' }).click();
  await admin.getByLabel('イベント', { exact: true }).selectOption({ label: '職員による連携解除' });
  await admin.getByRole('button', { name: '絞り込み' }).click();
  await expect(admin.getByRole('row').filter({ hasText: 'admin.linkage_revoked' }).first()).toBeVisible();
});

test('a customer locked by wrong passwords can log in again only after staff unlock them', async ({ page, browser }) => {
  const customer = await newCustomer([{ registered: true }]);
  await page.goto('/linkages/login');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('ログインID').fill(customer.loginId);
    await page.getByLabel('ログインパスワード').fill('wrong-password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(page.getByText(attempt < 5 ? 'ログインIDまたはログインパスワードが正しくありません' : '当組合までお問い合わせください')).toBeVisible();
  }
  await page.getByLabel('ログインパスワード').fill(customer.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByText('当組合までお問い合わせください')).toBeVisible();

  const admin = await staffPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByRole('link', { name: 'ロック解除' }).click();
  await admin.getByRole('row').filter({ hasText: customer.loginId }).getByRole('button', { name: 'ロック解除' }).click();
  await expect(admin.getByRole('status')).toHaveText('処理が完了しました。');

  await page.getByLabel('ログインパスワード').fill(customer.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: '連携中のサービス' })).toBeVisible();
});

test('console pages need a staff login and send the anti-framing headers', async ({ request }) => {
  const response = await request.get('/admin/audit', { maxRedirects: 0 });
  expect([303, 307]).toContain(response.status());
  expect(response.headers()['location']).toContain('/admin/login');
  const login = await request.get('/admin/login');
  expect(login.headers()['x-frame-options']).toBe('DENY');
  expect(login.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(login.headers()['cache-control']).toContain('no-store');
});
