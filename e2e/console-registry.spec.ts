import fs from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { partnerChangeRequests } from '@/db/schema';
import { e2eDb } from './support/db';
import { approve, logIn, DEMO_PASSWORD } from './support/journey';
import { authorizeUrl } from './support/oauth';
import { staffPage } from './support/staff';

// The credit union's console registers a partner under the two-person rule: admin proposes,
// admin2 approves and sees the client secret once, and the partner then runs a real journey
// and token exchange with it. Production build: only https redirect URIs are accepted.

const SHOTS = '/tmp/shots-reg';
const CALLBACK = 'https://e2e-partner.example/callback';
const SERVICE = `E2E会計 ${randomBytes(3).toString('hex')}`;
const REGISTRATION_NUMBER = '関東財務局長（電代）第77号';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function fillRegistration(page: Page, companyName: string) {
  // Filled only once React runs (the button waits for it), so hydration keeps the values.
  await expect(page.getByRole('button', { name: '登録を申請する' })).toBeEnabled();
  await page.getByLabel('提供会社名').fill(companyName);
  await page.getByLabel('サービス名').fill(SERVICE);
  await page.getByLabel('ウェブサイト（https）').fill('https://www.e2e-partner.example/');
  await page.getByLabel('電子決済等代行業者登録番号（任意）').fill(REGISTRATION_NUMBER);
  await page.getByLabel('リダイレクトURI（1行に1つ）').fill(CALLBACK);
  for (const scope of ['口座一覧照会', '残高照会', '入出金明細照会']) await page.getByRole('checkbox', { name: scope }).check();
  await page.getByLabel('認可期間（日数、1〜365）').fill('30');
}

test('admin registers a partner, admin2 approves and sees the secret once, and the partner gets tokens with it', async ({ browser, page, request }) => {
  const admin = await staffPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByRole('link', { name: 'API連携先' }).click();
  await admin.getByRole('link', { name: '連携先を登録' }).click();
  await fillRegistration(admin, '株式会社E2Eパートナー');
  // Production refuses http://localhost before anything is stored.
  await admin.getByLabel('リダイレクトURI（1行に1つ）').fill('http://localhost:4000/callback');
  await admin.getByRole('button', { name: '登録を申請する' }).click();
  await expect(admin.getByText('リダイレクトURIは https:// で始まる必要があります')).toBeVisible();
  await admin.getByLabel('リダイレクトURI（1行に1つ）').fill(CALLBACK);
  await shot(admin, 'register-form');
  await admin.getByRole('button', { name: '登録を申請する' }).click();
  await expect(admin.getByRole('status')).toHaveText('申請しました。別の管理者の承認をお待ちください。');
  const row = admin.getByRole('row').filter({ hasText: SERVICE });
  await expect(row).toContainText('新規登録');
  // The proposer cannot approve their own registration (the server says so).
  await row.getByRole('button', { name: '承認' }).click();
  await expect(row.getByRole('alert')).toContainText('ご自身が申請した変更は');

  const admin2 = await staffPage(browser, 'admin2', 'Admin2#2026-tsunagu');
  await admin2.getByRole('link', { name: '承認待ち' }).click();
  const pending = admin2.getByRole('row').filter({ hasText: SERVICE });
  const clientId = (await pending.locator('.font-mono').first().textContent())!.trim();
  await pending.getByRole('button', { name: '承認' }).click();
  const secret = (await admin2.getByTestId('revealed-value').textContent())!.trim();
  expect(secret.length).toBeGreaterThanOrEqual(43);
  await shot(admin2, 'approval-secret-once');
  await admin2.reload();
  await expect(admin2.getByTestId('revealed-value')).toHaveCount(0);
  await expect(admin2.getByText(secret)).toHaveCount(0);
  await expect(admin2.getByRole('row').filter({ hasText: SERVICE })).toHaveCount(0);

  // The new partner's journey with tsunagu02 (no PIN steps) and its token exchange.
  const codeVerifier = randomBytes(32).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  let reached!: (url: URL) => void;
  const callback = new Promise<URL>((resolve) => (reached = resolve));
  await page.route('https://e2e-partner.example/**', async (route) => {
    reached(new URL(route.request().url()));
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>partner</title>' });
  });
  await page.goto(authorizeUrl(clientId, { redirect_uri: CALLBACK, state: 's1', code_challenge: codeChallenge }));
  await logIn(page, 'tsunagu02', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/consent\/grant$/);
  await expect(page.getByTestId('partner-registration-number')).toContainText(REGISTRATION_NUMBER);
  await shot(page, 'journey-step5-registration-number');
  await approve(page);
  const code = (await callback).searchParams.get('code')!;
  await page.waitForURL(/^https:\/\/e2e-partner\.example\/callback/);
  const token = await request.post('/oauth/token', {
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    form: { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: codeVerifier },
  });
  expect(token.status()).toBe(200);
  const tokens = await token.json();
  expect((await request.get('/api/v1/accounts', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status()).toBe(200);

  // The public notice lists it with its registration number.
  await page.goto('/');
  await expect(page.getByRole('row').filter({ hasText: SERVICE })).toContainText(REGISTRATION_NUMBER);
});

test('an auditor sees the registry and the pending list, and the server refuses their changes', async ({ browser }) => {
  const auditor = await staffPage(browser, 'auditor', 'Auditor#2026-tsunagu');
  await auditor.getByRole('link', { name: 'API連携先' }).click();
  await expect(auditor.getByRole('row').filter({ hasText: 'デモ会計' }).first()).toBeVisible();
  await expect(auditor.getByRole('button', { name: '利用停止' })).toHaveCount(0);
  await shot(auditor, 'partners-auditor');
  await auditor.getByRole('link', { name: '承認待ち' }).click();
  await expect(auditor.getByRole('heading', { name: '承認待ちの申請' })).toBeVisible();
  await expect(auditor.getByRole('button', { name: '承認' })).toHaveCount(0);

  // The form is reachable by URL; submitting it as an auditor is refused on the server.
  const before = (await e2eDb().select().from(partnerChangeRequests)).length;
  await auditor.goto('/admin/partners/new');
  await fillRegistration(auditor, '株式会社監査による申請');
  await auditor.getByRole('button', { name: '登録を申請する' }).click();
  await expect(auditor.getByRole('main').getByRole('alert')).toHaveText('この操作は受け付けられません。管理者の権限が必要です。');
  expect((await e2eDb().select().from(partnerChangeRequests)).length).toBe(before);
});

test('staff pages: a new member must change the temporary password before anything else', async ({ browser }) => {
  const admin = await staffPage(browser, 'admin', 'Admin#2026-tsunagu');
  await admin.getByRole('link', { name: '職員' }).click();
  const loginId = `e2e-${randomBytes(3).toString('hex')}`;
  await expect(admin.getByRole('button', { name: '追加する' })).toBeEnabled();
  await admin.getByLabel('ログインID').fill(loginId);
  await admin.getByLabel('氏名').fill('試験 花子');
  await admin.getByRole('button', { name: '追加する' }).click();
  const temporary = (await admin.getByTestId('revealed-value').textContent())!.trim();
  await shot(admin, 'staff-created');

  const member = await (await browser.newContext()).newPage();
  await member.goto('/admin/login');
  await member.getByLabel('ログインID').fill(loginId);
  await member.getByLabel('ログインパスワード').fill(temporary);
  await member.getByRole('button', { name: 'ログイン' }).click();
  await expect(member).toHaveURL(/\/admin\/password$/);
  await member.goto('/admin/partners');
  await expect(member).toHaveURL(/\/admin\/password$/);
  await expect(member.getByRole('button', { name: '変更する' })).toBeEnabled();
  await member.getByLabel('現在のパスワード').fill(temporary);
  await member.getByLabel('新しいパスワード', { exact: true }).fill('E2E#2026-newpass');
  await member.getByLabel('新しいパスワード（確認）').fill('E2E#2026-newpass');
  await shot(member, 'change-password');
  await member.getByRole('button', { name: '変更する' }).click();
  await expect(member.getByRole('heading', { name: '連携の照会・解除' })).toBeVisible();
});
