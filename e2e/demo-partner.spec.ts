// 「デモ会計」, the demo partner app, as a customer meets it: it sends the browser into the
// real consent journey, gets the code back on http://localhost:4000/callback, exchanges it
// and shows the linked accounts and their transactions; 「連携を解除」 ends the linkage at
// the bank, and the very next API call with the old token is refused with 401.
import { spawn, type ChildProcess } from 'node:child_process';
import { and, desc, eq } from 'drizzle-orm';
import { expect, test, type Page } from '@playwright/test';
import { grants, partners, users } from '@/db/schema';
import { E2E_ORIGIN } from '../playwright.config';
import { e2eDb } from './support/db';
import { approve, DEMO_PASSWORD, logIn } from './support/journey';
import { restoreDemoPinRegistrations } from './support/fixtures';

// demo-kaikei is registered with http://localhost:4000/callback; another port is registered
// here first, for machines where a demo already holds 4000.
const PARTNER_PORT = Number(process.env.DEMO_PARTNER_PORT || 4000);
const PARTNER = `http://localhost:${PARTNER_PORT}`;
let partnerApp: ChildProcess | undefined;
// One browser session for both tests: the partner app keeps its tokens in that session.
let page: Page;

test.describe.configure({ mode: 'serial' });

// This spec registers PINs for tsunagu01; leave the demo state for the specs after it.
test.afterAll(() => restoreDemoPinRegistrations());

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const db = e2eDb();
  const kaikei = db.select().from(partners).where(eq(partners.clientId, 'demo-kaikei')).get()!;
  if (!kaikei.redirectUris.includes(`${PARTNER}/callback`)) {
    db.update(partners).set({ redirectUris: [...kaikei.redirectUris, `${PARTNER}/callback`] }).where(eq(partners.id, kaikei.id)).run();
  }
  partnerApp = spawn(process.execPath, ['--import', 'tsx', 'demo-partner/server.ts'], {
    env: { ...process.env, PORT: String(PARTNER_PORT), BANK_ORIGIN: E2E_ORIGIN },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(PARTNER).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the demo partner app did not start on ${PARTNER}`);
});

test.afterAll(async () => {
  partnerApp?.kill('SIGTERM');
  await page.close();
});

/** Walks whatever steps the journey shows (earlier specs may have registered PINs already). */
async function walkJourney() {
  await logIn(page, 'tsunagu01', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/consent\/(operations|pin|pin-result|grant)$/);
  if (page.url().endsWith('/consent/operations')) {
    await expect(page.getByRole('checkbox', { name: '入出金明細照会' })).toBeChecked();
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page).toHaveURL(/\/consent\/(pin|grant)$/);
  }
  if (page.url().endsWith('/consent/pin')) {
    const account = page.getByRole('radio').first();
    await account.check();
    await page.getByLabel('照会用暗証番号', { exact: true }).fill('1357');
    await page.getByRole('button', { name: '登録' }).click();
    await expect(page).toHaveURL(/\/consent\/pin-result$/);
  }
  if (page.url().endsWith('/consent/pin-result')) await page.getByRole('button', { name: '確認' }).click();
  await approve(page);
}

test('the demo partner links tsunagu01 through the real journey and shows its transactions', async () => {
  await page.goto(PARTNER);
  await expect(page.getByRole('heading', { name: 'デモ会計' })).toBeVisible();
  await page.getByRole('link', { name: '銀行口座を連携する' }).click();

  await expect(page).toHaveURL(new RegExp(`^${E2E_ORIGIN}/consent/`));
  await expect(page.getByText('デモ会計（デモ会計株式会社）')).toBeVisible();
  await walkJourney();

  await expect(page).toHaveURL(`${PARTNER}/`);
  await expect(page.getByRole('status')).toHaveText('つなぐ信用組合の口座を連携しました。');
  await expect(page.getByText(/^連携の有効期限: \d{4}年\d{1,2}月\d{1,2}日$/)).toBeVisible();
  const account = page.getByRole('row', { name: /インターネット支店（202） 普通 2222222/ });
  await expect(account.getByRole('cell').nth(1)).toHaveText(/^[\d,]+円/);

  await account.getByRole('link', { name: '入出金明細を見る' }).click();
  await expect(page.getByRole('heading', { name: /入出金明細 — インターネット支店（202） 普通 2222222/ })).toBeVisible();
  await expect(page.getByText(/1ページ目（20件）/)).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(21);
  await expect(rows.nth(1).getByRole('cell').nth(3)).toHaveText(/^[\uff61-\uff9f0-9A-Z ()]+$/);
  const firstItem = await rows.nth(1).textContent();

  await page.getByRole('link', { name: '次のページ' }).click();
  await expect(page.getByText(/2ページ目（\d+件）/)).toBeVisible();
  await expect(page.getByRole('table').getByRole('row').nth(1)).not.toHaveText(firstItem!);
});

test('「連携を解除」 ends the linkage at the bank and the next API call fails with 401', async () => {
  await page.goto(PARTNER);
  await page.getByRole('button', { name: '連携を解除' }).click();

  await expect(page).toHaveURL(`${PARTNER}/`);
  await expect(page.getByRole('status')).toContainText('連携を解除しました。');
  await expect(page.getByRole('status')).toContainText('HTTP 401（invalid_token）');
  await expect(page.getByRole('link', { name: '銀行口座を連携する' })).toBeVisible();

  const db = e2eDb();
  const kaikei = db.select().from(partners).where(eq(partners.clientId, 'demo-kaikei')).get()!;
  const customer = db.select().from(users).where(eq(users.loginId, 'tsunagu01')).get()!;
  const latest = db
    .select()
    .from(grants)
    .where(and(eq(grants.partnerId, kaikei.id), eq(grants.userId, customer.id)))
    .orderBy(desc(grants.createdAt))
    .get()!;
  expect(latest.revokedReason).toBe('partner_revoked');
});
