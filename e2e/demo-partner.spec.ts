// 「デモ会計」, the demo partner app, as a customer meets it: it sends the browser into the
// real consent journey, gets the code back on http://localhost:4000/callback, exchanges it
// and shows the linked accounts and their transactions; 「連携を解除」 ends the linkage at
// the bank, and the very next API call with the old token is refused with 401.
import { and, desc, eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { grants, partners, users } from '@/db/schema';
import { E2E_ORIGIN } from '../playwright.config';
import { e2eDb } from './support/db';
import { sharedDemoPartnerApp, walkJourneyAsTsunagu01 } from './support/demo-partner-app';

// demo-kaikei is registered with http://localhost:4000/callback; another port is registered
// here first, for machines where a demo already holds 4000.
const app = sharedDemoPartnerApp(Number(process.env.DEMO_PARTNER_PORT || 4000), 'demo-kaikei');
const PARTNER = app.origin;

test('the demo partner links tsunagu01 through the real journey and shows its transactions', async () => {
  const page = app.page();
  await page.goto(PARTNER);
  await expect(page.getByRole('heading', { name: 'デモ会計' })).toBeVisible();
  await page.getByRole('link', { name: '銀行口座を連携する' }).click();

  await expect(page).toHaveURL(new RegExp(`^${E2E_ORIGIN}/consent/`));
  await expect(page.getByText('デモ会計（デモ会計株式会社）')).toBeVisible();
  await walkJourneyAsTsunagu01(page);

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
  const page = app.page();
  await page.goto(PARTNER);
  await page.getByRole('button', { name: '連携を解除' }).click();

  await expect(page).toHaveURL(`${PARTNER}/`);
  await expect(page.getByRole('status')).toContainText('連携を解除しました。');
  await expect(page.getByRole('status')).toContainText('HTTP 401（invalid_token）');
  await expect(page.getByRole('link', { name: '銀行口座を連携する' })).toBeVisible();

  const db = e2eDb();
  const kaikei = (await db.select().from(partners).where(eq(partners.clientId, 'demo-kaikei')).limit(1))[0]!;
  const customer = (await db.select().from(users).where(eq(users.loginId, 'tsunagu01')).limit(1))[0]!;
  const latest = (await db
    .select()
    .from(grants)
    .where(and(eq(grants.partnerId, kaikei.id), eq(grants.userId, customer.id)))
    .orderBy(desc(grants.createdAt))
    .limit(1))[0]!;
  expect(latest.revokedReason).toBe('partner_revoked');
});
