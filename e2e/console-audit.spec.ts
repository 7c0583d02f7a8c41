import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { companies } from '@/db/schema';
import { jstDate } from '@/lib/jst';
import { e2eDb } from './support/db';
import { newCustomer, type FixtureCustomer } from './support/fixtures';
import { approve, logIn } from './support/journey';
import { exchangeCode, startJourney } from './support/oauth';
import { staffPage } from './support/staff';

// The console's audit trail, CSV export and overview, as an administrator and as an auditor.
const SHOTS = '/tmp/shots-audit';

async function linkAndRead(page: Page, request: APIRequestContext, customer: FixtureCustomer, reads: number): Promise<void> {
  const journey = await startJourney(page, 'demo-feed');
  await logIn(page, customer.loginId, customer.password);
  await approve(page);
  const callback = await journey.callback;
  const tokens = await (await exchangeCode(request, journey, callback.searchParams.get('code')!)).json();
  for (let i = 0; i < reads; i++) {
    expect((await request.get('/api/v1/accounts', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status()).toBe(200);
  }
}

const auditPage = (browser: Browser, loginId: string, password: string) => staffPage(browser, loginId, password, { acceptDownloads: true, viewport: { width: 1400, height: 900 } });

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test('filters narrow the audit trail and the CSV holds exactly the rows on screen', async ({ page, browser, request }) => {
  const customer = await newCustomer([{ registered: true }]);
  await linkAndRead(page, request, customer, 3);
  const name = (await e2eDb().select().from(companies).where(eq(companies.id, customer.companyId)).limit(1))[0]!.name;

  const admin = await auditPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByRole('link', { name: '監査ログ' }).click();
  await expect(admin.getByRole('heading', { name: '監査ログ' })).toBeVisible();
  const body = admin.locator('tbody tr');
  const unfiltered = await body.count();
  expect(unfiltered).toBeGreaterThan(3);

  await admin.getByLabel('法人名またはログインID').fill(customer.loginId);
  await admin.getByRole('button', { name: '絞り込み' }).click();
  await expect(admin).toHaveURL(/who=/);
  await expect(body.first()).toContainText(name);
  const byCompany = await body.count();
  for (const text of await body.allInnerTexts()) expect(text).toContain(name);

  await admin.getByLabel('イベント', { exact: true }).selectOption({ label: '口座情報API照会' });
  await admin.getByLabel('結果').selectOption({ label: '成功' });
  await admin.getByRole('button', { name: '絞り込み' }).click();
  await expect(admin).toHaveURL(/event=api\.read/);
  await expect(body).toHaveCount(3);
  expect(byCompany).toBeGreaterThan(3);
  for (const text of await body.allInnerTexts()) expect(text).toMatch(/口座情報API照会[\s\S]*成功[\s\S]*デモ明細フィード/);
  await expect(body.first()).toContainText(customer.loginId);
  await admin.screenshot({ path: `${SHOTS}/audit-filtered.png`, fullPage: true });

  const firstCells = await body.first().locator('td').allInnerTexts();
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'CSVダウンロード', exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{6}\.csv$/);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  expect(records).toHaveLength(1 + 3);
  const first = records[1]!.split(',');
  expect(first[1]).toBe(firstCells[0]); // time (JST)
  expect(first[2]).toBe('口座情報API照会');
  expect(first[4]).toBe('成功');
  expect(first[5]).toBe(name);
  expect(first[6]).toBe(customer.loginId);

  await admin.getByRole('row').nth(1).getByRole('link', { name: '履歴' }).click();
  await expect(admin.getByRole('heading', { name: '連携の履歴' })).toBeVisible();
  await expect(admin.getByText('3件')).toBeVisible();
  await admin.screenshot({ path: `${SHOTS}/linkage-history.png`, fullPage: true });
});

test('the overview draws API reads per day as an SVG chart with the same numbers in a table', async ({ page, browser, request }) => {
  const customer = await newCustomer([{ registered: true }]);
  await linkAndRead(page, request, customer, 2);
  const admin = await auditPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByRole('link', { name: '概況' }).click();
  const chart = admin.getByRole('img', { name: '口座情報APIの日別照会件数' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect')).toHaveCount(30);
  const today = jstDate();
  const row = admin.getByRole('row', { name: today });
  const reads = Number((await row.getByRole('cell').innerText()).replace(/[^\d]/g, ''));
  expect(reads).toBeGreaterThanOrEqual(2);
  expect(Number(await chart.locator(`[data-bar="${today}"] rect`).getAttribute('height'))).toBeGreaterThan(0);
  await expect(admin.getByRole('row').filter({ hasText: 'デモ明細フィード' })).toContainText(/[1-9]\d*件/);
  await admin.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
});

test('an auditor reads the trail, exports it and sees the overview, with no control that changes anything', async ({ browser }) => {
  const auditor = await auditPage(browser, 'auditor', 'Auditor#2026-tsunagu');
  await expect(auditor.getByRole('button', { name: '連携を解除' })).toHaveCount(0);
  await auditor.getByRole('link', { name: '監査ログ' }).click();
  await expect(auditor.getByRole('heading', { name: '監査ログ' })).toBeVisible();
  await expect(auditor.locator('tbody tr').first()).toBeVisible();
  const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('link', { name: 'CSVダウンロード（和暦）' }).click()]);
  expect(fs.readFileSync(await download.path(), 'utf8')).toMatch(/\r\n\d+,令和\d+年\d+月\d+日 \d{2}:\d{2}:\d{2},/);
  // The trail now shows this very export, written by the auditor.
  await auditor.getByLabel('イベント', { exact: true }).selectOption({ label: '監査ログのCSV出力' });
  await auditor.getByRole('button', { name: '絞り込み' }).click();
  await expect(auditor).toHaveURL(/event=audit\.exported/);
  await expect(auditor.locator('tbody tr').first()).toContainText('監査担当');
  await auditor.screenshot({ path: `${SHOTS}/audit-auditor.png`, fullPage: true });
  const buttons = async () => (await auditor.getByRole('button').allInnerTexts()).filter((b) => b !== 'ログアウト' && b !== '絞り込み');
  expect(await buttons()).toEqual([]);
  await auditor.getByRole('link', { name: '概況' }).click();
  await expect(auditor.getByRole('img', { name: '口座情報APIの日別照会件数' })).toBeVisible();
  expect(await buttons()).toEqual([]);
});

test('the CSV export needs a staff login', async ({ request }) => {
  const response = await request.get('/admin/audit/export', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()['location']).toContain('/admin/login');
});
